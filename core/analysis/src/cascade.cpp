#include "liqheat/analysis/cascade.h"

#include "liqheat/analysis/clusters.h"

#include "liqheat/model/format.h"

#include <algorithm>
#include <cmath>

namespace liqheat {

std::string toString(CascadeEnd end)
{
    switch (end) {
    case CascadeEnd::Exhausted: return "exhausted";
    case CascadeEnd::MaxSteps: return "max_steps";
    case CascadeEnd::LeftMap: return "left_map";
    }
    return "exhausted";
}

Result<CascadeResult> simulateCascade(const LiquidationMap& map, const CascadeOptions& options)
{
    if (auto s = checkLiquidationMap(map); !s) {
        return s.error();
    }
    const double shock = options.shockPercent;
    if (!std::isfinite(shock) || shock == 0.0 || shock <= -100.0 || shock > 1000.0) {
        return invalidArgument("shock must be a non-zero percent within (-100, 1000]");
    }
    if (!std::isfinite(options.impactPerMillion) || options.impactPerMillion < 0.0 || options.impactPerMillion > 1.0) {
        return invalidArgument("impact per million must be within [0, 1] (a fraction of price per 1M USD)");
    }
    if (options.maxSteps < 1 || options.maxSteps > 100'000) {
        return invalidArgument("max steps must be within 1..100000");
    }

    const bool down = shock < 0.0;
    const int n = map.grid.count;
    const std::vector<double>& levels = down ? map.longUsd : map.shortUsd;
    CascadeResult out;
    out.startPrice = map.price;
    out.shockPrice = map.price * (1.0 + shock / 100.0);
    out.impactPerMillion = options.impactPerMillion;

    // The next bucket not yet liquidated, walking away from the start price: longs downward from
    // the start's bucket, shorts upward. Everything between it and the start is gone.
    const int startBucket = map.grid.indexOf(map.price);
    int frontier = down ? std::min(startBucket, n - 1) : std::max(startBucket, 0);
    auto sideLeft = [&] { return down ? frontier >= 0 : frontier < n; };

    double from = map.price;
    double to = out.shockPrice;
    for (int step = 1;; ++step) {
        double liquidated = 0.0;
        if (sideLeft()) {
            const int reached = map.grid.indexOf(to);
            if (down && reached <= frontier) {
                const int lo = std::max(reached, 0);
                for (int b = frontier; b >= lo; --b) {
                    liquidated += levels[static_cast<std::size_t>(b)];
                }
                frontier = lo - 1;
            } else if (!down && reached >= frontier) {
                const int hi = std::min(reached, n - 1);
                for (int b = frontier; b <= hi; ++b) {
                    liquidated += levels[static_cast<std::size_t>(b)];
                }
                frontier = hi + 1;
            }
        }
        CascadeStep s;
        s.index = step;
        s.priceFrom = from;
        s.priceTo = to;
        (down ? s.longUsd : s.shortUsd) = liquidated;
        out.steps.push_back(s);
        (down ? out.totalLongUsd : out.totalShortUsd) += liquidated;

        const double move = std::min(options.impactPerMillion * liquidated / 1e6, kMaxStepMoveFraction);
        if (!(move > 0.0)) {
            out.end = sideLeft() ? CascadeEnd::Exhausted : CascadeEnd::LeftMap;
            break;
        }
        if (step == options.maxSteps) {
            out.end = CascadeEnd::MaxSteps;
            break;
        }
        // Forced market orders push price on in the shock's direction.
        from = to;
        to = down ? to * (1.0 - move) : to * (1.0 + move);
    }
    out.finalPrice = out.steps.back().priceTo;
    out.cascadeMovePercent = (out.finalPrice / out.shockPrice - 1.0) * 100.0;
    out.totalMovePercent = (out.finalPrice / out.startPrice - 1.0) * 100.0;
    return out;
}

Result<ImpactFit> fitImpact(const MarketData& data)
{
    if (auto s = validate(data); !s) {
        return s.error();
    }
    const LiquidationSeries& liq = data.liquidations;
    const CandleSeries& candles = data.candles;
    if (liq.empty() || candles.empty()) {
        return makeError(Error::Code::InvalidData, "fitting the impact needs realized liquidations and candles");
    }
    const TimeMs liqInterval = data.liquidationIntervalMs();
    const TimeMs candleInterval = data.candleIntervalMs();
    if (liqInterval <= 0 || candleInterval <= 0 || liqInterval % candleInterval != 0) {
        return makeError(Error::Code::InvalidData, "the candle interval must divide the liquidation interval (" +
                                                       formatInterval(candleInterval) + " vs " +
                                                       formatInterval(liqInterval) + ")");
    }
    const auto perInterval = static_cast<std::size_t>(liqInterval / candleInterval);

    ImpactFit fit;
    fit.intervalMs = liqInterval;
    std::vector<double> xs;
    std::vector<double> ys;
    for (std::size_t i = 0; i < liq.size(); ++i) {
        const TimeMs t0 = liq.time[i];
        const auto a = static_cast<std::size_t>(std::lower_bound(candles.time.begin(), candles.time.end(), t0) -
                                                candles.time.begin());
        const std::size_t b = a + perInterval - 1;
        // Times increase strictly, so matching ends mean the interval is covered without gaps.
        if (a >= candles.size() || candles.time[a] != t0 || b >= candles.size() ||
            candles.time[b] != t0 + liqInterval - candleInterval) {
            continue;
        }
        xs.push_back((liq.shortUsd[i] - liq.longUsd[i]) / 1e6);
        ys.push_back((candles.close[b] - candles.open[a]) / candles.open[a]);
        fit.liquidatedUsd += liq.longUsd[i] + liq.shortUsd[i];
        if (fit.intervals == 0) {
            fit.first = t0;
        }
        fit.last = t0;
        ++fit.intervals;
    }
    if (fit.intervals < 20) {
        return makeError(Error::Code::InvalidData, "only " + std::to_string(fit.intervals) +
                                                       " liquidation intervals are covered by candles; need 20");
    }
    double sxy = 0.0;
    double sxx = 0.0;
    double mx = 0.0;
    double my = 0.0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        sxy += xs[i] * ys[i];
        sxx += xs[i] * xs[i];
        mx += xs[i];
        my += ys[i];
    }
    if (!(sxx > 0.0)) {
        return makeError(Error::Code::InvalidData, "no net liquidations in the covered intervals");
    }
    fit.impactPerMillion = sxy / sxx;
    const auto count = static_cast<double>(xs.size());
    mx /= count;
    my /= count;
    double cxy = 0.0;
    double cxx = 0.0;
    double cyy = 0.0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        cxy += (xs[i] - mx) * (ys[i] - my);
        cxx += (xs[i] - mx) * (xs[i] - mx);
        cyy += (ys[i] - my) * (ys[i] - my);
    }
    fit.correlation = cxx > 0.0 && cyy > 0.0 ? cxy / std::sqrt(cxx * cyy) : 0.0;
    return fit;
}

}  // namespace liqheat
