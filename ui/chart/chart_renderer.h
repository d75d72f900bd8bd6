#pragma once

#include "chart/chart_transform.h"
#include "chart/heatmap_image.h"
#include "heatmap_style.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/analysis/liquidation_prints.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/model/market_data.h"

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

class QPainter;

namespace liqheat::ui {

/// Where each part of the chart goes inside the area it is given.
struct ChartLayout {
    QRectF plot;       ///< heatmap and candles
    QRectF priceAxis;  ///< right of the plot
    QRectF profile;    ///< liquidation map profile, right of the price axis
    QRectF timeAxis;   ///< under the plot
};

/// What lies under a point of the plot.
struct HoverInfo {
    bool valid = false;
    double timeMs = 0.0;
    double price = 0.0;
    std::size_t column = 0;
    int bucket = 0;
    double bucketLow = 0.0;
    double bucketHigh = 0.0;
    double longUsd = 0.0;  ///< resting long notional in that bucket after that column's candle
    double shortUsd = 0.0;
    double distancePercent = 0.0;           ///< of `price` from the last price
    std::optional<LiquidationPrint> print;  ///< a realized liquidation bubble under the point
};

/// A horizontal price line drawn over the chart (trade planner: entry, stop, liquidation).
struct PriceMarker {
    QString id;
    QString label;
    double price = 0.0;
    QColor color;
    bool draggable = false;
};

/// Colours of one theme.
struct ChartColors {
    QColor background, plotBackground, grid, text, mutedText, candleUp, candleDown, priceLine, crosshair, tooltipBack;
    static ChartColors forTheme(Theme theme);
};

/// Draws the chart: heatmap image, candles, last-price line, axes, liquidation map profile and an
/// optional crosshair with its tooltip. The one paint path for the screen, PNG export,
/// --screenshot and tests; it owns the cached heatmap image.
class ChartRenderer {
public:
    /// Shares ownership: the controller may replace its snapshot or estimate at any time while
    /// a paint is still pending, so the renderer keeps what it draws alive. `estimate` may be
    /// null (candles and axes first, the heatmap when it is ready).
    void setData(std::shared_ptr<const MarketData> data, std::shared_ptr<const EstimateResult> estimate);
    void setStyle(const HeatmapStyle& style);
    void setTheme(Theme theme);
    void setClusters(std::vector<Cluster> clusters, bool show);
    void setShowProfile(bool show) { m_showProfile = show; }
    void setTitle(const QString& title) { m_title = title; }
    void setMarkers(std::vector<PriceMarker> markers) { m_markers = std::move(markers); }
    [[nodiscard]] const std::vector<PriceMarker>& markers() const { return m_markers; }
    /// A what-if price path (cascade steps), drawn right of the last candle.
    void setPricePath(std::vector<double> prices, const QString& label);
    /// Realized liquidations as bubbles at their interval's extreme (only those of at least
    /// `minUsd`); off by default.
    void setShowPrints(bool show, double minUsd);
    [[nodiscard]] const std::vector<LiquidationPrint>& prints() const { return m_prints; }
    /// Where the colour scale is drawn inside `area` (empty without an estimate).
    [[nodiscard]] QRectF legendRect(const QRectF& area) const;

    [[nodiscard]] const HeatmapStyle& style() const { return m_style; }
    [[nodiscard]] Theme theme() const { return m_theme; }
    [[nodiscard]] const HeatmapImage& heatmapImage() const { return m_heatmap; }
    /// What the heatmap is drawn from (null: candles only, the estimate is on its way).
    [[nodiscard]] const EstimateResult* estimate() const { return m_estimate.get(); }
    [[nodiscard]] bool hasData() const { return m_data != nullptr && !m_data->candles.empty(); }

    [[nodiscard]] ChartLayout layout(const QRectF& area) const;
    /// The last three days (or everything if shorter), prices framed around the candles.
    [[nodiscard]] ChartViewport defaultViewport() const;
    [[nodiscard]] ChartViewport fullViewport() const;
    [[nodiscard]] HoverInfo hoverAt(const ChartTransform& transform, const QPointF& point) const;
    /// The crosshair tooltip's lines for `info`: time, price and distance, bucket, notional at risk.
    [[nodiscard]] QStringList hoverLines(const HoverInfo& info) const;

    void paint(QPainter& painter, const QRectF& area, const ChartViewport& viewport,
               const std::optional<QPointF>& crosshair = std::nullopt) const;
    /// Paints into a new image of `size` pixels (PNG export, --screenshot of the chart, tests).
    [[nodiscard]] QImage render(const QSize& size, const ChartViewport& viewport) const;

private:
    void rebuildImage();
    void paintHeatmap(QPainter& p, const ChartTransform& t) const;
    void paintCandles(QPainter& p, const ChartTransform& t) const;
    void paintClusters(QPainter& p, const ChartTransform& t) const;
    void paintAxes(QPainter& p, const ChartLayout& l, const ChartTransform& t) const;
    void paintPriceLine(QPainter& p, const ChartLayout& l, const ChartTransform& t) const;
    void paintProfile(QPainter& p, const ChartLayout& l, const ChartTransform& t) const;
    void paintCrosshair(QPainter& p, const ChartLayout& l, const ChartTransform& t, const QPointF& at) const;
    void paintTitle(QPainter& p, const ChartLayout& l) const;
    void paintLegend(QPainter& p, const ChartLayout& l) const;
    void paintPrints(QPainter& p, const ChartTransform& t) const;
    void paintMarkers(QPainter& p, const ChartLayout& l, const ChartTransform& t) const;
    void paintPricePath(QPainter& p, const ChartTransform& t) const;
    [[nodiscard]] double columnSpanMs() const;

    std::shared_ptr<const MarketData> m_data;
    std::shared_ptr<const EstimateResult> m_estimate;
    HeatmapStyle m_style;
    Theme m_theme = Theme::Dark;
    ChartColors m_colors = ChartColors::forTheme(Theme::Dark);
    HeatmapImage m_heatmap;
    std::vector<Cluster> m_clusters;
    bool m_showClusters = false;
    bool m_showProfile = true;
    QString m_title;
    std::vector<PriceMarker> m_markers;
    std::vector<double> m_pricePath;
    std::vector<LiquidationPrint> m_prints;
    bool m_showPrints = false;
    double m_printMinUsd = 0.0;
    QString m_pricePathLabel;
};

}  // namespace liqheat::ui
