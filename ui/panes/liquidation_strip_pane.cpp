#include "panes/liquidation_strip_pane.h"

#include "panes/pane_colors.h"
#include "panes/pane_units.h"
#include "panes/sample_lookup.h"
#include "panes/step_path.h"
#include "text_format.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace liqheat::ui {

namespace {

constexpr TimeMs kFallbackCandleMs = 60'000;
constexpr double kAxisPadding = 1.08;

double maxOf(const std::vector<double>& values)
{
    double m = 0.0;
    for (const double v : values) {
        m = std::max(m, v);
    }
    return m;
}

}  // namespace

LiquidationStripPane::LiquidationStripPane(QWidget* parent)
    : TimePane(QStringLiteral("liquidationStripPane"), tr("Liquidations (shorts up, longs down)"), parent)
{
    m_estimatedShorts = new QLineSeries(this);
    m_estimatedShortsBase = new QLineSeries(this);
    m_estimatedLongs = new QLineSeries(this);
    m_estimatedLongsBase = new QLineSeries(this);
    m_estimatedShortsArea = new QAreaSeries(m_estimatedShorts, m_estimatedShortsBase);
    m_estimatedShortsArea->setName(tr("estimated (model)"));
    m_estimatedLongsArea = new QAreaSeries(m_estimatedLongs, m_estimatedLongsBase);
    m_estimatedLongsArea->setName(tr("estimated longs"));

    m_realizedShorts = new QLineSeries(this);
    m_realizedShorts->setName(tr("realized"));
    m_realizedLongs = new QLineSeries(this);
    m_realizedLongs->setName(tr("realized longs"));

    // One scale for both: the question a trader asks is "did the model expect as much as was
    // liquidated?", which two axes of their own would hide.
    for (QAbstractSeries* series :
         {static_cast<QAbstractSeries*>(m_estimatedShortsArea), static_cast<QAbstractSeries*>(m_estimatedLongsArea),
          static_cast<QAbstractSeries*>(m_realizedShorts), static_cast<QAbstractSeries*>(m_realizedLongs)}) {
        attach(series);
    }

    applyColors();
    rebuild();
}

LiquidationStripPane::~LiquidationStripPane() = default;

QAbstractSeries* LiquidationStripPane::estimatedShortsSeries() const { return m_estimatedShortsArea; }

QAbstractSeries* LiquidationStripPane::realizedShortsSeries() const { return m_realizedShorts; }

void LiquidationStripPane::setRealized(const LiquidationSeries& realized, TimeMs realizedIntervalMs,
                                       TimeMs candleIntervalMs)
{
    m_realized = realized;
    const std::size_t n = std::min({m_realized.time.size(), m_realized.longUsd.size(), m_realized.shortUsd.size()});
    m_realized.time.resize(n);
    m_realized.longUsd.resize(n);
    m_realized.shortUsd.resize(n);
    m_realizedIntervalMs = realizedIntervalMs > 0 ? realizedIntervalMs : medianSpacing(m_realized.time);
    m_candleIntervalMs = candleIntervalMs;
    rebuild();
}

void LiquidationStripPane::setEstimate(const SweepSeries& sweep)
{
    m_estimate = sweep;
    const std::size_t n = std::min({m_estimate.time.size(), m_estimate.longUsd.size(), m_estimate.shortUsd.size()});
    m_estimate.time.resize(n);
    m_estimate.longUsd.resize(n);
    m_estimate.shortUsd.resize(n);
    rebuild();
}

void LiquidationStripPane::clearEstimate()
{
    m_estimate = {};
    rebuild();
}

std::vector<double> LiquidationStripPane::aggregateToIntervals(const std::vector<TimeMs>& t,
                                                               const std::vector<double>& v,
                                                               const std::vector<TimeMs>& starts, TimeMs interval)
{
    std::vector<double> sums(starts.size(), 0.0);
    const std::size_t n = std::min(t.size(), v.size());
    const auto begin = t.cbegin();
    const auto end = t.cbegin() + static_cast<std::ptrdiff_t>(n);
    for (std::size_t k = 0; k < starts.size(); ++k) {
        auto it = std::lower_bound(begin, end, starts[k]);
        const auto stop = std::lower_bound(it, end, starts[k] + interval);
        for (; it != stop; ++it) {
            sums[k] += v[static_cast<std::size_t>(it - begin)];
        }
    }
    return sums;
}

