// The closing rule "winners first" of SideBook (docs/MODEL.md, section 7).

#include "side_book.h"

#include <cmath>

namespace liqheat::sweep {

void SideBook::closeWinnersFirst(double base, double price, bool isLong, double blend, double scalePercent)
{
    const double resting = m_totalBase * m_scale;
    if (base <= 0.0 || resting <= 0.0) {
        return;
    }
    if (base >= resting) {
        closeProportionally(base);
        return;
    }
    // Weight of a level in (0, 1]: its average entry is quote / base (both stored with the same
    // scale). A long at return u = price / entry - 1 >= 0 is a winner (weight 1); a loser keeps
    // exp(u / scale) of the weight. Levels beyond the grid have no known entry: weight 1.
    const double k = 100.0 / scalePercent;
    auto weightOf = [&](double quote, double units) {
        const double entry = quote / units;
        const double u = isLong ? price / entry - 1.0 : 1.0 - price / entry;
        const double w = u >= 0.0 ? 1.0 : std::exp(u * k);
        return (1.0 - blend) + blend * w;
    };
    double weighted = m_outsideBase;
    for (std::size_t i = 0; i < m_base.size(); ++i) {
        if (m_base[i] > 0.0) {
            weighted += weightOf(m_quote[i], m_base[i]) * m_base[i];
        }
    }
    const double target = base / m_scale;
    if (!(weighted > 0.0)) {
        closeProportionally(base);
        return;
    }
    // Remove lambda * w * units from every level; when even lambda = 1 is not enough, the rest
    // goes proportionally from what remains, so the removed amount is always the requested one.
    const double lambda = std::min(1.0, target / weighted);
    double removedBase = 0.0;
    double removedQuote = 0.0;
    for (std::size_t i = 0; i < m_base.size(); ++i) {
        if (m_base[i] > 0.0) {
            const double keep = 1.0 - lambda * weightOf(m_quote[i], m_base[i]);
            removedBase += m_base[i] * (1.0 - keep);
            removedQuote += m_quote[i] * (1.0 - keep);
            m_base[i] *= keep;
            m_quote[i] *= keep;
            for (auto& tier : m_tiers) {
                tier[i] *= keep;
            }
        }
    }
    const double keepOutside = 1.0 - lambda;
    removedBase += m_outsideBase * lambda;
    removedQuote += m_outsideQuote * lambda;
    m_outsideBase *= keepOutside;
    m_outsideQuote *= keepOutside;
    m_totalBase = std::max(0.0, m_totalBase - removedBase);
    m_totalQuote = std::max(0.0, m_totalQuote - removedQuote);
    flow.closed += removedQuote * m_scale;
    if (lambda >= 1.0 && target > removedBase) {
        closeProportionally((target - removedBase) * m_scale);
    }
}

double SideBook::tierQuoteIn(std::size_t tier, int first, int last) const
{
    double sum = 0.0;
    for (int j = first; j <= last; ++j) {
        sum += m_tiers[tier][static_cast<std::size_t>(j)];
    }
    return sum * m_scale;
}

}  // namespace liqheat::sweep
