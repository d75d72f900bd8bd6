#pragma once

// What the options of issue 16 add to the sweep (docs/MODEL.md, section 7): per-side leverage
// weights from a positioning tilt and a causally learned mix, the closing rule, and the path
// profile of entries. Private to liqheat_estimate. The sweep calls into it only when an option is
// on, so with every option off it takes exactly its old path.

#include "side_book.h"

#include "liqheat/estimate/estimator.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace liqheat::sweep {

struct EntryPoint;
struct SweepState;
struct TierFactors;

/// Pressure p in (-1, 1) per candle, (r - 1) / (r + 1) of the ratio r = longs / shorts of the last
/// sample stamped before the candle's end (carried forward; 0 before the first sample).
std::vector<double> alignPressure(const CandleSeries& candles, const ValueSeries& ratio, TimeMs interval);

/// Reweights spread entry points over [low, high] by the time a constant-speed path open ->
/// nearer extreme -> other extreme -> close spends in each point's slice (a volume-profile stand-in
/// when candles carry no intra-candle volume). Keeps the points' total weight at 1.
void weighByPath(double open, double high, double low, double close, std::vector<EntryPoint>& entries);

/// Trailing refit of the tier weights from realized liquidations (strictly causal): the swept
/// notional of each tier, summed per realized interval, is fitted to the realized notional of
/// the intervals that ended before the current candle by non-negative least squares
/// (multiplicative updates); the fit is blended into the prior mix.
class LearnedMix {
public:
    LearnedMix(const LiquidationSeries& realized, TimeMs realizedInterval, std::vector<double> prior,
               const ModelSettings& settings);

    /// Records what each tier of each side is about to lose to the sweep of candle at `time`.
    void record(TimeMs time, const std::vector<double>& longByTier, const std::vector<double>& shortByTier);
    /// Refits when due at `time` (only intervals ending at or before it count).
    void update(TimeMs time);
    [[nodiscard]] const std::vector<double>& longWeights() const { return m_weights[0]; }
    [[nodiscard]] const std::vector<double>& shortWeights() const { return m_weights[1]; }

private:
    std::vector<double> fit(int side, std::size_t first, std::size_t last) const;

    const LiquidationSeries& m_realized;
    TimeMs m_interval;
    std::vector<double> m_prior;
    double m_strength;
    TimeMs m_windowMs;
    TimeMs m_everyMs;
    TimeMs m_nextRefit = 0;
    std::vector<double> m_learned[2];
    std::vector<double> m_weights[2];
    std::vector<double> m_swept[2];  ///< per realized interval x tier
};

/// The per-run state of the options, made once per estimate and used by stepCandle.
class ModelExtras {
public:
    ModelExtras(const MarketData& data, const ModelSettings& settings, TimeMs interval);

    /// Whether any option needs the sweep to call in (false: the plain sweep).
    [[nodiscard]] bool active() const { return m_weighsOpens || m_closesByPnl || m_profile; }
    [[nodiscard]] bool weighsOpens() const { return m_weighsOpens; }
    [[nodiscard]] bool closesByPnl() const { return m_closesByPnl; }
    [[nodiscard]] bool profile() const { return m_profile; }
    [[nodiscard]] bool learns() const { return m_learned != nullptr; }

    /// Starts per-tier tracking in `state` when learning needs it.
    void prepare(SweepState& state) const;

    /// Opens `delta` base units at `entries` with this candle's per-side tier weights.
    void open(SweepState& state, const std::vector<TierFactors>& factors, const PriceGrid& grid,
              const std::vector<EntryPoint>& entries, double delta, std::size_t candle, TimeMs time);
    /// Before the sweep of a candle: what each tier is about to lose (learning only).
    void beforeSweep(const SweepState& state, const PriceGrid& grid, double low, double high, TimeMs time);
    /// Closes `longBase` / `shortBase` units with the closing rule at `price`.
    void close(SweepState& state, double longBase, double shortBase, double price) const;

private:
    const ModelSettings& m_settings;
    bool m_weighsOpens = false;
    bool m_closesByPnl = false;
    bool m_profile = false;
    std::vector<double> m_prior;     ///< the settings' normalised tier weights
    std::vector<double> m_leverage;  ///< per tier
    std::vector<double> m_pressure;  ///< per candle (tilt only)
    std::unique_ptr<LearnedMix> m_learned;
    std::vector<double> m_longWeights, m_shortWeights, m_scratchLong, m_scratchShort;
};

/// Whether `settings` need ModelExtras (the incremental resume runs such models in full).
bool needsExtras(const ModelSettings& settings);

}  // namespace liqheat::sweep
