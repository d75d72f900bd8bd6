#pragma once

#include "liqheat/live/http_client.h"
#include "liqheat/model/exchange.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// The public REST base URL, e.g. "https://fapi.binance.com".
std::string defaultBaseUrl(Exchange exchange);
/// "LIQHEAT_BINANCE_URL", "LIQHEAT_BYBIT_URL", "LIQHEAT_OKX_URL".
std::string baseUrlVariable(Exchange exchange);
/// `override` when given, else the environment variable, else the default; must be http(s)://,
/// a trailing slash is dropped.
Result<std::string> resolveBaseUrl(Exchange exchange, const std::string& override = {});

/// "BTCUSDT", "btcusdt", "BTC-USDT", "BTC/USDT", "BTC-USDT-SWAP" -> "BTCUSDT" (quote USDT, USDC or
/// USD).
Result<std::string> canonicalSymbol(const std::string& text);
/// The exchange's own instrument name: "BTCUSDT" on Binance and Bybit, "BTC-USDT-SWAP" on OKX.
Result<std::string> exchangeSymbol(Exchange exchange, const std::string& canonical);

/// Candle intervals the exchange serves: Ok, or an error listing the ones it has.
Status checkInterval(Exchange exchange, TimeMs intervalMs);
/// The period of open interest and ratio statistics for a candle interval: the largest of
/// 5m, 15m, 30m, 1h, 4h, 1d (offered by all three exchanges) not above the interval, at least 5m.
TimeMs statisticsPeriod(TimeMs candleIntervalMs);

/// The latest mark price and funding of one exchange.
struct Ticker {
    double markPrice = 0.0;
    double fundingRate = 0.0;  ///< the current (predicted) rate of the next settlement
    TimeMs nextFundingTime = 0;
    TimeMs time = 0;  ///< when the exchange stated it
};

/// One exchange, one symbol, the span [from, to).
struct ExchangeFetchSpec {
    std::string symbol;     ///< canonical, e.g. "BTCUSDT"
    TimeMs intervalMs = 0;  ///< candle interval
    TimeMs from = 0;
    TimeMs to = 0;
    TimeMs now = 0;            ///< the present, for history limits (0: the system clock)
    std::string baseUrl;       ///< resolved, e.g. "https://fapi.binance.com"
    bool paceRequests = true;  ///< keep under the exchange's per-endpoint request budgets
};

/// Everything fetched from one exchange, normalised: oldest first, numbers parsed, open interest
/// and volume in base units (OKX contracts times ctVal), symbol canonical.
struct ExchangeData {
    MarketData data;
    Ticker ticker;
    std::vector<std::string> notes;  ///< e.g. history the exchange does not keep
    std::size_t requests = 0;
};

/// Told of each page and of each finished endpoint (`stepDone`); returning false cancels.
using ExchangeProgress = std::function<bool(const std::string& message, bool stepDone)>;

/// How many endpoints (progress steps) a fetch from `exchange` has.
int exchangeFetchSteps(Exchange exchange);

/// Fetches candles, open interest, funding history, long/short account ratio, taker buy/sell
/// ratio (Binance, OKX) and the ticker, paginating to cover the span. Errors start with the
/// exchange's name and name the endpoint, and the field when a response is malformed.
Result<ExchangeData> fetchExchange(Exchange exchange, HttpClient& http, const ExchangeFetchSpec& spec,
                                   const ExchangeProgress& progress = {});

/// OKX: the contract size (ctVal x ctMult, base units per contract) of the linear swap of
/// canonical `symbol`, from /api/v5/public/instruments; the liquidation stream sends contracts.
Result<double> fetchOkxContractSize(HttpClient& http, const std::string& baseUrl, const std::string& symbol);

}  // namespace liqheat
