#include "model_extras.h"

#include "sweep.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace liqheat::sweep {
namespace {

const ValueSeries& tiltSeries(const MarketData& data, TiltSource source)
{
    switch (source) {
    case TiltSource::Taker: return data.takerBuySellRatio;
    case TiltSource::Accounts: return data.longShortRatio;
    case TiltSource::TopAccounts: return data.topTraderAccountRatio;
    case TiltSource::TopPositions: return data.topTraderPositionRatio;
    }
    return data.takerBuySellRatio;
}

/// prior * L^exponent, normalised to sum to 1.
void tilt(const std::vector<double>& prior, const std::vector<double>& leverage, double exponent,
          std::vector<double>& out)
{
    out.resize(prior.size());
    double sum = 0.0;
    for (std::size_t t = 0; t < prior.size(); ++t) {
        out[t] = prior[t] * std::pow(leverage[t], exponent);
        sum += out[t];
    }
    for (double& w : out) {
        w = sum > 0.0 ? w / sum : 0.0;
    }
}

/// Length of the overlap of [a, b] (either order) with [lo, hi].
double overlap(double a, double b, double lo, double hi)
{
    return std::max(0.0, std::min(std::max(a, b), hi) - std::max(std::min(a, b), lo));
}

}  // namespace

std::vector<double> alignPressure(const CandleSeries& candles, const ValueSeries& ratio, TimeMs interval)
{
    std::vector<double> out(candles.size(), 0.0);
    std::size_t k = 0;
    double current = 0.0;
    for (std::size_t i = 0; i < candles.size(); ++i) {
        const TimeMs end = candles.time[i] + interval;
        while (k < ratio.size() && ratio.time[k] < end) {
            const double r = ratio.value[k];
            current = r >= 0.0 && std::isfinite(r) ? (r - 1.0) / (r + 1.0) : 0.0;
            ++k;
        }
        out[i] = current;
    }
    return out;
}

void weighByPath(double open, double high, double low, double close, std::vector<EntryPoint>& entries)
{
    const double range = high - low;
    if (!(range > 0.0) || entries.empty()) {
        return;
    }
    const bool lowFirst = open - low <= high - open;
    const double first = lowFirst ? low : high;
    const double second = lowFirst ? high : low;
    const double path = std::abs(first - open) + range + std::abs(close - second);
    const double slice = range / static_cast<double>(entries.size());
    for (std::size_t j = 0; j < entries.size(); ++j) {
        const double lo = low + slice * static_cast<double>(j);
        const double hi = lo + slice;
        entries[j].weight =
            (overlap(open, first, lo, hi) + overlap(first, second, lo, hi) + overlap(second, close, lo, hi)) / path;
    }
}

LearnedMix::LearnedMix(const LiquidationSeries& realized, TimeMs realizedInterval, std::vector<double> prior,
                       const ModelSettings& settings)
    : m_realized(realized),
      m_interval(realizedInterval),
      m_prior(std::move(prior)),
      m_strength(settings.learnMix),
      m_windowMs(static_cast<TimeMs>(settings.learnWindowHours * 3'600'000.0)),
      m_everyMs(std::max<TimeMs>(1, static_cast<TimeMs>(settings.learnEveryHours * 3'600'000.0)))
{
    for (int side = 0; side < 2; ++side) {
        m_learned[side] = m_prior;
        m_weights[side] = m_prior;
        m_swept[side].assign(realized.size() * m_prior.size(), 0.0);
    }
    m_nextRefit = realized.empty() ? std::numeric_limits<TimeMs>::max() : realized.time.front() + m_everyMs;
}

void LearnedMix::record(TimeMs time, const std::vector<double>& longByTier, const std::vector<double>& shortByTier)
{
    const auto& times = m_realized.time;
    const auto it = std::upper_bound(times.begin(), times.end(), time);
    if (it == times.begin()) {
        return;
    }
    const auto k = static_cast<std::size_t>(it - times.begin() - 1);
    if (time >= times[k] + m_interval) {
        return;  // in no realized interval
    }
    const std::size_t tiers = m_prior.size();
    for (std::size_t t = 0; t < tiers; ++t) {
        m_swept[0][k * tiers + t] += longByTier[t];
        m_swept[1][k * tiers + t] += shortByTier[t];
    }
}

