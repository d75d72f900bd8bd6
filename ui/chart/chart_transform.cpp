#include "chart_transform.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>

namespace liqheat::ui {

ChartTransform::ChartTransform(const QRectF& plot, const ChartViewport& viewport) : m_plot(plot), m_viewport(viewport)
{}

double ChartTransform::xForTime(double timeMs) const
{
    return m_plot.left() + (timeMs - m_viewport.timeFrom) / m_viewport.timeSpan() * m_plot.width();
}

double ChartTransform::timeForX(double x) const
{
    return m_viewport.timeFrom + (x - m_plot.left()) / m_plot.width() * m_viewport.timeSpan();
}

double ChartTransform::yForPrice(double price) const
{
    return m_plot.bottom() - (price - m_viewport.priceLow) / m_viewport.priceSpan() * m_plot.height();
}

double ChartTransform::priceForY(double y) const
{
    return m_viewport.priceLow + (m_plot.bottom() - y) / m_plot.height() * m_viewport.priceSpan();
}

ChartViewport zoomTime(const ChartViewport& v, double factor, double anchorTime)
{
    ChartViewport out = v;
    out.timeFrom = anchorTime - (anchorTime - v.timeFrom) * factor;
    out.timeTo = anchorTime + (v.timeTo - anchorTime) * factor;
    return out;
}

ChartViewport zoomPrice(const ChartViewport& v, double factor, double anchorPrice)
{
    ChartViewport out = v;
    out.priceLow = anchorPrice - (anchorPrice - v.priceLow) * factor;
    out.priceHigh = anchorPrice + (v.priceHigh - anchorPrice) * factor;
    return out;
}

ChartViewport pan(const ChartViewport& v, double deltaTime, double deltaPrice)
{
    return {v.timeFrom + deltaTime, v.timeTo + deltaTime, v.priceLow + deltaPrice, v.priceHigh + deltaPrice};
}

ChartViewport clampViewport(const ChartViewport& v, double minTimeSpan, double minPriceSpan)
{
    ChartViewport out = v;
    if (out.timeSpan() < minTimeSpan) {
        const double mid = (out.timeFrom + out.timeTo) / 2.0;
        out.timeFrom = mid - minTimeSpan / 2.0;
        out.timeTo = mid + minTimeSpan / 2.0;
    }
    if (out.priceSpan() < minPriceSpan) {
        const double mid = (out.priceLow + out.priceHigh) / 2.0;
        out.priceLow = mid - minPriceSpan / 2.0;
        out.priceHigh = mid + minPriceSpan / 2.0;
    }
    if (out.priceLow < 0.0) {
        out.priceHigh -= out.priceLow;
        out.priceLow = 0.0;
    }
    return out;
}

std::vector<double> niceTicks(double low, double high, int maxTicks)
{
    std::vector<double> ticks;
    if (!(high > low) || maxTicks < 1 || !std::isfinite(low) || !std::isfinite(high)) {
        return ticks;
    }
    const double rough = (high - low) / maxTicks;
    const double p = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10.0 * p;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * p >= rough) {
            step = m * p;
            break;
        }
    }
    for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step) {
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return ticks;
}

std::vector<TimeTick> timeTicks(double fromMs, double toMs, int maxTicks)
{
    constexpr double minute = 60'000.0;
    constexpr std::array<double, 14> steps{minute,        5 * minute,     15 * minute,    30 * minute,   60 * minute,
                                           120 * minute,  240 * minute,   360 * minute,   720 * minute,  1440 * minute,
                                           2880 * minute, 10080 * minute, 20160 * minute, 43200 * minute};
    std::vector<TimeTick> ticks;
    if (!(toMs > fromMs) || maxTicks < 1) {
        return ticks;
    }
    double step = steps.back();
    for (const double s : steps) {
        if ((toMs - fromMs) / s <= maxTicks) {
            step = s;
            break;
        }
    }
    const bool daily = step >= 1440 * minute;
    for (double t = std::ceil(fromMs / step) * step; t <= toMs; t += step) {
        const QDateTime dt = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(t), QTimeZone::utc());
        const bool midnight = dt.time() == QTime(0, 0);
        QString label = daily || midnight ? dt.toString(QStringLiteral("MMM d")) : dt.toString(QStringLiteral("HH:mm"));
        ticks.push_back({t, label});
    }
    return ticks;
}

}  // namespace liqheat::ui
