#include "panes/ratio_pane.h"

#include "panes/pane_colors.h"
#include "panes/utc_axis.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace liqheat::ui {

namespace {

// The reference line reaches this far beyond the data so it stays visible when the panes follow
// a chart that shows more time than the ratio covers.
constexpr TimeMs kReferenceOverhangMs = 366LL * 24 * 60 * 60 * 1000;

}  // namespace

RatioPane::RatioPane(QWidget* parent) : TimePane(QStringLiteral("ratioPane"), tr("Long/short ratio"), parent)
{
    setTickStyle(valueAxis(), {1.0, 2, {}});  // a grid line at 1.0

    m_reference = new QLineSeries(this);
    m_reference->setName(tr("1.0"));
    m_ratio = new QLineSeries(this);
    m_ratio->setName(tr("long/short ratio"));
    for (QLineSeries* series : {m_reference, m_ratio}) {
        chart()->addSeries(series);
        const auto axes = chart()->axes();
        for (QAbstractAxis* axis : axes) {
            series->attachAxis(axis);
        }
    }

    applyColors();
    setRatio({});
}

RatioPane::~RatioPane() = default;

int RatioPane::pointCount() const { return static_cast<int>(m_ratio->count()); }

void RatioPane::setRatio(const ValueSeries& ratio)
{
    const std::size_t n = std::min(ratio.time.size(), ratio.value.size());
    if (n == 0) {
        m_ratio->clear();
        m_reference->clear();
        showMessage(tr("Long/short ratio: not in this snapshot"));
        return;
    }

    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(n));
    double lo = 1.0;
    double hi = 1.0;
    for (std::size_t i = 0; i < n; ++i) {
        points.append(QPointF(static_cast<qreal>(ratio.time[i]), ratio.value[i]));
        lo = std::min(lo, ratio.value[i]);
        hi = std::max(hi, ratio.value[i]);
    }
    utcToAxis(points);
    const TimeMs first = ratio.time.front();
    const TimeMs last = ratio.time[n - 1];
    m_ratio->replace(points);
    m_reference->replace(QList<QPointF>{QPointF(static_cast<qreal>(utcToAxisMs(first - kReferenceOverhangMs)), 1.0),
                                        QPointF(static_cast<qreal>(utcToAxisMs(last + kReferenceOverhangMs)), 1.0)});

    const double pad = std::max(hi - lo, 0.02) * 0.1;
    setValueRange(valueAxis(), std::max(0.0, lo - pad), hi + pad);
    setDataTimeExtent(first, last);
    showChart();
}

void RatioPane::applyColors()
{
    const PaneThemeColors colors = paneThemeColors(theme());
    QPen line(colors.accentLine);
    line.setWidthF(1.5);
    m_ratio->setPen(line);
    QPen reference(colors.referenceLine);
    reference.setWidthF(1.0);
    reference.setStyle(Qt::DashLine);
    m_reference->setPen(reference);
}

}  // namespace liqheat::ui