std::vector<double> LearnedMix::fit(int side, std::size_t first, std::size_t last) const
{
    const std::size_t tiers = m_prior.size();
    const std::vector<double>& realized = side == 0 ? m_realized.longUsd : m_realized.shortUsd;
    const std::vector<double>& swept = m_swept[side];
    double sumEstimate = 0.0;
    double sumRealized = 0.0;
    for (std::size_t k = first; k < last; ++k) {
        sumRealized += realized[k];
        for (std::size_t t = 0; t < tiers; ++t) {
            sumEstimate += swept[k * tiers + t];
        }
    }
    std::vector<double> gain(tiers, 1.0);
    if (!(sumEstimate > 0.0) || !(sumRealized > 0.0)) {
        return gain;
    }
    // Realized in the estimate's units (absolute levels are not comparable, docs/MODEL.md 3).
    const double scale = sumEstimate / sumRealized;
    // Multiplicative updates for min ||R - S g||^2 with g >= 0 (Lee and Seung); a tier the window
    // never swept keeps gain 1 (no evidence either way).
    std::vector<double> numerator(tiers), fitted(last - first);
    for (int iteration = 0; iteration < 50; ++iteration) {
        for (std::size_t k = first; k < last; ++k) {
            double f = 0.0;
            for (std::size_t t = 0; t < tiers; ++t) {
                f += gain[t] * swept[k * tiers + t];
            }
            fitted[k - first] = f;
        }
        for (std::size_t t = 0; t < tiers; ++t) {
            double num = 0.0;
            double den = 0.0;
            for (std::size_t k = first; k < last; ++k) {
                num += realized[k] * scale * swept[k * tiers + t];
                den += fitted[k - first] * swept[k * tiers + t];
            }
            if (den > 0.0) {
                gain[t] = std::clamp(gain[t] * num / den, 0.05, 20.0);
            }
        }
    }
    return gain;
}

void LearnedMix::update(TimeMs time)
{
    if (time < m_nextRefit) {
        return;
    }
    while (m_nextRefit <= time) {
        m_nextRefit += m_everyMs;
    }
    // Intervals that ended at or before `time` and started within the window: all their candles
    // opened before the current one, so nothing later than `time` enters the fit.
    const auto& times = m_realized.time;
    std::size_t first = 0;
    while (first < times.size() && times[first] < time - m_windowMs) {
        ++first;
    }
    std::size_t last = first;
    while (last < times.size() && times[last] + m_interval <= time) {
        ++last;
    }
    if (last <= first) {
        return;
    }
    for (int side = 0; side < 2; ++side) {
        const std::vector<double> gain = fit(side, first, last);
        double sum = 0.0;
        for (std::size_t t = 0; t < gain.size(); ++t) {
            m_learned[side][t] *= gain[t];
            sum += m_learned[side][t];
        }
        double blended = 0.0;
        for (std::size_t t = 0; t < gain.size(); ++t) {
            m_learned[side][t] = sum > 0.0 ? m_learned[side][t] / sum : m_prior[t];
            m_weights[side][t] = (1.0 - m_strength) * m_prior[t] + m_strength * m_learned[side][t];
            blended += m_weights[side][t];
        }
        for (double& w : m_weights[side]) {
            w /= blended;
        }
    }
}

bool needsExtras(const ModelSettings& settings)
{
    return settings.sideTilt != 0.0 || settings.closeWinnersFirst > 0.0 || settings.learnMix > 0.0 ||
           settings.entry == EntryPlacement::Profile;
}

