#pragma once

#include "liqheat/model/market_data.h"

#include <QString>

namespace liqheat::ui {

/// Open interest in one unit per sample. The series' own column when it has one; otherwise
/// converted at the close of the candle the sample falls in (the latest candle that opened at or
/// before it), as the estimator aligns it: base = quote / close, quote = base * close. Samples
/// before the first candle cannot be converted and are left out.
[[nodiscard]] ValueSeries openInterestIn(const OpenInterestSeries& oi, const CandleSeries& candles, bool quote);

/// The base asset of a symbol ("BTCUSDT" -> "BTC"); the symbol itself when no known quote suffix.
[[nodiscard]] QString baseAssetOf(const QString& symbol);

/// Axis values are divided by a power of a thousand so labels stay short ("2.5M").
struct CompactUnit {
    double divisor = 1.0;
    const char* suffix = "";
};
[[nodiscard]] CompactUnit compactUnitFor(double magnitude);

}  // namespace liqheat::ui
