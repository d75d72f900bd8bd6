#include "panes/open_interest_pane.h"

#include "panes/pane_colors.h"
#include "panes/pane_units.h"
#include "panes/sample_lookup.h"
#include "panes/step_path.h"
#include "text_format.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QSettings>
#include <QToolButton>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace liqheat::ui {

namespace {

/// The change bars fill the bottom part of the pane, the level line the rest above them.
constexpr double kChangeBandShare = 0.35;
constexpr double kLevelBandBottom = 0.40;
constexpr double kLevelBandTop = 0.95;

}  // namespace

OpenInterestPane::OpenInterestPane(QWidget* parent)
    : TimePane(QStringLiteral("openInterestPane"), tr("Open interest"), parent)
{
    m_quote = QSettings().value(QLatin1String(kQuoteSettingKey), true).toBool();

    m_unitButton = new QToolButton(this);
    m_unitButton->setObjectName(QStringLiteral("openInterestPaneUnitButton"));
    m_unitButton->setAutoRaise(true);
    m_unitButton->setCursor(Qt::PointingHandCursor);
    connect(m_unitButton, &QToolButton::clicked, this, [this] { setQuoteUnits(!m_quote); });
    addCaptionWidget(m_unitButton);

    // The change band's scale is its own (a change is a thousandth of the level); it has no labels,
    // the corner note states its largest bar instead.
    m_changeAxis = new QValueAxis(chart());
    m_changeAxis->setObjectName(QStringLiteral("openInterestPaneChangeAxis"));
    chart()->addAxis(m_changeAxis, Qt::AlignLeft);
    m_changeAxis->setVisible(false);

    m_rises = new QLineSeries(this);
    m_risesBase = new QLineSeries(this);
    m_falls = new QLineSeries(this);
    m_fallsBase = new QLineSeries(this);
    m_risesArea = new QAreaSeries(m_rises, m_risesBase);
    m_risesArea->setName(tr("open interest up"));
    m_fallsArea = new QAreaSeries(m_falls, m_fallsBase);
    m_fallsArea->setName(tr("open interest down"));
    attach(m_risesArea, m_changeAxis);
    attach(m_fallsArea, m_changeAxis);
    m_level = new QLineSeries(this);
    m_level->setName(tr("open interest"));
    attach(m_level);

    applyColors();
    rebuild();
}

OpenInterestPane::~OpenInterestPane() = default;

void OpenInterestPane::setOpenInterest(std::shared_ptr<const OpenInterestSeries> oi,
                                       std::shared_ptr<const CandleSeries> candles, const QString& symbol)
{
    m_source = oi ? std::move(oi) : std::make_shared<const OpenInterestSeries>();
    m_candles = candles ? std::move(candles) : std::make_shared<const CandleSeries>();
    m_baseAsset = symbol.isEmpty() ? tr("base") : baseAssetOf(symbol);
    rebuild();
}

void OpenInterestPane::setQuoteUnits(bool quote)
{
    QSettings().setValue(QLatin1String(kQuoteSettingKey), quote);
    if (quote != m_quote) {
        m_quote = quote;
        rebuild();
    }
}

QString OpenInterestPane::unitName() const { return m_quote ? QStringLiteral("USD") : m_baseAsset; }