std::vector<TimeMs> LiquidationStripPane::intervalGrid(TimeMs anchor, TimeMs interval, TimeMs from, TimeMs to)
{
    std::vector<TimeMs> starts;
    if (interval <= 0 || to < from) {
        return starts;
    }
    // Floor division, also for `from` before the anchor.
    TimeMs k = (from - anchor) / interval;
    if (anchor + k * interval > from) {
        --k;
    }
    for (TimeMs s = anchor + k * interval; s <= to; s += interval) {
        starts.push_back(s);
    }
    return starts;
}

void LiquidationStripPane::rebuild()
{
    m_showsRealized = hasRealized() && !m_estimate.time.empty();
    if (m_estimate.time.empty()) {
        for (QLineSeries* series : {m_estimatedShorts, m_estimatedLongs, m_estimatedShortsBase, m_estimatedLongsBase,
                                    m_realizedShorts, m_realizedLongs}) {
            series->clear();
        }
        m_estimatedCount = 0;
        m_realizedCount = 0;
        m_estimatedBarMs = 0;
        m_estimatedBars = {};
        QString text = tr("Estimated liquidations: nothing estimated yet");
        if (!hasRealized()) {
            text += QLatin1Char('\n') + tr("Realized liquidations: not in this snapshot");
        }
        updateNotes();
        showMessage(text);
        refreshReadout();
        return;
    }

    TimeMs candleMs = m_candleIntervalMs > 0 ? m_candleIntervalMs : medianSpacing(m_estimate.time);
    if (candleMs <= 0) {
        candleMs = kFallbackCandleMs;
    }
    const TimeMs realizedMs = m_realizedIntervalMs > 0 ? m_realizedIntervalMs : candleMs;

    // The estimate's bars: per candle, or summed into the realized intervals when those are coarser.
    std::vector<TimeMs> barTime;
    std::vector<double> barLong;
    std::vector<double> barShort;
    if (m_showsRealized && realizedMs > candleMs) {
        barTime = intervalGrid(m_realized.time.front(), realizedMs, m_estimate.time.front(), m_estimate.time.back());
        barLong = aggregateToIntervals(m_estimate.time, m_estimate.longUsd, barTime, realizedMs);
        barShort = aggregateToIntervals(m_estimate.time, m_estimate.shortUsd, barTime, realizedMs);
        m_estimatedBarMs = realizedMs;
    } else {
        barTime = m_estimate.time;
        barLong = m_estimate.longUsd;
        barShort = m_estimate.shortUsd;
        m_estimatedBarMs = candleMs;
    }
    m_estimatedCount = static_cast<int>(barTime.size());

    m_estimatedBars = {barTime, barLong, barShort};

    double longMax = maxOf(barLong);
    double shortMax = maxOf(barShort);
    if (m_showsRealized) {
        longMax = std::max(longMax, maxOf(m_realized.longUsd));
        shortMax = std::max(shortMax, maxOf(m_realized.shortUsd));
    }
    const double magnitude = std::max({longMax, shortMax, 1.0});
    const CompactUnit unit = compactUnitFor(magnitude);
    // Keep both sides visible even when one is empty, so "up" and "down" stay readable.
    const double down = std::max(longMax, magnitude * 0.1);
    const double up = std::max(shortMax, magnitude * 0.1);

    QList<QPointF> shorts;
    QList<QPointF> longs;
    shorts.reserve(static_cast<qsizetype>(2 * barTime.size() + 2));
    longs.reserve(static_cast<qsizetype>(2 * barTime.size() + 2));
    for (std::size_t i = 0; i < barTime.size(); ++i) {
        const auto x0 = static_cast<qreal>(barTime[i]);
        const auto x1 = static_cast<qreal>(barTime[i] + m_estimatedBarMs);
        appendStep(shorts, x0, x1, barShort[i] / unit.divisor);
        appendStep(longs, x0, x1, -barLong[i] / unit.divisor);
    }
    closeStep(shorts);
    closeStep(longs);
    const QList<QPointF> base{QPointF(shorts.constFirst().x(), 0.0), QPointF(shorts.constLast().x(), 0.0)};
    m_estimatedShorts->replace(atDisplayResolution(shorts));
    m_estimatedLongs->replace(atDisplayResolution(longs));
    m_estimatedShortsBase->replace(base);
    m_estimatedLongsBase->replace(base);

    if (m_showsRealized) {
        QList<QPointF> realShorts;
        QList<QPointF> realLongs;
        realShorts.reserve(static_cast<qsizetype>(2 * m_realized.time.size() + 2));
        realLongs.reserve(static_cast<qsizetype>(2 * m_realized.time.size() + 2));
        for (std::size_t i = 0; i < m_realized.time.size(); ++i) {
            const auto x0 = static_cast<qreal>(m_realized.time[i]);
            const auto x1 = static_cast<qreal>(m_realized.time[i] + realizedMs);
            appendStep(realShorts, x0, x1, m_realized.shortUsd[i] / unit.divisor);
            appendStep(realLongs, x0, x1, -m_realized.longUsd[i] / unit.divisor);
        }
        closeStep(realShorts);
        closeStep(realLongs);
        m_realizedShorts->replace(atDisplayResolution(realShorts));
        m_realizedLongs->replace(atDisplayResolution(realLongs));
        m_realizedCount = static_cast<int>(m_realized.time.size());
    } else {
        m_realizedShorts->clear();
        m_realizedLongs->clear();
        m_realizedCount = 0;
    }
    m_unitDivisor = unit.divisor;
    setTickStyle(valueAxis(), {0.0, 0, QLatin1String(unit.suffix), 0.0, true});
    setValueRange(valueAxis(), -down * kAxisPadding / unit.divisor, up * kAxisPadding / unit.divisor);

    // The interval is the unit of every bar: a 30m bar is six 5m candles of the estimate summed.
    const QString interval = QString::fromStdString(formatInterval(m_estimatedBarMs));
    setCaption(m_estimatedBarMs == candleMs
                   ? tr("Liquidations per %1 candle, USD (shorts up, longs down)").arg(interval)
                   : tr("Liquidations per %1, USD (shorts up, longs down)").arg(interval));
    updateNotes();
    setDataTimeExtent(m_estimate.time.front(), m_estimate.time.back() + candleMs);
    showChart();
    refreshReadout();
}

