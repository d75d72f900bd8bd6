#include "panes/ratio_pane.h"
#include "panes/step_path.h"

#include "panes/pane_colors.h"
#include "panes/sample_lookup.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <limits>

namespace liqheat::ui {

namespace {

// The reference line reaches this far beyond the data so it stays visible when the panes follow
// a chart that shows more time than the ratio covers.
constexpr TimeMs kReferenceOverhangMs = 366LL * 24 * 60 * 60 * 1000;

/// The series cut to its shorter column.
ValueSeries trimmed(const ValueSeries& s)
{
    const std::size_t n = std::min(s.time.size(), s.value.size());
    ValueSeries out;
    out.time.assign(s.time.begin(), s.time.begin() + static_cast<std::ptrdiff_t>(n));
    out.value.assign(s.value.begin(), s.value.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
}

QList<QPointF> pointsOf(const ValueSeries& s)
{
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(s.size()));
    for (std::size_t i = 0; i < s.size(); ++i) {
        points.append(QPointF(static_cast<qreal>(s.time[i]), s.value[i]));
    }
    return points;
}

std::optional<double> valueAt(const ValueSeries& s, double timeMs)
{
    const auto i = sampleIndexAt(s.time, timeMs, std::max<TimeMs>(medianSpacing(s.time), 1));
    return i ? std::optional<double>(s.value[*i]) : std::nullopt;
}

QString swatch(const QColor& color)
{
    return QStringLiteral("<span style=\"color:%1\">&#9473;</span>&nbsp;").arg(color.name());
}

}  // namespace

RatioPane::RatioPane(QWidget* parent) : TimePane(QStringLiteral("ratioPane"), tr("Long/short ratio"), parent)
{
    setTickStyle(valueAxis(), {1.0, 2, {}});  // a grid line at 1.0

    m_reference = new QLineSeries(this);
    m_reference->setName(tr("1.0"));
    m_accountLine = new QLineSeries(this);
    m_accountLine->setName(tr("accounts"));
    m_topTraderLine = new QLineSeries(this);
    m_topTraderLine->setName(tr("top traders (positions)"));
    for (QLineSeries* series : {m_reference, m_accountLine, m_topTraderLine}) {
        attach(series);
    }

    applyColors();
    setRatios({}, {});
}

RatioPane::~RatioPane() = default;

int RatioPane::pointCount() const { return static_cast<int>(m_accountLine->count()); }

int RatioPane::topTraderPointCount() const { return static_cast<int>(m_topTraderLine->count()); }

void RatioPane::setRatios(const ValueSeries& accounts, const ValueSeries& topTraderPositions)
{
    m_accounts = trimmed(accounts);
    m_topTraders = trimmed(topTraderPositions);
    m_accountLine->replace(atDisplayResolution(pointsOf(m_accounts)));
    m_topTraderLine->replace(atDisplayResolution(pointsOf(m_topTraders)));
    updateLegend();
    if (m_accounts.empty() && m_topTraders.empty()) {
        m_reference->clear();
        showMessage(tr("Long/short ratio: not in this snapshot"));
        refreshReadout();
        return;
    }

    double lo = 1.0;
    double hi = 1.0;
    TimeMs first = std::numeric_limits<TimeMs>::max();
    TimeMs last = std::numeric_limits<TimeMs>::min();
    for (const ValueSeries* s : {&m_accounts, &m_topTraders}) {
        if (s->empty()) {
            continue;
        }
        const auto [mn, mx] = std::minmax_element(s->value.cbegin(), s->value.cend());
        lo = std::min(lo, *mn);
        hi = std::max(hi, *mx);
        first = std::min(first, s->time.front());
        last = std::max(last, s->time.back());
    }
    m_reference->replace(QList<QPointF>{QPointF(static_cast<qreal>(first - kReferenceOverhangMs), 1.0),
                                        QPointF(static_cast<qreal>(last + kReferenceOverhangMs), 1.0)});

    const double pad = std::max(hi - lo, 0.02) * 0.1;
    setValueRange(valueAxis(), std::max(0.0, lo - pad), hi + pad);
    setDataTimeExtent(first, last);
    showChart();
    refreshReadout();
}

std::optional<double> RatioPane::accountRatioAt(double timeMs) const { return valueAt(m_accounts, timeMs); }

std::optional<double> RatioPane::topTraderRatioAt(double timeMs) const { return valueAt(m_topTraders, timeMs); }

QString RatioPane::readoutAt(double timeMs) const
{
    QStringList parts;
    if (const auto a = accountRatioAt(timeMs)) {
        parts << tr("accounts %1").arg(*a, 0, 'f', 2);
    }
    if (const auto t = topTraderRatioAt(timeMs)) {
        parts << tr("top traders %1").arg(*t, 0, 'f', 2);
    }
    return parts.join(QStringLiteral("  "));
}

void RatioPane::updateLegend()
{
    // Names the lines (only those drawn), and says which one the snapshot lacks.
    const PaneThemeColors colors = paneThemeColors(theme());
    QStringList parts;
    if (!m_accounts.empty()) {
        parts << swatch(colors.accentLine) + tr("accounts").toHtmlEscaped();
    }
    if (!m_topTraders.empty()) {
        parts << swatch(colors.secondAccentLine) + tr("top traders (positions)").toHtmlEscaped();
    } else if (!m_accounts.empty()) {
        parts << tr("top traders: not in this snapshot").toHtmlEscaped();
    }
    setCornerNote(parts.join(QStringLiteral("&nbsp;&nbsp; ")));
}

void RatioPane::applyColors()
{
    const PaneThemeColors colors = paneThemeColors(theme());
    QPen line(colors.accentLine);
    line.setWidthF(1.5);
    m_accountLine->setPen(line);
    QPen top(colors.secondAccentLine);
    top.setWidthF(1.5);
    m_topTraderLine->setPen(top);
    QPen reference(colors.referenceLine);
    reference.setWidthF(1.0);
    reference.setStyle(Qt::DashLine);
    m_reference->setPen(reference);
    updateLegend();
}

}  // namespace liqheat::ui
