#include "liqheat/analysis/indicators.h"

#include <cmath>
#include <string>

namespace liqheat {
namespace {

double rsiFrom(double averageGain, double averageLoss)
{
    if (averageLoss <= 0.0) {
        return averageGain > 0.0 ? 100.0 : 50.0;
    }
    return 100.0 - 100.0 / (1.0 + averageGain / averageLoss);
}

}  // namespace

Result<ValueSeries> relativeStrengthIndex(const CandleSeries& candles, int period)
{
    if (period < 1 || period > 10'000) {
        return invalidArgument("RSI period must be within 1..10000");
    }
    const std::size_t n = candles.size();
    const auto p = static_cast<std::size_t>(period);
    if (candles.close.size() != n) {
        return makeError(Error::Code::InvalidData, "candles: closes do not match the times");
    }
    if (n < p + 1) {
        return makeError(Error::Code::InvalidData, "RSI(" + std::to_string(period) + ") needs at least " +
                                                       std::to_string(p + 1) + " candles, got " + std::to_string(n));
    }
    double gain = 0.0;
    double loss = 0.0;
    for (std::size_t i = 1; i <= p; ++i) {
        const double change = candles.close[i] - candles.close[i - 1];
        (change > 0.0 ? gain : loss) += std::abs(change);
    }
    gain /= period;
    loss /= period;
    ValueSeries out;
    out.time.reserve(n - p);
    out.value.reserve(n - p);
    out.time.push_back(candles.time[p]);
    out.value.push_back(rsiFrom(gain, loss));
    for (std::size_t i = p + 1; i < n; ++i) {
        const double change = candles.close[i] - candles.close[i - 1];
        gain = (gain * (period - 1) + (change > 0.0 ? change : 0.0)) / period;
        loss = (loss * (period - 1) + (change < 0.0 ? -change : 0.0)) / period;
        out.time.push_back(candles.time[i]);
        out.value.push_back(rsiFrom(gain, loss));
    }
    for (const double v : out.value) {
        if (!std::isfinite(v)) {
            return makeError(Error::Code::InvalidData, "candles hold non-finite closes");
        }
    }
    return out;
}

}  // namespace liqheat