ModelExtras::ModelExtras(const MarketData& data, const ModelSettings& settings, TimeMs interval) : m_settings(settings)
{
    for (const auto& t : settings.effectiveTiers()) {
        m_prior.push_back(t.weight);
        m_leverage.push_back(t.leverage);
    }
    m_profile = settings.entry == EntryPlacement::Profile;
    m_closesByPnl = settings.closeWinnersFirst > 0.0;
    if (settings.sideTilt != 0.0) {
        m_pressure = alignPressure(data.candles, tiltSeries(data, settings.tiltSource), interval);
        m_weighsOpens = true;
    }
    if (settings.learnMix > 0.0 && !data.liquidations.empty()) {
        m_learned = std::make_unique<LearnedMix>(data.liquidations, std::max<TimeMs>(1, data.liquidationIntervalMs()),
                                                 m_prior, settings);
        m_weighsOpens = true;
    }
}

void ModelExtras::prepare(SweepState& state) const
{
    if (m_learned && !state.longs.tracksTiers()) {
        state.longs.trackTiers(m_prior.size());
        state.shorts.trackTiers(m_prior.size());
    }
}

void ModelExtras::open(SweepState& state, const std::vector<TierFactors>& factors, const PriceGrid& grid,
                       const std::vector<EntryPoint>& entries, double delta, std::size_t candle, TimeMs time)
{
    const std::vector<double>* longBase = &m_prior;
    const std::vector<double>* shortBase = &m_prior;
    if (m_learned) {
        m_learned->update(time);
        longBase = &m_learned->longWeights();
        shortBase = &m_learned->shortWeights();
    }
    // Tilt: the side under pressure p > 0 (aggressive buyers, or more long accounts) holds more of
    // its new notional at high leverage, the other side less; both still hold all of it.
    const double p = m_pressure.empty() ? 0.0 : m_pressure[candle];
    tilt(*longBase, m_leverage, m_settings.sideTilt * p, m_longWeights);
    tilt(*shortBase, m_leverage, -m_settings.sideTilt * p, m_shortWeights);

    for (const auto& e : entries) {
        for (std::size_t tier = 0; tier < factors.size(); ++tier) {
            const TierFactors& f = factors[tier];
            const double longUnits = delta * e.weight * m_longWeights[tier];
            if (longUnits > 0.0) {
                const double level = e.price * f.longFactor;
                const int j = level > 0.0 ? grid.indexOf(level) : -1;
                if (j >= 0 && j < grid.count) {
                    state.longs.add(j, longUnits * e.price, longUnits, tier);
                    state.maxLong = std::max(state.maxLong, j);
                } else {
                    state.longs.addOutside(longUnits * e.price, longUnits);
                }
            }
            const double shortUnits = delta * e.weight * m_shortWeights[tier];
            if (shortUnits > 0.0) {
                const int j = grid.indexOf(e.price * f.shortFactor);
                if (j >= 0 && j < grid.count) {
                    state.shorts.add(j, shortUnits * e.price, shortUnits, tier);
                    state.minShort = std::min(state.minShort, j);
                } else {
                    state.shorts.addOutside(shortUnits * e.price, shortUnits);
                }
            }
        }
    }
}

void ModelExtras::beforeSweep(const SweepState& state, const PriceGrid& grid, double low, double high, TimeMs time)
{
    if (!m_learned) {
        return;
    }
    const std::size_t tiers = m_prior.size();
    m_scratchLong.assign(tiers, 0.0);
    m_scratchShort.assign(tiers, 0.0);
    const int lowIndex = std::max(grid.indexOf(low), 0);
    const int highIndex = std::min(grid.indexOf(high), grid.count - 1);
    for (std::size_t t = 0; t < tiers; ++t) {
        if (state.maxLong >= lowIndex) {
            m_scratchLong[t] = state.longs.tierQuoteIn(t, lowIndex, state.maxLong);
        }
        if (state.minShort <= highIndex) {
            m_scratchShort[t] = state.shorts.tierQuoteIn(t, state.minShort, highIndex);
        }
    }
    m_learned->record(time, m_scratchLong, m_scratchShort);
}

void ModelExtras::close(SweepState& state, double longBase, double shortBase, double price) const
{
    state.longs.closeWinnersFirst(longBase, price, true, m_settings.closeWinnersFirst,
                                  m_settings.closeLoserScalePercent);
    state.shorts.closeWinnersFirst(shortBase, price, false, m_settings.closeWinnersFirst,
                                   m_settings.closeLoserScalePercent);
}

}  // namespace liqheat::sweep
