#include "panes/rsi_pane.h"
#include "panes/step_path.h"

#include "panes/pane_colors.h"
#include "panes/sample_lookup.h"

#include "liqheat/analysis/indicators.h"

#include <QChart>
#include <QLineSeries>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QValueAxis>

#include <algorithm>

namespace liqheat::ui {

namespace {

// The level lines reach this far beyond the data so they stay visible when the panes follow a
// chart that shows more time than the candles cover.
constexpr TimeMs kLevelOverhangMs = 366LL * 24 * 60 * 60 * 1000;

}  // namespace

RsiPane::RsiPane(QWidget* parent) : TimePane(QStringLiteral("rsiPane"), tr("RSI"), parent)
{
    m_period =
        std::clamp(QSettings().value(QLatin1String(kPeriodSettingKey), kDefaultPeriod).toInt(), kMinPeriod, kMaxPeriod);
    // Labels at 30 and 70 only: the two levels a trader reads the line against.
    setTickStyle(valueAxis(), {kOversold, 0, {}, kOverbought - kOversold});
    setValueRange(valueAxis(), 0.0, 100.0);

    m_periodBox = new QSpinBox(this);
    m_periodBox->setObjectName(QStringLiteral("rsiPanePeriod"));
    m_periodBox->setRange(kMinPeriod, kMaxPeriod);
    m_periodBox->setValue(m_period);
    m_periodBox->setToolTip(tr("RSI period in candles"));
    m_periodBox->setButtonSymbols(QAbstractSpinBox::NoButtons);
    m_periodBox->setKeyboardTracking(false);
    m_periodBox->setFrame(false);
    connect(m_periodBox, &QSpinBox::valueChanged, this, &RsiPane::setPeriod);
    addCaptionWidget(m_periodBox);

    m_overbought = new QLineSeries(this);
    m_overbought->setName(tr("overbought"));
    m_oversold = new QLineSeries(this);
    m_oversold->setName(tr("oversold"));
    m_line = new QLineSeries(this);
    m_line->setName(tr("RSI"));
    for (QLineSeries* series : {m_overbought, m_oversold, m_line}) {
        attach(series);
    }
    setCornerNote(tr("overbought > %1, oversold < %2").arg(kOverbought).arg(kOversold));

    applyColors();
    rebuild();
}

RsiPane::~RsiPane() = default;

void RsiPane::setCandles(std::shared_ptr<const CandleSeries> candles)
{
    m_candles = candles ? std::move(candles) : std::make_shared<const CandleSeries>();
    m_candleMs = std::max<TimeMs>(medianSpacing(m_candles->time), 1);
    rebuild();
}

void RsiPane::setPeriod(int period)
{
    period = std::clamp(period, kMinPeriod, kMaxPeriod);
    QSettings().setValue(QLatin1String(kPeriodSettingKey), period);
    {
        const QSignalBlocker block(m_periodBox);
        m_periodBox->setValue(period);
    }
    if (period != m_period) {
        m_period = period;
        rebuild();
    }
}

void RsiPane::rebuild()
{
    m_rsi = {};
    if (auto rsi = relativeStrengthIndex(*m_candles, m_period); rsi.ok()) {
        m_rsi = std::move(rsi).value();
    }
    if (m_rsi.empty()) {
        m_line->clear();
        m_overbought->clear();
        m_oversold->clear();
        showMessage(m_candles->empty() ? tr("RSI: no candles")
                                      : tr("RSI %1: needs %2 candles").arg(m_period).arg(m_period + 1));
        refreshReadout();
        return;
    }
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(m_rsi.size()));
    for (std::size_t i = 0; i < m_rsi.size(); ++i) {
        points.append(QPointF(static_cast<qreal>(m_rsi.time[i]), m_rsi.value[i]));
    }
    m_line->replace(atDisplayResolution(points));
    const auto from = static_cast<qreal>(m_rsi.time.front() - kLevelOverhangMs);
    const auto to = static_cast<qreal>(m_rsi.time.back() + kLevelOverhangMs);
    m_overbought->replace(QList<QPointF>{{from, kOverbought}, {to, kOverbought}});
    m_oversold->replace(QList<QPointF>{{from, kOversold}, {to, kOversold}});
    setCaption(tr("RSI"));
    setDataTimeExtent(m_candles->time.front(), m_candles->time.back() + m_candleMs);
    showChart();
    refreshReadout();
}

std::optional<double> RsiPane::rsiAt(double timeMs) const
{
    const auto i = sampleIndexAt(m_rsi.time, timeMs, m_candleMs);
    return i ? std::optional<double>(m_rsi.value[*i]) : std::nullopt;
}

QString RsiPane::readoutAt(double timeMs) const
{
    const auto value = rsiAt(timeMs);
    return value ? QString::number(*value, 'f', 1) : QString();
}

void RsiPane::applyColors()
{
    const PaneThemeColors colors = paneThemeColors(theme());
    QPen line(colors.accentLine);
    line.setWidthF(1.5);
    m_line->setPen(line);
    // Overbought in the "short" hue (a pullback is due), oversold in the "long" hue.
    QPen over(shortsColor(palette()));
    over.setStyle(Qt::DashLine);
    over.setWidthF(1.0);
    m_overbought->setPen(over);
    QPen under(longsColor(palette()));
    under.setStyle(Qt::DashLine);
    under.setWidthF(1.0);
    m_oversold->setPen(under);
}

}  // namespace liqheat::ui
