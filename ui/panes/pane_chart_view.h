#pragma once

#include <QChartView>
#include <QColor>
#include <QFont>
#include <QString>

#include <optional>
#include <vector>

namespace liqheat::ui {

/// The chart view of a time pane. It paints what Qt Charts cannot place: the vertical time grid on
/// the main chart's round ticks (under the series), the shared crosshair line and the time labels
/// (over them), and reports where the mouse is so the other panes can follow it.
class PaneChartView final : public QChartView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaneChartView)

public:
    /// One grid line: its x in view pixels and its label.
    struct GridLine {
        double x = 0.0;
        QString label;
    };
    struct Overlay {
        std::vector<GridLine> grid;
        std::optional<double> crosshairX;
        bool timeLabels = true;
        QColor background;
        QColor gridColor;
        QColor textColor;
        QColor axisLineColor;
        QColor crosshairColor;
        QFont font;
    };

    PaneChartView(QChart* chart, QWidget* parent);

    void setOverlay(Overlay overlay);
    [[nodiscard]] const Overlay& overlay() const { return m_overlay; }

signals:
    void mouseMovedTo(const QPointF& position);
    void mouseLeft();

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    Overlay m_overlay;
};

}  // namespace liqheat::ui
