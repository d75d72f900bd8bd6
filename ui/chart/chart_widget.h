#pragma once

#include "chart/chart_renderer.h"

#include <QPoint>
#include <QWidget>

#include <optional>

namespace liqheat::ui {

/// The heatmap chart on screen: paints through ChartRenderer and turns mouse and keys into
/// viewport changes. Wheel zooms time (Ctrl or Shift, or over the price axis: price), drag pans,
/// double-click resets; keys: +/- zoom, arrows pan, Shift+Up/Down zoom price, Home resets.
class ChartWidget final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartWidget)

public:
    explicit ChartWidget(QWidget* parent = nullptr);

    [[nodiscard]] ChartRenderer& renderer() { return m_renderer; }
    [[nodiscard]] const ChartRenderer& renderer() const { return m_renderer; }
    [[nodiscard]] const ChartViewport& viewport() const { return m_viewport; }
    void setViewport(const ChartViewport& viewport);
    void resetView();
    void zoomBy(double factor);
    /// Re-read data and style from the renderer and repaint (after the controller changed them).
    void dataChanged(bool resetViewport);
    /// Moves the view so `price` is centred vertically (clusters list).
    void centreOnPrice(double price);
    /// Shows or hides the liquidation map profile (changes the plot width).
    void setShowProfile(bool show);

    [[nodiscard]] ChartTransform transform() const;
    [[nodiscard]] std::optional<QPointF> crosshair() const { return m_crosshair; }
    /// A time line from elsewhere (a pane under the cursor), drawn while the chart has no crosshair.
    void setTimeCursor(std::optional<double> timeMs);
    [[nodiscard]] std::optional<double> timeCursor() const { return m_timeCursor; }
    void setCrosshair(const std::optional<QPointF>& at);
    /// The draggable marker under `point` (within a few pixels), or an empty id.
    [[nodiscard]] QString markerAt(const QPointF& point) const;
    /// Drags a marker as the mouse would: press on it, move to `to`, release.
    void dragMarker(const QString& id, const QPointF& to);

    /// The chart alone as an image of the widget's size (Export PNG).
    [[nodiscard]] QImage renderImage(const QSize& size) const;

signals:
    void viewportChanged(const liqheat::ui::ChartViewport& viewport);
    void hoverChanged(const liqheat::ui::HoverInfo& info);
    /// The plot rectangle moved (resize, profile shown or hidden): panes below align to it.
    void plotRectChanged(const QRectF& plot, int widgetWidth);
    /// The crosshair is over the plot at a UTC time (mouse move, or the view moved under it): the
    /// panes below draw their line there.
    void crosshairMoved(double timeMs);
    /// The crosshair left the plot (mouse outside it or off the chart).
    void crosshairLeft();
    /// A draggable marker was moved to `price` (emitted while dragging).
    void markerDragged(const QString& id, double price);

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyViewport(const ChartViewport& viewport);
    void emitCrosshairTime();

    ChartRenderer m_renderer;
    ChartViewport m_viewport;
    std::optional<QPointF> m_crosshair;
    std::optional<double> m_timeCursor;
    std::optional<QPoint> m_dragOrigin;
    ChartViewport m_dragStartViewport;
    bool m_draggingPriceAxis = false;
    QString m_draggingMarker;
};

}  // namespace liqheat::ui
