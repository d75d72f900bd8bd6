#pragma once

// The resting liquidation levels of one side of the sweep. Private to liqheat_estimate.

#include "liqheat/estimate/estimator.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace liqheat::sweep {

// Stored values are divided by a per-side scale so that proportional closes and decay cost O(1);
// the scale is folded back into the buckets before it underflows.
inline constexpr double kRenormaliseBelow = 1e-150;

/// Resting levels of one side: notional (quote at entry) and quantity (base) per bucket, both
/// stored divided by `scale`. Every bucket outside [m_first, m_last] holds exactly +0.0 (in the
/// tiers too), so loops skip them: a sum that starts at +0.0 is the same bit for bit without
/// zero terms, and a column written into zeros needs no writes there.
class SideBook {
public:
    explicit SideBook(int buckets)
        : m_quote(static_cast<std::size_t>(buckets), 0.0),
          m_base(static_cast<std::size_t>(buckets), 0.0),
          m_first(buckets)
    {}

    /// Also keeps each leverage tier's own levels (for layers and breakdowns). The tiers share the
    /// side's scale: closes and decay shrink every level of a side alike, so a tier's share of a
    /// bucket only changes when that tier opens there.
    void trackTiers(std::size_t tiers) { m_tiers.assign(tiers, std::vector<double>(m_quote.size(), 0.0)); }
    [[nodiscard]] bool tracksTiers() const { return !m_tiers.empty(); }

    /// The running totals of a batch of adds (one candle's opens), kept in locals so that they
    /// stay in registers: the stores into the buckets could alias members as far as the compiler
    /// knows. Same additions in the same order as adding to the members one by one.
    struct Running {
        double totalQuote;
        double totalBase;
        double outsideQuote;
        double outsideBase;
        double opened;
        int first;
        int last;
    };
    [[nodiscard]] Running running() const
    {
        return {m_totalQuote, m_totalBase, m_outsideQuote, m_outsideBase, flow.opened, m_first, m_last};
    }
    void commit(const Running& r)
    {
        m_totalQuote = r.totalQuote;
        m_totalBase = r.totalBase;
        m_outsideQuote = r.outsideQuote;
        m_outsideBase = r.outsideBase;
        flow.opened = r.opened;
        m_first = r.first;
        m_last = r.last;
    }

    void add(int bucket, double quote, double base, std::size_t tier, Running& r)
    {
        addDivided(bucket, quote / m_scale, base / m_scale, quote, tier, r);
    }

    void addOutside(double quote, double base, Running& r)
    {
        addOutsideDivided(quote / m_scale, base / m_scale, quote, r);
    }

    /// The divisor of stored values (constant while adding).
    [[nodiscard]] double scale() const { return m_scale; }

    /// add() with q = quote / scale() and b = base / scale() already divided (the sweep divides
    /// two at a time).
    void addDivided(int bucket, double q, double b, double quote, std::size_t tier, Running& r)
    {
        const auto i = static_cast<std::size_t>(bucket);
        if (!m_tiers.empty()) {
            m_tiers[tier][i] += q;
        }
        r.first = std::min(r.first, bucket);
        r.last = std::max(r.last, bucket);
        m_quote[i] += q;
        m_base[i] += b;
        r.totalQuote += q;
        r.totalBase += b;
        r.opened += quote;
    }

    void addOutsideDivided(double q, double b, double quote, Running& r)
    {
        r.outsideQuote += q;
        r.outsideBase += b;
        r.totalQuote += q;
        r.totalBase += b;
        r.opened += quote;
    }

    void add(int bucket, double quote, double base, std::size_t tier)
    {
        Running r = running();
        add(bucket, quote, base, tier, r);
        commit(r);
    }

    void addOutside(double quote, double base)
    {
        Running r = running();
        addOutside(quote, base, r);
        commit(r);
    }

    /// Removes buckets [first, last]; returns (quote, base) removed.
    std::pair<double, double> sweep(int first, int last)
    {
        double quote = 0.0;
        double base = 0.0;
        const int from = std::max(first, m_first);
        const int to = std::min(last, m_last);
        for (int j = from; j <= to; ++j) {
            const auto i = static_cast<std::size_t>(j);
            quote += m_quote[i];
            base += m_base[i];
            m_quote[i] = 0.0;
            m_base[i] = 0.0;
        }
        if (from <= to) {
            for (auto& tier : m_tiers) {
                std::fill(tier.begin() + from, tier.begin() + to + 1, 0.0);
            }
        }
        if (first <= m_first && last >= m_last) {
            clearRange();
        } else if (first <= m_first && last >= m_first) {
            m_first = last + 1;
        } else if (last >= m_last && first <= m_last) {
            m_last = first - 1;
        }
        m_totalQuote = std::max(0.0, m_totalQuote - quote);
        m_totalBase = std::max(0.0, m_totalBase - base);
        quote *= m_scale;
        base *= m_scale;
        flow.swept += quote;
        return {quote, base};
    }

    /// Closes `base` units proportionally across every resting level.
    void closeProportionally(double base)
    {
        const double restingBase = m_totalBase * m_scale;
        if (base <= 0.0 || restingBase <= 0.0) {
            return;
        }
        const double fraction = std::min(1.0, base / restingBase);
        flow.closed += fraction * m_totalQuote * m_scale;
        shrink(1.0 - fraction);
    }

