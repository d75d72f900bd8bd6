#pragma once

// How to talk to each exchange's public liquidation stream: the URL, the subscription, the
// keepalive and the longest a connection may live. Qt-free; stream/ (the WebSocket transport)
// follows the plan. Rules and sources: docs/LIVE.md "Liquidation streams".

#include "liqheat/model/exchange.h"
#include "liqheat/model/result.h"
#include "liqheat/model/time.h"

#include <string>
#include <vector>

namespace liqheat {

/// "wss://fstream.binance.com/market", "wss://stream.bybit.com/v5/public/linear",
/// "wss://ws.okx.com:8443/ws/v5/public".
std::string defaultStreamUrl(Exchange exchange);
/// "LIQHEAT_BINANCE_STREAM_URL", "LIQHEAT_BYBIT_STREAM_URL", "LIQHEAT_OKX_STREAM_URL".
std::string streamUrlVariable(Exchange exchange);
/// `override` when given, else the environment variable, else the default; must be ws(s)://,
/// a trailing slash is dropped.
Result<std::string> resolveStreamUrl(Exchange exchange, const std::string& override = {});

struct StreamPlan {
    Exchange exchange = Exchange::Binance;
    std::string url;                     ///< what to open
    std::vector<std::string> subscribe;  ///< text frames to send once connected
    /// The client's keepalive text frame; empty when the server pings (Binance: a ping frame every
    /// 3 min, answered by the WebSocket layer).
    std::string ping;
    int pingIntervalMs = 0;       ///< Bybit: every 20 s; OKX: after this long without a message
    bool pingOnlySilent = false;  ///< OKX: ping only when nothing arrived for pingIntervalMs
    int pongTimeoutMs = 0;        ///< no message this long after a ping: reconnect
    TimeMs maxConnectionMs = 0;   ///< reconnect before the server's forced disconnect
};

/// The plan for liquidation orders of `symbols` (canonical, e.g. "BTCUSDT") at `baseUrl`
/// (resolved): Binance per-symbol forceOrder streams in the combined envelope, Bybit
/// allLiquidation.{symbol}, OKX liquidation-orders of all swaps (filtered by the parser).
Result<StreamPlan> planStream(Exchange exchange, const std::string& baseUrl, const std::vector<std::string>& symbols);

}  // namespace liqheat
