#include "chart_widget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QWheelEvent>

#include <cmath>

namespace liqheat::ui {
namespace {

constexpr double kWheelZoomPerNotch = 0.85;
constexpr double kMinTimeSpanMs = 30.0 * 60'000.0;

}  // namespace

ChartWidget::ChartWidget(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("chart"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 200);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::CrossCursor);
}

ChartTransform ChartWidget::transform() const { return {m_renderer.layout(QRectF(rect())).plot, m_viewport}; }

void ChartWidget::setViewport(const ChartViewport& viewport) { applyViewport(viewport); }

void ChartWidget::applyViewport(const ChartViewport& viewport)
{
    const double minPrice = std::max(1e-9, std::abs(viewport.priceHigh) * 1e-4);
    const ChartViewport clamped = clampViewport(viewport, kMinTimeSpanMs, minPrice);
    if (clamped == m_viewport) {
        return;
    }
    m_viewport = clamped;
    update();
    emit viewportChanged(m_viewport);
    emitCrosshairTime();  // the same pixel now shows another time
}

void ChartWidget::resetView() { applyViewport(m_renderer.defaultViewport()); }

void ChartWidget::zoomBy(double factor)
{
    applyViewport(zoomTime(m_viewport, factor, m_viewport.timeTo - m_viewport.timeSpan() * 0.1));
}

void ChartWidget::dataChanged(bool resetViewport)
{
    if (resetViewport) {
        resetView();
    }
    update();
}

void ChartWidget::centreOnPrice(double price)
{
    const double half = m_viewport.priceSpan() / 2.0;
    ChartViewport v = m_viewport;
    v.priceLow = price - half;
    v.priceHigh = price + half;
    applyViewport(v);
}

void ChartWidget::setCrosshair(const std::optional<QPointF>& at)
{
    m_crosshair = at;
    update();
    if (at) {
        emit hoverChanged(m_renderer.hoverAt(transform(), *at));
    }
    emitCrosshairTime();
}

void ChartWidget::emitCrosshairTime()
{
    const ChartTransform t = transform();
    if (m_crosshair && t.plot().contains(*m_crosshair)) {
        emit crosshairMoved(t.timeForX(m_crosshair->x()));
    } else {
        emit crosshairLeft();
    }
}

QImage ChartWidget::renderImage(const QSize& size) const { return m_renderer.render(size, m_viewport); }

void ChartWidget::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    m_renderer.paint(painter, QRectF(rect()), m_viewport, m_crosshair);
    if (!m_crosshair && m_timeCursor) {
        // The same dotted line the crosshair draws, at the time a pane is pointing at.
        const ChartTransform t = transform();
        const double x = std::round(t.xForTime(*m_timeCursor)) + 0.5;
        if (x >= t.plot().left() && x <= t.plot().right()) {
            painter.setPen(QPen(ChartColors::forTheme(m_renderer.theme()).crosshair, 1.0, Qt::DotLine));
            painter.drawLine(QPointF(x, t.plot().top()), QPointF(x, t.plot().bottom()));
        }
    }
}

void ChartWidget::wheelEvent(QWheelEvent* event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0) {
        return;
    }
    const double factor = std::pow(kWheelZoomPerNotch, notches);
    const ChartTransform t = transform();
    const QPointF at = event->position();
    const ChartLayout l = m_renderer.layout(QRectF(rect()));
    const bool priceZoom = (event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier)) != 0 ||
                           l.priceAxis.contains(at) || l.profile.contains(at);
    if (priceZoom) {
        applyViewport(zoomPrice(m_viewport, factor, t.priceForY(at.y())));
    } else {
        applyViewport(zoomTime(m_viewport, factor, t.timeForX(at.x())));
    }
    event->accept();
}

QString ChartWidget::markerAt(const QPointF& point) const
{
    const ChartTransform t = transform();
    if (!t.plot().contains(point)) {
        return {};
    }
    for (const auto& m : m_renderer.markers()) {
        if (m.draggable && std::abs(t.yForPrice(m.price) - point.y()) <= 4.0) {
            return m.id;
        }
    }
    return {};
}