    /// Closes `base` units, winners and near-the-money levels before losers (closing_rule.cpp):
    /// `blend` 0 is closeProportionally, 1 weighs a level by 1 in profit and exp(u / scale) at a
    /// loss u < 0 (fraction of entry, scale in percent). Removes exactly `base` (or all).
    void closeWinnersFirst(double base, double price, bool isLong, double blend, double scalePercent);

    /// One tier's quote notional resting in buckets [first, last] (needs trackTiers).
    [[nodiscard]] double tierQuoteIn(std::size_t tier, int first, int last) const;

    /// Base units resting (inside and beyond the grid).
    [[nodiscard]] double restingBase() const { return m_totalBase * m_scale; }

    void decay(double keep)
    {
        flow.decayed += (1.0 - keep) * m_totalQuote * m_scale;
        shrink(keep);
    }

    /// Quote notional resting in buckets [first, last].
    [[nodiscard]] double quoteIn(int first, int last) const
    {
        double sum = 0.0;
        const int to = std::min(last, m_last);
        for (int j = std::max(first, m_first); j <= to; ++j) {
            sum += m_quote[static_cast<std::size_t>(j)];
        }
        return sum * m_scale;
    }

    [[nodiscard]] double quoteAt(int bucket) const { return m_quote[static_cast<std::size_t>(bucket)] * m_scale; }

    /// `out` holds zeros (allocateResult's): only the occupied buckets are written.
    void writeColumn(float* out) const
    {
        const double scale = m_scale;
        const auto to = static_cast<std::ptrdiff_t>(m_last);
        for (auto i = static_cast<std::ptrdiff_t>(m_first); i <= to; ++i) {
            out[i] = static_cast<float>(m_quote[static_cast<std::size_t>(i)] * scale);
        }
    }

    /// Only the tiers `visible` marks (needs trackTiers).
    void writeColumn(float* out, const std::vector<bool>& visible) const
    {
        const double scale = m_scale;
        std::fill(out, out + m_quote.size(), 0.0f);
        for (std::size_t t = 0; t < m_tiers.size(); ++t) {
            if (visible[t]) {
                for (std::size_t i = 0; i < m_quote.size(); ++i) {
                    out[i] += static_cast<float>(m_tiers[t][i] * scale);
                }
            }
        }
    }

    /// Each tier's share of each bucket, 0..255 (tier-major within a bucket: out[b * T + t]).
    void writeShares(std::uint8_t* out) const
    {
        const std::size_t tiers = m_tiers.size();
        for (std::size_t i = 0; i < m_quote.size(); ++i) {
            const double total = m_quote[i];
            for (std::size_t t = 0; t < tiers; ++t) {
                const double share = total > 0.0 ? m_tiers[t][i] / total : 0.0;
                out[i * tiers + t] = static_cast<std::uint8_t>(std::clamp(std::lround(share * 255.0), 0L, 255L));
            }
        }
    }

    /// One tier's levels now (quote), or the visible tiers' sum.
    [[nodiscard]] std::vector<double> tierColumn(std::size_t tier) const
    {
        std::vector<double> out(m_quote.size());
        for (std::size_t i = 0; i < m_quote.size(); ++i) {
            out[i] = m_tiers[tier][i] * m_scale;
        }
        return out;
    }

    [[nodiscard]] std::vector<double> column() const
    {
        std::vector<double> out(m_quote.size());
        for (std::size_t i = 0; i < m_quote.size(); ++i) {
            out[i] = m_quote[i] * m_scale;
        }
        return out;
    }

    FlowTotals finish()
    {
        flow.resting = m_totalQuote * m_scale;
        flow.outsideGrid = m_outsideQuote * m_scale;
        return flow;
    }

    FlowTotals flow;

private:
    void shrink(double keep)
    {
        if (keep <= 0.0) {
            std::fill(m_quote.begin(), m_quote.end(), 0.0);
            std::fill(m_base.begin(), m_base.end(), 0.0);
            for (auto& tier : m_tiers) {
                std::fill(tier.begin(), tier.end(), 0.0);
            }
            m_totalQuote = m_totalBase = m_outsideQuote = m_outsideBase = 0.0;
            m_scale = 1.0;
            clearRange();
            return;
        }
        m_scale *= keep;
        if (m_scale < kRenormaliseBelow) {
            for (auto* v : {&m_quote, &m_base}) {
                for (double& x : *v) {
                    x *= m_scale;
                }
            }
            for (auto& tier : m_tiers) {
                for (double& x : tier) {
                    x *= m_scale;
                }
            }
            m_totalQuote *= m_scale;
            m_totalBase *= m_scale;
            m_outsideQuote *= m_scale;
            m_outsideBase *= m_scale;
            m_scale = 1.0;
        }
    }

    void clearRange()
    {
        m_first = static_cast<int>(m_quote.size());
        m_last = -1;
    }

    std::vector<double> m_quote;
    std::vector<double> m_base;
    std::vector<std::vector<double>> m_tiers;  ///< per leverage tier, quote; empty unless tracked
    int m_first = 0;                           ///< lowest bucket that may hold levels (size(): none)
    int m_last = -1;                           ///< highest bucket that may hold levels
    double m_scale = 1.0;
    double m_totalQuote = 0.0;
    double m_totalBase = 0.0;
    double m_outsideQuote = 0.0;
    double m_outsideBase = 0.0;
};

}  // namespace liqheat::sweep
