#pragma once

// The resting liquidation levels of one side of the sweep. Private to liqheat_estimate.

#include "liqheat/estimate/estimator.h"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace liqheat::sweep {

// Stored values are divided by a per-side scale so that proportional closes and decay cost O(1);
// the scale is folded back into the buckets before it underflows.
inline constexpr double kRenormaliseBelow = 1e-150;

/// Resting levels of one side: notional (quote at entry) and quantity (base) per bucket, both
/// stored divided by `scale`.
class SideBook {
public:
    explicit SideBook(int buckets)
        : m_quote(static_cast<std::size_t>(buckets), 0.0), m_base(static_cast<std::size_t>(buckets), 0.0)
    {}

    void add(int bucket, double quote, double base)
    {
        const auto i = static_cast<std::size_t>(bucket);
        m_quote[i] += quote / m_scale;
        m_base[i] += base / m_scale;
        m_totalQuote += quote / m_scale;
        m_totalBase += base / m_scale;
        flow.opened += quote;
    }

    void addOutside(double quote, double base)
    {
        m_outsideQuote += quote / m_scale;
        m_outsideBase += base / m_scale;
        m_totalQuote += quote / m_scale;
        m_totalBase += base / m_scale;
        flow.opened += quote;
    }

    /// Removes buckets [first, last]; returns (quote, base) removed.
    std::pair<double, double> sweep(int first, int last)
    {
        double quote = 0.0;
        double base = 0.0;
        for (int j = first; j <= last; ++j) {
            const auto i = static_cast<std::size_t>(j);
            quote += m_quote[i];
            base += m_base[i];
            m_quote[i] = 0.0;
            m_base[i] = 0.0;
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

    void decay(double keep)
    {
        flow.decayed += (1.0 - keep) * m_totalQuote * m_scale;
        shrink(keep);
    }

    /// Quote notional resting in buckets [first, last].
    [[nodiscard]] double quoteIn(int first, int last) const
    {
        double sum = 0.0;
        for (int j = first; j <= last; ++j) {
            sum += m_quote[static_cast<std::size_t>(j)];
        }
        return sum * m_scale;
    }

    [[nodiscard]] double quoteAt(int bucket) const { return m_quote[static_cast<std::size_t>(bucket)] * m_scale; }

    void writeColumn(float* out) const
    {
        const double scale = m_scale;
        for (std::size_t i = 0; i < m_quote.size(); ++i) {
            out[i] = static_cast<float>(m_quote[i] * scale);
        }
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
            m_totalQuote = m_totalBase = m_outsideQuote = m_outsideBase = 0.0;
            m_scale = 1.0;
            return;
        }
        m_scale *= keep;
        if (m_scale < kRenormaliseBelow) {
            for (auto* v : {&m_quote, &m_base}) {
                for (double& x : *v) {
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

    std::vector<double> m_quote;
    std::vector<double> m_base;
    double m_scale = 1.0;
    double m_totalQuote = 0.0;
    double m_totalBase = 0.0;
    double m_outsideQuote = 0.0;
    double m_outsideBase = 0.0;
};

}  // namespace liqheat::sweep
