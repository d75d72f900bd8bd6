#include "panes/time_panes.h"

#include "panes/funding_pane.h"
#include "panes/liquidation_strip_pane.h"
#include "panes/ratio_pane.h"

#include <QVBoxLayout>

namespace liqheat::ui {

TimePanes::TimePanes(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("timePanes"));
    m_funding = new FundingPane(this);
    m_ratio = new RatioPane(this);
    m_liquidations = new LiquidationStripPane(this);
    // Stacked under each other and under the chart: one set of time labels, at the bottom.
    m_funding->setTimeLabelsVisible(false);
    m_ratio->setTimeLabelsVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_funding, 1);
    layout->addWidget(m_ratio, 1);
    layout->addWidget(m_liquidations, 1);
}

void TimePanes::setMarketData(const MarketData& market)
{
    m_funding->setFunding(market.fundingRate);
    m_ratio->setRatio(market.longShortRatio);
    m_liquidations->clearEstimate();
    m_liquidations->setRealized(market.liquidations, market.liquidationIntervalMs(), market.candleIntervalMs());

    // Until the chart reports its view, line the panes up on the candles rather than on each
    // series' own extent.
    if (!m_funding->hasExplicitTimeRange() && !market.candles.empty()) {
        const TimeMs from = market.candles.time.front();
        const TimeMs to = market.candles.time.back() + market.candleIntervalMs();
        for (TimePane* pane : {static_cast<TimePane*>(m_funding), static_cast<TimePane*>(m_ratio),
                               static_cast<TimePane*>(m_liquidations)}) {
            pane->setTimeRange(from, to);
        }
    }
}

void TimePanes::setEstimatedLiquidations(const SweepSeries& sweep) { m_liquidations->setEstimate(sweep); }

void TimePanes::setTimeRange(qint64 fromMs, qint64 toMs)
{
    m_funding->setTimeRange(fromMs, toMs);
    m_ratio->setTimeRange(fromMs, toMs);
    m_liquidations->setTimeRange(fromMs, toMs);
}

void TimePanes::setTheme(Theme theme)
{
    m_funding->setTheme(theme);
    m_ratio->setTheme(theme);
    m_liquidations->setTheme(theme);
}

void TimePanes::setPalette(Palette palette)
{
    m_funding->setPalette(palette);
    m_ratio->setPalette(palette);
    m_liquidations->setPalette(palette);
}

void TimePanes::setPlotInsets(int left, int right)
{
    m_funding->setPlotInsets(left, right);
    m_ratio->setPlotInsets(left, right);
    m_liquidations->setPlotInsets(left, right);
}

}  // namespace liqheat::ui
