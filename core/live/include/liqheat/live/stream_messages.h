#pragma once

// Parsers of the public liquidation streams' messages (Binance !forceOrder@arr, Bybit
// allLiquidation.{symbol}, OKX liquidation-orders). Qt-free: the WebSocket transport lives in
// stream/ and hands each text frame to parseStreamMessage(). Conventions, units and sources are in
// docs/LIVE.md "Liquidation streams".

#include "liqheat/model/exchange.h"
#include "liqheat/model/liquidation_order.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liqheat {

/// A message that carries no orders: the answer to a keepalive, a subscription, or a problem.
struct StreamControl {
    enum class Kind {
        Pong,          ///< Bybit {"op":"ping","ret_msg":"pong"}, OKX text "pong"
        SubscribeAck,  ///< Binance {"result":null,"id":n}, Bybit success, OKX "event":"subscribe"
        Error,         ///< the exchange refused something; `text` says what
        Notice,        ///< OKX 64008: the server closes soon for an upgrade; reconnect
    };
    Kind kind = Kind::Pong;
    std::string text;
};

/// One text frame, parsed: orders (possibly none) or a control message.
struct StreamMessage {
    std::vector<LiquidationOrder> orders;
    std::optional<StreamControl> control;
    std::size_t skipped = 0;  ///< OKX orders of instruments without a known contract size
};

/// OKX contract sizes (ctVal x ctMult, base units per contract) by instId, e.g.
/// {"BTC-USDT-SWAP", 0.01}; the liquidation-orders channel sends sizes in contracts.
using ContractSizes = std::map<std::string, double>;

/// Binance USD-M forceOrder event, raw or in the combined-stream envelope {"stream","data"}.
/// o.S SELL (a sell closes a long) -> Long; quantity o.z (filled), price o.ap (average fill).
Result<StreamMessage> parseBinanceStreamMessage(std::string_view text);
/// Bybit v5 allLiquidation.{symbol} (and the retired liquidation.{symbol}). S is the position
/// side: Buy -> Long; quantity v, price p (bankruptcy price).
Result<StreamMessage> parseBybitStreamMessage(std::string_view text);
/// OKX v5 liquidation-orders: posSide long/short, or for "net" side sell -> Long; quantity
/// sz x contract size, price bkPx. Orders of instruments missing from `sizes` are skipped.
Result<StreamMessage> parseOkxStreamMessage(std::string_view text, const ContractSizes& sizes);

/// The parser of `exchange`; `sizes` is used for OKX only.
Result<StreamMessage> parseStreamMessage(Exchange exchange, std::string_view text, const ContractSizes& sizes = {});

/// `series` with each order's USD added to its side in the interval it falls in: intervals of
/// `series.intervalMs` (else `intervalMs`) aligned to the epoch, a missing interval inserted in
/// time order. The live chart adds streamed orders to the realized liquidations with this.
LiquidationSeries addOrders(LiquidationSeries series, const std::vector<LiquidationOrder>& orders, TimeMs intervalMs);

}  // namespace liqheat
