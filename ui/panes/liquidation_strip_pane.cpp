#include "panes/liquidation_strip_pane.h"

#include "panes/pane_colors.h"
#include "panes/step_path.h"
#include "panes/utc_axis.h"

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

/// Axis values are USD divided by a power of a thousand so labels stay short ("2.5M").
struct UsdUnit {
    double divisor = 1.0;
    const char* suffix = "";
};

UsdUnit unitFor(double magnitude)
{
    if (magnitude >= 1e9) {
        return {1e9, "B"};
    }
    if (magnitude >= 1e6) {
        return {1e6, "M"};
    }
    if (magnitude >= 1e3) {
        return {1e3, "k"};
    }
    return {};
}

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

    m_realizedShorts = new QLineSeries();
    m_realizedShorts->setName(tr("realized"));
    m_realizedLongs = new QLineSeries();
    m_realizedLongs->setName(tr("realized longs"));

    // Realized volumes are whole-market prints, the estimate is a model of one exchange's book:
    // magnitudes differ, so realized gets its own (right) axis with zero aligned to the left one.
    m_realizedAxis = new QValueAxis(chart());
    m_realizedAxis->setObjectName(QStringLiteral("liquidationStripPaneRealizedAxis"));
    chart()->addAxis(m_realizedAxis, Qt::AlignRight);  // outside the estimate's axis
    styleAxis(m_realizedAxis, false);
    m_realizedAxis->setVisible(false);

    for (QAbstractSeries* series :
         {static_cast<QAbstractSeries*>(m_estimatedShortsArea), static_cast<QAbstractSeries*>(m_estimatedLongsArea)}) {
        chart()->addSeries(series);
        series->attachAxis(timeAxis());
        series->attachAxis(valueAxis());
    }
    for (QLineSeries* series : {m_realizedShorts, m_realizedLongs}) {
        chart()->addSeries(series);  // the chart owns them from here
        series->attachAxis(timeAxis());
        series->attachAxis(m_realizedAxis);
    }

    applyColors();
    rebuild();
}

LiquidationStripPane::~LiquidationStripPane() = default;

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
        QString text = tr("Estimated liquidations: nothing estimated yet");
        if (!hasRealized()) {
            text += QLatin1Char('\n') + tr("Realized liquidations: not in this snapshot");
        }
        updateNotes();
        showMessage(text);
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

    // Zero sits at the same height on both axes: each side's extent relative to its own maximum.
    const double estLong = maxOf(barLong);
    const double estShort = maxOf(barShort);
    const double estMax = std::max({estLong, estShort, 1.0});
    double down = estLong / estMax;
    double up = estShort / estMax;
    double realMax = 1.0;
    if (m_showsRealized) {
        const double realLong = maxOf(m_realized.longUsd);
        const double realShort = maxOf(m_realized.shortUsd);
        realMax = std::max({realLong, realShort, 1.0});
        down = std::max(down, realLong / realMax);
        up = std::max(up, realShort / realMax);
    }
    // Keep both sides visible even when one is empty, so "up" and "down" stay readable.
    down = std::max(down, 0.1);
    up = std::max(up, 0.1);

    const UsdUnit estUnit = unitFor(estMax);
    QList<QPointF> shorts;
    QList<QPointF> longs;
    shorts.reserve(static_cast<qsizetype>(2 * barTime.size() + 2));
    longs.reserve(static_cast<qsizetype>(2 * barTime.size() + 2));
    for (std::size_t i = 0; i < barTime.size(); ++i) {
        const auto x0 = static_cast<qreal>(barTime[i]);
        const auto x1 = static_cast<qreal>(barTime[i] + m_estimatedBarMs);
        appendStep(shorts, x0, x1, barShort[i] / estUnit.divisor);
        appendStep(longs, x0, x1, -barLong[i] / estUnit.divisor);
    }
    closeStep(shorts);
    closeStep(longs);
    utcToAxis(shorts);
    utcToAxis(longs);
    const QList<QPointF> base{QPointF(shorts.constFirst().x(), 0.0), QPointF(shorts.constLast().x(), 0.0)};
    m_estimatedShorts->replace(shorts);
    m_estimatedLongs->replace(longs);
    m_estimatedShortsBase->replace(base);
    m_estimatedLongsBase->replace(base);
    setUsdRange(valueAxis(), down, up, estMax, estUnit.divisor, QLatin1String(estUnit.suffix));

    if (m_showsRealized) {
        const UsdUnit realUnit = unitFor(realMax);
        QList<QPointF> realShorts;
        QList<QPointF> realLongs;
        realShorts.reserve(static_cast<qsizetype>(2 * m_realized.time.size() + 2));
        realLongs.reserve(static_cast<qsizetype>(2 * m_realized.time.size() + 2));
        for (std::size_t i = 0; i < m_realized.time.size(); ++i) {
            const auto x0 = static_cast<qreal>(m_realized.time[i]);
            const auto x1 = static_cast<qreal>(m_realized.time[i] + realizedMs);
            appendStep(realShorts, x0, x1, m_realized.shortUsd[i] / realUnit.divisor);
            appendStep(realLongs, x0, x1, -m_realized.longUsd[i] / realUnit.divisor);
        }
        closeStep(realShorts);
        closeStep(realLongs);
        utcToAxis(realShorts);
        utcToAxis(realLongs);
        m_realizedShorts->replace(realShorts);
        m_realizedLongs->replace(realLongs);
        setUsdRange(m_realizedAxis, down, up, realMax, realUnit.divisor, QLatin1String(realUnit.suffix));
        m_realizedCount = static_cast<int>(m_realized.time.size());
    } else {
        m_realizedShorts->clear();
        m_realizedLongs->clear();
        m_realizedCount = 0;
    }
    m_realizedAxis->setVisible(m_showsRealized);

    setCaption(m_estimatedBarMs == candleMs ? tr("Liquidations per candle (shorts up, longs down)")
                                            : tr("Liquidations per %1 (shorts up, longs down)")
                                                  .arg(QString::fromStdString(formatInterval(m_estimatedBarMs))));
    updateNotes();
    setDataTimeExtent(m_estimate.time.front(), m_estimate.time.back() + candleMs);
    showChart();
}

void LiquidationStripPane::setUsdRange(QValueAxis* axis, double down, double up, double magnitude, double divisor,
                                       const QString& suffix)
{
    setTickStyle(axis, {0.0, 0, suffix});
    setValueRange(axis, -down * magnitude * kAxisPadding / divisor, up * magnitude * kAxisPadding / divisor);
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
    styleAxis(m_realizedAxis, false);
    updateNotes();
}

}  // namespace liqheat::ui
