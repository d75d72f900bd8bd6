#pragma once

#include "heatmap_style.h"

#include "liqheat/estimate/estimator.h"
#include "liqheat/model/market_data.h"

#include <QRectF>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QVBoxLayout;

namespace liqheat::ui {

class FundingPane;
class LiquidationStripPane;
class OpenInterestPane;
class RatioPane;
class RsiPane;
class TimePane;

/// The time-synced panes under the chart (Qt Charts): estimated vs realized liquidations, open
/// interest, funding rate, long/short ratios and RSI. They share the chart's visible time range,
/// its plot's left and right edges, its time grid and its crosshair; each shows "not in this
/// snapshot" when its series is absent. A right click on any pane chooses which panes show
/// (remembered).
class TimePanes final : public QWidget {
    Q_OBJECT

public:
    /// QSettings key: object names of the panes the trader hid.
    static constexpr const char* kHiddenSettingKey = "panes/hidden";

    explicit TimePanes(QWidget* parent = nullptr);

    /// Every series from the data; clears the estimated strip.
    /// The panes keep (share) the series they draw from `data`.
    void setMarketData(const std::shared_ptr<const MarketData>& data);
    /// Estimated liquidations per candle (the estimator's sweep).
    void setEstimatedLiquidations(const SweepSeries& sweep);
    /// Shows [fromMs, toMs] in every pane (follows the chart's visible time range).
    void setTimeRange(double fromMs, double toMs);
    void setTheme(Theme theme);
    void setPalette(Palette palette);
    /// Pixels left and right of every pane's plot, so the time axes sit under the main chart's
    /// plot. Default: 0 and the price axis width (78).
    void setPlotInsets(double left, double right);
    /// Lines every pane's plot up with the chart's plot rectangle (in a widget `chartWidth` wide,
    /// standing right above the panes).
    void alignToPlot(const QRectF& chartPlot, int chartWidth);
    /// Draws the crosshair line at a UTC time in every pane (none hides it).
    void setCrosshairTime(std::optional<double> timeMs);

    /// Shows or hides a pane and remembers it; the last visible pane cannot be hidden.
    void setPaneVisible(TimePane* pane, bool visible);
    [[nodiscard]] bool isPaneShown(const TimePane* pane) const;

    [[nodiscard]] LiquidationStripPane* liquidationPane() const { return m_liquidations; }
    [[nodiscard]] OpenInterestPane* openInterestPane() const { return m_openInterest; }
    [[nodiscard]] FundingPane* fundingPane() const { return m_funding; }
    [[nodiscard]] RatioPane* ratioPane() const { return m_ratio; }
    [[nodiscard]] RsiPane* rsiPane() const { return m_rsi; }
    /// Every pane, top to bottom.
    [[nodiscard]] const std::vector<TimePane*>& panes() const { return m_panes; }

signals:
    /// The mouse is over a pane at a UTC time, or has left the panes (the chart may follow).
    void crosshairMoved(double timeMs);
    void crosshairLeft();

private:
    void showPaneMenu(const QPoint& globalPos);
    /// Time labels on the lowest visible pane only.
    void updateTimeLabels();
    void saveHidden() const;

    LiquidationStripPane* m_liquidations = nullptr;
    OpenInterestPane* m_openInterest = nullptr;
    FundingPane* m_funding = nullptr;
    RatioPane* m_ratio = nullptr;
    RsiPane* m_rsi = nullptr;
    std::vector<TimePane*> m_panes;
};

}  // namespace liqheat::ui
