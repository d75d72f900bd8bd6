#pragma once

#include "heatmap_style.h"

#include "liqheat/estimate/estimator.h"
#include "liqheat/model/market_data.h"

#include <QWidget>

namespace liqheat::ui {

class FundingPane;
class RatioPane;
class LiquidationStripPane;

/// The time-synced panes under the chart (Qt Charts): funding rate, long/short ratio, and
/// estimated vs realized liquidations. Each shows "not in this snapshot" when its series is absent.
class TimePanes final : public QWidget {
    Q_OBJECT

public:
    explicit TimePanes(QWidget* parent = nullptr);

    /// Funding, ratio and realized liquidations from the data; clears the estimated strip.
    void setMarketData(const MarketData& data);
    /// Estimated liquidations per candle (the estimator's sweep).
    void setEstimatedLiquidations(const SweepSeries& sweep);
    /// Shows [fromMs, toMs] in every pane (follows the chart's visible time range).
    void setTimeRange(qint64 fromMs, qint64 toMs);
    void setTheme(Theme theme);
    void setPalette(Palette palette);
    /// Pixels left and right of every pane's plot, so the time axes sit under the main chart's
    /// plot (call with the chart's plot rectangle: left = plot.left, right = width - plot.right).
    /// Default: 0 and the price axis width (78).
    void setPlotInsets(int left, int right);

    [[nodiscard]] FundingPane* fundingPane() const { return m_funding; }
    [[nodiscard]] RatioPane* ratioPane() const { return m_ratio; }
    [[nodiscard]] LiquidationStripPane* liquidationPane() const { return m_liquidations; }

private:
    FundingPane* m_funding = nullptr;
    RatioPane* m_ratio = nullptr;
    LiquidationStripPane* m_liquidations = nullptr;
};

}  // namespace liqheat::ui