void ChartWidget::dragMarker(const QString& id, const QPointF& to)
{
    emit markerDragged(id, transform().priceForY(to.y()));
}

void ChartWidget::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        m_draggingMarker = markerAt(event->position());
        if (!m_draggingMarker.isEmpty()) {
            setCursor(Qt::SplitVCursor);
            QWidget::mousePressEvent(event);
            return;
        }
        m_dragOrigin = event->position().toPoint();
        m_dragStartViewport = m_viewport;
        const ChartLayout l = m_renderer.layout(QRectF(rect()));
        m_draggingPriceAxis = l.priceAxis.contains(event->position()) || l.profile.contains(event->position());
        setCursor(m_draggingPriceAxis ? Qt::SizeVerCursor : Qt::ClosedHandCursor);
    }
    QWidget::mousePressEvent(event);
}

void ChartWidget::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_draggingMarker.isEmpty()) {
        dragMarker(m_draggingMarker, event->position());
    } else if (m_dragOrigin) {
        const QPoint delta = event->position().toPoint() - *m_dragOrigin;
        const QRectF plot = m_renderer.layout(QRectF(rect())).plot;
        if (m_draggingPriceAxis) {
            // Dragging the axis down widens the price range, up narrows it.
            const double factor = std::exp(delta.y() / 200.0);
            const double mid = (m_dragStartViewport.priceLow + m_dragStartViewport.priceHigh) / 2.0;
            applyViewport(zoomPrice(m_dragStartViewport, factor, mid));
        } else {
            const double dt = -delta.x() / plot.width() * m_dragStartViewport.timeSpan();
            const double dp = delta.y() / plot.height() * m_dragStartViewport.priceSpan();
            applyViewport(pan(m_dragStartViewport, dt, dp));
        }
    }
    if (!m_dragOrigin && m_draggingMarker.isEmpty()) {
        setCursor(markerAt(event->position()).isEmpty() ? Qt::CrossCursor : Qt::SplitVCursor);
    }
    setCrosshair(event->position());
    QWidget::mouseMoveEvent(event);
}

void ChartWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragOrigin.reset();
        m_draggingMarker.clear();
        setCursor(Qt::CrossCursor);
    }
    QWidget::mouseReleaseEvent(event);
}

void ChartWidget::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        resetView();
    }
}

void ChartWidget::keyPressEvent(QKeyEvent* event)
{
    const bool shift = (event->modifiers() & Qt::ShiftModifier) != 0;
    const double timeStep = m_viewport.timeSpan() * 0.1;
    const double priceStep = m_viewport.priceSpan() * 0.1;
    const double midPrice = (m_viewport.priceLow + m_viewport.priceHigh) / 2.0;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(0.8); break;
    case Qt::Key_Minus: zoomBy(1.25); break;
    case Qt::Key_Left: applyViewport(pan(m_viewport, -timeStep, 0.0)); break;
    case Qt::Key_Right: applyViewport(pan(m_viewport, timeStep, 0.0)); break;
    case Qt::Key_Up:
        applyViewport(shift ? zoomPrice(m_viewport, 0.8, midPrice) : pan(m_viewport, 0.0, priceStep));
        break;
    case Qt::Key_Down:
        applyViewport(shift ? zoomPrice(m_viewport, 1.25, midPrice) : pan(m_viewport, 0.0, -priceStep));
        break;
    case Qt::Key_Home: resetView(); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

void ChartWidget::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    emit plotRectChanged(m_renderer.layout(QRectF(rect())).plot, width());
}

void ChartWidget::setShowProfile(bool show)
{
    m_renderer.setShowProfile(show);
    update();
    emit plotRectChanged(m_renderer.layout(QRectF(rect())).plot, width());
}

void ChartWidget::leaveEvent(QEvent* event)
{
    m_crosshair.reset();
    update();
    emit crosshairLeft();
    QWidget::leaveEvent(event);
}

void ChartWidget::setTimeCursor(std::optional<double> timeMs)
{
    if (timeMs != m_timeCursor) {
        m_timeCursor = timeMs;
        update();
    }
}

}  // namespace liqheat::ui
