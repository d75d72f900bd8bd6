#include "panes/time_panes.h"

#include "panes/funding_pane.h"
#include "panes/liquidation_strip_pane.h"
#include "panes/open_interest_pane.h"
#include "panes/pane_chart_view.h"
#include "panes/ratio_pane.h"
#include "panes/rsi_pane.h"

#include <QMenu>
#include <QSettings>
#include <QVBoxLayout>

#include <algorithm>

namespace liqheat::ui {

TimePanes::TimePanes(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("timePanes"));
    m_liquidations = new LiquidationStripPane(this);
    m_openInterest = new OpenInterestPane(this);
    m_funding = new FundingPane(this);
    m_ratio = new RatioPane(this);
    m_rsi = new RsiPane(this);
    // Liquidations first: the pane that checks the heatmap right under it.
    m_panes = {m_liquidations, m_openInterest, m_funding, m_ratio, m_rsi};

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    const QStringList hidden = QSettings().value(QLatin1String(kHiddenSettingKey)).toStringList();
    // The liquidations pane gets more height: its bars are the check on the heatmap, and a realized
    // spike on the shared scale leaves the rest short. At the default window size the stack sits at
    // its minimum, so the minimum is what sets the share.
    m_liquidations->setMinimumHeight(m_liquidations->minimumHeight() * 3 / 2);
    for (TimePane* pane : m_panes) {
        layout->addWidget(pane, pane == m_liquidations ? 2 : 1);
        pane->setVisible(!hidden.contains(pane->objectName()));
        // The line follows the mouse from one pane to the others.
        connect(pane, &TimePane::crosshairMoved, this, [this](double timeMs) {
            setCrosshairTime(timeMs);
            emit crosshairMoved(timeMs);
        });
        connect(pane, &TimePane::crosshairLeft, this, [this] {
            setCrosshairTime(std::nullopt);
            emit crosshairLeft();
        });
        for (QWidget* target : {static_cast<QWidget*>(pane), static_cast<QWidget*>(pane->chartView())}) {
            target->setContextMenuPolicy(Qt::CustomContextMenu);
            connect(target, &QWidget::customContextMenuRequested, this,
                    [this, target](const QPoint& at) { showPaneMenu(target->mapToGlobal(at)); });
        }
    }
    if (std::none_of(m_panes.cbegin(), m_panes.cend(), [this](const TimePane* p) { return isPaneShown(p); })) {
        m_liquidations->setVisible(true);
    }
    updateTimeLabels();
}

void TimePanes::setMarketData(const std::shared_ptr<const MarketData>& shared)
{
    const MarketData& market = *shared;
    m_liquidations->clearEstimate();
    m_liquidations->setRealized(market.liquidations, market.liquidationIntervalMs(), market.candleIntervalMs());
    // Aliasing pointers: each shares ownership of the whole market and points at one series.
    const std::shared_ptr<const CandleSeries> candles(shared, &market.candles);
    m_openInterest->setOpenInterest(std::shared_ptr<const OpenInterestSeries>(shared, &market.openInterest), candles,
                                    QString::fromStdString(market.source.symbol));
    m_funding->setFunding(market.fundingRate);
    m_ratio->setRatios(market.longShortRatio, market.topTraderPositionRatio);
    m_rsi->setCandles(candles);

    // Until the chart reports its view, line the panes up on the candles rather than on each
    // series' own extent.
    if (!m_funding->hasExplicitTimeRange() && !market.candles.empty()) {
        setTimeRange(static_cast<double>(market.candles.time.front()),
                     static_cast<double>(market.candles.time.back() + market.candleIntervalMs()));
    }
}

void TimePanes::setEstimatedLiquidations(const SweepSeries& sweep) { m_liquidations->setEstimate(sweep); }

void TimePanes::setTimeRange(double fromMs, double toMs)
{
    for (TimePane* pane : m_panes) {
        pane->setTimeRange(fromMs, toMs);
    }
}

void TimePanes::setTheme(Theme theme)
{
    for (TimePane* pane : m_panes) {
        pane->setTheme(theme);
    }
}

void TimePanes::setPalette(Palette palette)
{
    for (TimePane* pane : m_panes) {
        pane->setPalette(palette);
    }
}

void TimePanes::setPlotInsets(double left, double right)
{
    for (TimePane* pane : m_panes) {
        pane->setPlotInsets(left, right);
    }
}

void TimePanes::alignToPlot(const QRectF& chartPlot, int chartWidth)
{
    setPlotInsets(chartPlot.left(), chartWidth - chartPlot.right());
}

void TimePanes::setCrosshairTime(std::optional<double> timeMs)
{
    for (TimePane* pane : m_panes) {
        pane->setCrosshairTime(timeMs);
    }
}

bool TimePanes::isPaneShown(const TimePane* pane) const { return !pane->isHidden(); }

void TimePanes::setPaneVisible(TimePane* pane, bool visible)
{
    const auto shown =
        std::count_if(m_panes.cbegin(), m_panes.cend(), [this](const TimePane* p) { return isPaneShown(p); });
    if (!visible && shown <= 1 && isPaneShown(pane)) {
        return;  // an empty stack would leave nothing to bring the panes back from
    }
    pane->setVisible(visible);
    updateTimeLabels();
    saveHidden();
}

void TimePanes::showPaneMenu(const QPoint& globalPos)
{
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("timePanesMenu"));
    const auto shown =
        std::count_if(m_panes.cbegin(), m_panes.cend(), [this](const TimePane* p) { return isPaneShown(p); });
    for (TimePane* pane : m_panes) {
        QAction* action = menu.addAction(pane->title());
        action->setCheckable(true);
        action->setChecked(isPaneShown(pane));
        action->setEnabled(!(isPaneShown(pane) && shown <= 1));
        connect(action, &QAction::toggled, this, [this, pane](bool on) { setPaneVisible(pane, on); });
    }
    menu.exec(globalPos);
}

void TimePanes::updateTimeLabels()
{
    TimePane* lowest = nullptr;
    for (TimePane* pane : m_panes) {
        if (isPaneShown(pane)) {
            lowest = pane;
        }
    }
    for (TimePane* pane : m_panes) {
        pane->setTimeLabelsVisible(pane == lowest);
    }
}

void TimePanes::saveHidden() const
{
    QStringList hidden;
    for (const TimePane* pane : m_panes) {
        if (!isPaneShown(pane)) {
            hidden << pane->objectName();
        }
    }
    QSettings().setValue(QLatin1String(kHiddenSettingKey), hidden);
}

}  // namespace liqheat::ui
