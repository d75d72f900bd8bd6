#include "liqheat/analysis/liquidation_prints.h"

#include <algorithm>

namespace liqheat {

std::vector<LiquidationPrint> liquidationPrints(const MarketData& data)
{
    std::vector<LiquidationPrint> prints;
    const LiquidationSeries& liq = data.liquidations;
    const CandleSeries& candles = data.candles;
    const TimeMs interval = data.liquidationIntervalMs();
    if (liq.empty() || interval <= 0 || liq.longUsd.size() != liq.size() || liq.shortUsd.size() != liq.size()) {
        return prints;
    }
    prints.reserve(liq.size());
    for (std::size_t i = 0; i < liq.size(); ++i) {
        const TimeMs from = liq.time[i];
        const auto first = std::lower_bound(candles.time.begin(), candles.time.end(), from) - candles.time.begin();
        const auto last =
            std::lower_bound(candles.time.begin(), candles.time.end(), from + interval) - candles.time.begin();
        double low = 0.0;
        double high = 0.0;
        for (auto c = first; c < last; ++c) {
            const auto k = static_cast<std::size_t>(c);
            low = low == 0.0 ? candles.low[k] : std::min(low, candles.low[k]);
            high = std::max(high, candles.high[k]);
        }
        if (liq.longUsd[i] > 0.0) {
            prints.push_back({from, interval, Side::Long, liq.longUsd[i], low});
        }
        if (liq.shortUsd[i] > 0.0) {
            prints.push_back({from, interval, Side::Short, liq.shortUsd[i], high});
        }
    }
    return prints;
}

}  // namespace liqheat
