#pragma once

#include "liqheat/model/result.h"
#include "liqheat/model/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace liqheat {

/// OHLC(V) candles; `volume` is empty when the source has none.
struct CandleSeries {
    std::vector<TimeMs> time;  ///< candle open time
    std::vector<double> open, high, low, close, volume;

    [[nodiscard]] std::size_t size() const { return time.size(); }
    [[nodiscard]] bool empty() const { return time.empty(); }
    [[nodiscard]] bool hasVolume() const { return !volume.empty(); }
};

/// Open interest. `base` (contracts in base units, e.g. BTC) and `quote` (USD value) may each be
/// empty, but not both when the series has rows. The estimator always works in base units.
struct OpenInterestSeries {
    std::vector<TimeMs> time;
    std::vector<double> base;
    std::vector<double> quote;

    [[nodiscard]] std::size_t size() const { return time.size(); }
    [[nodiscard]] bool empty() const { return time.empty(); }
};

/// A single-valued series: funding rate (fraction per funding interval), long/short account
/// ratio, taker buy/sell volume ratio.
struct ValueSeries {
    std::vector<TimeMs> time;
    std::vector<double> value;

    [[nodiscard]] std::size_t size() const { return time.size(); }
    [[nodiscard]] bool empty() const { return time.empty(); }
};

/// Realized liquidations, quote notional per interval starting at `time`.
struct LiquidationSeries {
    std::vector<TimeMs> time;
    std::vector<double> longUsd;   ///< longs liquidated (price fell into them)
    std::vector<double> shortUsd;  ///< shorts liquidated
    TimeMs intervalMs = 0;         ///< 0: inferred from the spacing of `time`

    [[nodiscard]] std::size_t size() const { return time.size(); }
    [[nodiscard]] bool empty() const { return time.empty(); }
};

/// Where the data came from.
struct MarketSource {
    std::vector<std::string> exchanges;  ///< e.g. {"binance"}; several when aggregated
    std::string symbol;                  ///< e.g. "BTCUSDT"
    TimeMs intervalMs = 0;               ///< candle interval; 0: inferred from the candles
};

/// Every input series of one symbol. Each series has its own timestamps and may be absent.
struct MarketData {
    MarketSource source;
    CandleSeries candles;
    OpenInterestSeries openInterest;
    ValueSeries fundingRate;
    ValueSeries longShortRatio;          ///< global accounts: longs / shorts
    ValueSeries topTraderAccountRatio;   ///< top traders by accounts: longs / shorts
    ValueSeries topTraderPositionRatio;  ///< top traders by positions: long / short notional
    ValueSeries takerBuySellRatio;
    LiquidationSeries liquidations;

    /// Candle interval from the source, else the median spacing of the candles (0 if < 2 candles).
    [[nodiscard]] TimeMs candleIntervalMs() const;
    /// Interval of the realized liquidations, stated or inferred the same way.
    [[nodiscard]] TimeMs liquidationIntervalMs() const;
};

/// Checks every series: equal column lengths, strictly increasing time, finite values, positive
/// prices with low <= open,close <= high, non-negative volume / open interest / ratios /
/// liquidations. The error names the series, the row and the field.
Status validate(const MarketData& data);

/// `base` extended by `newer`: in every series, rows of `base` from before the first row of `newer`
/// are kept and `newer`'s rows follow (so a candle that was still forming is replaced). A series
/// `newer` lacks is kept as it is. Live refresh uses this to append what arrived since the last fetch.
MarketData appendNewer(const MarketData& base, const MarketData& newer);

/// Median spacing of strictly increasing times (0 if fewer than two).
TimeMs medianSpacing(const std::vector<TimeMs>& time);

}  // namespace liqheat
