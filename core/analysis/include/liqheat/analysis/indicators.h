#pragma once

// Price indicators a trader reads beside the heatmap, computed once in core so the RSI pane and
// the signals agree.

#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

namespace liqheat {

/// Wilder's relative strength index of the closes: the first average gain and loss are the means of
/// the first `period` changes, then avg = (avg * (period - 1) + change) / period;
/// RSI = 100 - 100 / (1 + avgGain / avgLoss) (100 when there was no loss, 50 when nothing moved).
/// One value per candle from candle `period` on, timed like the candle. Needs period + 1 candles.
Result<ValueSeries> relativeStrengthIndex(const CandleSeries& candles, int period = 14);

}  // namespace liqheat