std::optional<LiquidationStripPane::Amounts> LiquidationStripPane::estimatedAt(double timeMs) const
{
    const auto i = sampleIndexAt(m_estimatedBars.time, timeMs, m_estimatedBarMs);
    if (!i) {
        return std::nullopt;
    }
    return Amounts{m_estimatedBars.longUsd[*i], m_estimatedBars.shortUsd[*i]};
}

std::optional<LiquidationStripPane::Amounts> LiquidationStripPane::realizedAt(double timeMs) const
{
    if (!m_showsRealized) {
        return std::nullopt;
    }
    const auto i = sampleIndexAt(m_realized.time, timeMs, m_realizedIntervalMs);
    if (!i) {
        return std::nullopt;
    }
    return Amounts{m_realized.longUsd[*i], m_realized.shortUsd[*i]};
}

QString LiquidationStripPane::readoutAt(double timeMs) const
{
    // Shorts first, as they are drawn on top; arrows say which side is which.
    const auto text = [](const Amounts& a) {
        return QStringLiteral("\u2191%1 \u2193%2").arg(usdText(a.shortUsd), usdText(a.longUsd));
    };
    QStringList parts;
    if (const auto e = estimatedAt(timeMs)) {
        parts << tr("estimated %1").arg(text(*e));
    }
    if (const auto r = realizedAt(timeMs)) {
        parts << tr("realized %1").arg(text(*r));
    }
    return parts.join(QStringLiteral("   "));
}

void LiquidationStripPane::updateNotes()
{
    if (!hasRealized()) {
        setCornerNote(tr("Realized liquidations: not in this snapshot"));
        return;
    }
    if (!m_showsRealized) {
        setCornerNote({});
        return;
    }
    // A one-line legend in the plot's corner: Qt Charts' own legend costs a row of a 90 px pane.
    const auto swatch = [](const QColor& color, const QString& glyph) {
        return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color.name(), glyph);
    };
    const QString square = QStringLiteral("&#9632;");
    setCornerNote(swatch(shortsColor(palette()), square) + swatch(longsColor(palette()), square) +
                  QStringLiteral("&nbsp;") + tr("estimated (model)").toHtmlEscaped() + QStringLiteral("&nbsp;&nbsp; ") +
                  swatch(paneThemeColors(theme()).neutralLine, QStringLiteral("&#9473;")) + QStringLiteral("&nbsp;") +
                  tr("realized").toHtmlEscaped());
}

void LiquidationStripPane::applyColors()
{
    const PaneThemeColors colors = paneThemeColors(theme());
    const auto paint = [](QAreaSeries* area, const QColor& color) {
        area->setBrush(color);
        QPen pen(color);
        pen.setWidth(1);
        pen.setCosmetic(true);
        area->setPen(pen);
    };
    paint(m_estimatedShortsArea, shortsColor(palette()));
    paint(m_estimatedLongsArea, longsColor(palette()));
    QPen realized(colors.neutralLine);
    realized.setWidthF(1.5);
    m_realizedShorts->setPen(realized);
    m_realizedLongs->setPen(realized);
    updateNotes();
}

}  // namespace liqheat::ui
