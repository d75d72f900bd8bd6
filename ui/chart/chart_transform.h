#pragma once

#include <QRectF>
#include <QString>

#include <cstdint>
#include <vector>

namespace liqheat::ui {

/// The visible window of the chart: a time span (UTC ms) and a price span.
struct ChartViewport {
    double timeFrom = 0.0;
    double timeTo = 1.0;
    double priceLow = 0.0;
    double priceHigh = 1.0;

    [[nodiscard]] double timeSpan() const { return timeTo - timeFrom; }
    [[nodiscard]] double priceSpan() const { return priceHigh - priceLow; }
    friend bool operator==(const ChartViewport&, const ChartViewport&) = default;
};

/// Pure mapping between (time, price) and pixels inside a plot rectangle; no widget involved.
class ChartTransform {
public:
    ChartTransform(const QRectF& plot, const ChartViewport& viewport);

    [[nodiscard]] double xForTime(double timeMs) const;
    [[nodiscard]] double timeForX(double x) const;
    [[nodiscard]] double yForPrice(double price) const;
    [[nodiscard]] double priceForY(double y) const;
    [[nodiscard]] const QRectF& plot() const { return m_plot; }
    [[nodiscard]] const ChartViewport& viewport() const { return m_viewport; }

private:
    QRectF m_plot;
    ChartViewport m_viewport;
};

/// Zooms time by `factor` (< 1 zooms in) keeping `anchorTime` at the same place.
ChartViewport zoomTime(const ChartViewport& v, double factor, double anchorTime);
/// Zooms price by `factor` keeping `anchorPrice` at the same place.
ChartViewport zoomPrice(const ChartViewport& v, double factor, double anchorPrice);
ChartViewport pan(const ChartViewport& v, double deltaTime, double deltaPrice);
/// Keeps spans within sane limits (at least `minTimeSpan`, positive prices).
ChartViewport clampViewport(const ChartViewport& v, double minTimeSpan, double minPriceSpan);

/// "Nice" round tick values (1, 2, 2.5, 5 x 10^k steps) inside [low, high], at most ~maxTicks.
std::vector<double> niceTicks(double low, double high, int maxTicks);

/// Time ticks on round UTC boundaries (minutes, hours, days) at most ~maxTicks inside the span.
struct TimeTick {
    double timeMs;
    QString label;
};
std::vector<TimeTick> timeTicks(double fromMs, double toMs, int maxTicks);

}  // namespace liqheat::ui
