#include "panes/funding_pane.h"

#include "panes/pane_colors.h"
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

constexpr TimeMs kDefaultFundingIntervalMs = 8LL * 60 * 60 * 1000;

QAreaSeries* makeArea(QLineSeries* bars, QLineSeries* base, const QString& name)
{
    auto* area = new QAreaSeries(bars, base);
    area->setName(name);
    return area;
}

}  // namespace

FundingPane::FundingPane(QWidget* parent) : TimePane(QStringLiteral("fundingPane"), tr("Funding rate"), parent)
{
    setTickStyle(valueAxis(), {0.0, 3, QStringLiteral("%%")});  // percent, e.g. "0.010%"

    // Two areas (not one) so each sign gets its own colour; the bars of the other sign are y = 0.
    m_positiveBars = new QLineSeries(this);
    m_positiveBase = new QLineSeries(this);
    m_negativeBars = new QLineSeries(this);
    m_negativeBase = new QLineSeries(this);
    m_positiveArea = makeArea(m_positiveBars, m_positiveBase, tr("positive funding"));
    m_negativeArea = makeArea(m_negativeBars, m_negativeBase, tr("negative funding"));
    attach(m_positiveArea);
    attach(m_negativeArea);

    applyColors();
    setFunding({});
}

FundingPane::~FundingPane() = default;

void FundingPane::setFunding(const ValueSeries& funding)
{
    const std::size_t n = std::min(funding.time.size(), funding.value.size());
    m_points.clear();
    m_funding = {};
    if (n == 0) {
        m_positiveBars->clear();
        m_negativeBars->clear();
        m_positiveBase->clear();
        m_negativeBase->clear();
        showMessage(tr("Funding rate: not in this snapshot"));
        refreshReadout();
        return;
    }
    m_funding.time.assign(funding.time.begin(), funding.time.begin() + static_cast<std::ptrdiff_t>(n));
    m_funding.value.assign(funding.value.begin(), funding.value.begin() + static_cast<std::ptrdiff_t>(n));

    TimeMs lastWidth = medianSpacing(m_funding.time);
    if (lastWidth <= 0) {
        lastWidth = kDefaultFundingIntervalMs;
    }
    m_lastWidthMs = lastWidth;
    m_points.reserve(static_cast<qsizetype>(n));
    QList<QPointF> positive;
    QList<QPointF> negative;
    positive.reserve(static_cast<qsizetype>(4 * n));
    negative.reserve(static_cast<qsizetype>(4 * n));
    double lo = 0.0;
    double hi = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const TimeMs start = funding.time[i];
        const TimeMs end = i + 1 < n ? funding.time[i + 1] : start + lastWidth;
        const double rate = funding.value[i];
        const double percent = rate * 100.0;
        m_points.append(QPointF(static_cast<qreal>(start), rate));
        appendStep(positive, static_cast<qreal>(start), static_cast<qreal>(end), std::max(percent, 0.0));
        appendStep(negative, static_cast<qreal>(start), static_cast<qreal>(end), std::min(percent, 0.0));
        lo = std::min(lo, percent);
        hi = std::max(hi, percent);
    }
    closeStep(positive);
    closeStep(negative);

    const TimeMs first = funding.time.front();
    const TimeMs last = funding.time[n - 1] + lastWidth;
    const QList<QPointF> base{QPointF(positive.constFirst().x(), 0.0), QPointF(positive.constLast().x(), 0.0)};
    m_positiveBars->replace(atDisplayResolution(positive));
    m_negativeBars->replace(atDisplayResolution(negative));
    m_positiveBase->replace(base);
    m_negativeBase->replace(base);

    const double pad = std::max(hi - lo, 1e-4) * 0.1;
    setValueRange(valueAxis(), lo < 0.0 ? lo - pad : 0.0, hi > 0.0 ? hi + pad : pad);
    setDataTimeExtent(first, last);
    showChart();
    refreshReadout();
}

std::optional<double> FundingPane::rateAt(double timeMs) const
{
    const auto i = sampleIndexAt(m_funding.time, timeMs, m_lastWidthMs);
    return i ? std::optional<double>(m_funding.value[*i]) : std::nullopt;
}

QString FundingPane::readoutAt(double timeMs) const
{
    const auto rate = rateAt(timeMs);
    return rate ? percentText(*rate * 100.0, 4) : QString();
}

void FundingPane::applyColors()
{
    // No outline: the bars are contiguous, and an outline would also trace the zero baseline.
    const auto paint = [](QAreaSeries* area, const QColor& color) {
        area->setBrush(color);
        area->setPen(Qt::NoPen);
    };
    paint(m_positiveArea, fundingPositiveColor(palette()));
    paint(m_negativeArea, fundingNegativeColor(palette()));
}

}  // namespace liqheat::ui