void OpenInterestPane::rebuild()
{
    // The button names the unit it switches to.
    m_unitButton->setText(m_quote ? tr("in %1").arg(m_baseAsset) : tr("in USD"));
    m_unitButton->setToolTip(tr("Show open interest in %1").arg(m_quote ? m_baseAsset : QStringLiteral("USD")));

    m_shown = openInterestIn(*m_source, *m_candles, m_quote);
    const std::size_t n = m_shown.size();
    m_spacingMs = std::max<TimeMs>(medianSpacing(m_shown.time), 1);
    if (n == 0) {
        for (QLineSeries* s : {m_level, m_rises, m_falls, m_risesBase, m_fallsBase}) {
            s->clear();
        }
        setCornerNote({});
        showMessage(m_source->empty() ? tr("Open interest: not in this snapshot")
                                     : tr("Open interest: no candles to convert it with"));
        refreshReadout();
        return;
    }
    setCaption(
        tr("Open interest, %1; change per %2").arg(unitName(), QString::fromStdString(formatInterval(m_spacingMs))));

    const auto [lo, hi] = std::minmax_element(m_shown.value.cbegin(), m_shown.value.cend());
    const CompactUnit unit = compactUnitFor(std::max(std::abs(*lo), std::abs(*hi)));
    QList<QPointF> level;
    level.reserve(static_cast<qsizetype>(n));
    QList<QPointF> rises;
    QList<QPointF> falls;
    double largestChange = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        level.append(QPointF(static_cast<qreal>(m_shown.time[i]), m_shown.value[i] / unit.divisor));
        if (i == 0) {
            continue;
        }
        const double change = m_shown.value[i] - m_shown.value[i - 1];
        largestChange = std::max(largestChange, std::abs(change));
        const auto x0 = static_cast<qreal>(m_shown.time[i]);
        const auto x1 = static_cast<qreal>(i + 1 < n ? m_shown.time[i + 1] : m_shown.time[i] + m_spacingMs);
        appendStep(rises, x0, x1, std::max(change, 0.0));
        appendStep(falls, x0, x1, std::min(change, 0.0));
    }
    closeStep(rises);
    closeStep(falls);
    m_level->replace(atDisplayResolution(level));
    m_rises->replace(atDisplayResolution(rises));
    m_falls->replace(atDisplayResolution(falls));
    const QList<QPointF> base =
        rises.isEmpty() ? QList<QPointF>{}
                        : QList<QPointF>{QPointF(rises.constFirst().x(), 0.0), QPointF(rises.constLast().x(), 0.0)};
    m_risesBase->replace(base);
    m_fallsBase->replace(base);

    // The level axis: the line between kLevelBandBottom and kLevelBandTop of the height.
    const double levelLo = *lo / unit.divisor;
    const double levelSpan = std::max((*hi - *lo) / unit.divisor, std::abs(levelLo) * 1e-4 + 1e-9);
    const double axisSpan = levelSpan / (kLevelBandTop - kLevelBandBottom);
    const double axisLo = levelLo - kLevelBandBottom * axisSpan;
    setTickStyle(valueAxis(), {0.0, 0, QLatin1String(unit.suffix)});
    setValueRange(valueAxis(), axisLo, axisLo + axisSpan);

    // The change axis: zero in the middle of the bottom band, the largest bar at its edge.
    const double halfBand = std::max(largestChange, 1e-12) * 1.05;
    const double changeSpan = 2.0 * halfBand / kChangeBandShare;
    m_changeAxis->setRange(-halfBand, -halfBand + changeSpan);

    setCornerNote(tr("bars: change, largest %1").arg(amountText(largestChange, false)));
    setDataTimeExtent(m_shown.time.front(), m_shown.time.back() + m_spacingMs);
    showChart();
    refreshReadout();
}

std::optional<double> OpenInterestPane::levelAt(double timeMs) const
{
    const auto i = sampleIndexAt(m_shown.time, timeMs, m_spacingMs);
    return i ? std::optional<double>(m_shown.value[*i]) : std::nullopt;
}

std::optional<double> OpenInterestPane::changeAt(double timeMs) const
{
    const auto i = sampleIndexAt(m_shown.time, timeMs, m_spacingMs);
    if (!i || *i == 0) {
        return std::nullopt;
    }
    return m_shown.value[*i] - m_shown.value[*i - 1];
}

QString OpenInterestPane::amountText(double value, bool signedValue) const
{
    const QString sign = signedValue && value > 0.0 ? QStringLiteral("+") : QString();
    if (m_quote) {
        return sign + usdText(value) + QStringLiteral(" USD");
    }
    // Whole coins for the level, tenths for a change of a few coins.
    const int decimals = std::abs(value) >= 1000.0 ? 0 : 1;
    return sign + QString::number(value, 'f', decimals) + QLatin1Char(' ') + m_baseAsset;
}

QString OpenInterestPane::readoutAt(double timeMs) const
{
    const auto level = levelAt(timeMs);
    if (!level) {
        return {};
    }
    QString text = amountText(*level, false);
    if (const auto change = changeAt(timeMs)) {
        text += QStringLiteral("  \u0394 ") + amountText(*change, true);
    }
    return text;
}

void OpenInterestPane::applyColors()
{
    const PaneThemeColors colors = paneThemeColors(theme());
    QPen line(colors.accentLine);
    line.setWidthF(1.5);
    m_level->setPen(line);
    // Bars without an outline (contiguous; an outline would also trace the zero line), translucent
    // so the level line stays readable where they meet.
    const auto paint = [](QAreaSeries* area, QColor color) {
        color.setAlpha(200);
        area->setBrush(color);
        area->setPen(Qt::NoPen);
    };
    paint(m_risesArea, fundingPositiveColor(palette()));
    paint(m_fallsArea, fundingNegativeColor(palette()));
}

}  // namespace liqheat::ui
