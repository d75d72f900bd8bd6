#include "chart_renderer.h"

#include "chart/paint_helpers.h"

#include "liqheat/analysis/tier_breakdown.h"
#include "text_format.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QPainterPath>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace liqheat::ui {
namespace {

constexpr double kPriceAxisWidth = 78.0;
constexpr double kProfileWidth = 150.0;
constexpr double kTimeAxisHeight = 22.0;
constexpr double kDefaultSpanMs = 3.0 * 86'400'000.0;

}  // namespace

ChartColors ChartColors::forTheme(Theme theme)
{
    if (theme == Theme::Light) {
        return {QColor(0xf6, 0xf7, 0xf9),     QColor(0xff, 0xff, 0xff), QColor(0xe3, 0xe6, 0xeb),
                QColor(0x1f, 0x23, 0x29),     QColor(0x6b, 0x72, 0x80), QColor(0x1f, 0x23, 0x29),
                QColor(0x8a, 0x93, 0xa3),     QColor(0x1d, 0x4e, 0xd8), QColor(0x4b, 0x55, 0x63),
                QColor(0xff, 0xff, 0xff, 235)};
    }
    return {QColor(0x10, 0x12, 0x16), QColor(0x14, 0x16, 0x1b),     QColor(0x26, 0x2a, 0x31), QColor(0xd6, 0xda, 0xe1),
            QColor(0x8b, 0x93, 0xa1), QColor(0xe8, 0xea, 0xee),     QColor(0x70, 0x78, 0x86), QColor(0x5c, 0xa8, 0xff),
            QColor(0xa0, 0xa8, 0xb4), QColor(0x1c, 0x1f, 0x26, 235)};
}

void ChartRenderer::setData(std::shared_ptr<const MarketData> data, std::shared_ptr<const EstimateResult> estimate)
{
    m_data = std::move(data);
    m_estimate = std::move(estimate);
    m_prints = m_data != nullptr ? liquidationPrints(*m_data) : std::vector<LiquidationPrint>{};
    rebuildImage();
}

void ChartRenderer::setShowPrints(bool show, double minUsd)
{
    m_showPrints = show;
    m_printMinUsd = std::max(minUsd, 0.0);
}

void ChartRenderer::setStyle(const HeatmapStyle& style)
{
    if (style == m_style) {
        return;
    }
    m_style = style;
    rebuildImage();
}

void ChartRenderer::setTheme(Theme theme)
{
    if (theme == m_theme) {
        return;
    }
    m_theme = theme;
    m_colors = ChartColors::forTheme(theme);
    rebuildImage();
}

void ChartRenderer::setPricePath(std::vector<double> prices, const QString& label)
{
    m_pricePath = std::move(prices);
    m_pricePathLabel = label;
}

void ChartRenderer::setClusters(std::vector<Cluster> clusters, bool show)
{
    m_clusters = std::move(clusters);
    m_showClusters = show;
}

void ChartRenderer::rebuildImage()
{
    if (m_estimate != nullptr) {
        m_heatmap.build(m_estimate->heatmap, m_style, m_theme);
    } else {
        m_heatmap.clear();
    }
}

ChartLayout ChartRenderer::layout(const QRectF& area) const
{
    ChartLayout l;
    const double profile = m_showProfile ? std::min(kProfileWidth, area.width() * 0.2) : 0.0;
    const double plotWidth = std::max(10.0, area.width() - kPriceAxisWidth - profile);
    const double plotHeight = std::max(10.0, area.height() - kTimeAxisHeight);
    l.plot = QRectF(area.left(), area.top(), plotWidth, plotHeight);
    l.priceAxis = QRectF(l.plot.right(), area.top(), kPriceAxisWidth, plotHeight);
    l.profile = QRectF(l.priceAxis.right(), area.top(), profile, plotHeight);
    l.timeAxis = QRectF(area.left(), l.plot.bottom(), plotWidth, kTimeAxisHeight);
    return l;
}

ChartViewport ChartRenderer::fullViewport() const
{
    if (!hasData()) {
        return {0.0, 86'400'000.0, 0.0, 1.0};
    }
    const CandleSeries& c = m_data->candles;
    const double interval = static_cast<double>(std::max<TimeMs>(m_data->candleIntervalMs(), 1));
    ChartViewport v;
    v.timeFrom = static_cast<double>(c.time.front());
    v.timeTo = static_cast<double>(c.time.back()) + interval * 12.0;  // room right of the last candle
    const double low = *std::min_element(c.low.begin(), c.low.end());
    const double high = *std::max_element(c.high.begin(), c.high.end());
    const double pad = std::max((high - low) * 0.15, high * 0.002);
    v.priceLow = low - pad;
    v.priceHigh = high + pad;
    return v;
}

ChartViewport ChartRenderer::defaultViewport() const
{
    ChartViewport v = fullViewport();
    if (!hasData()) {
        return v;
    }
    const CandleSeries& c = m_data->candles;
    const double interval = static_cast<double>(std::max<TimeMs>(m_data->candleIntervalMs(), 1));
    const double last = static_cast<double>(c.time.back());
    v.timeFrom = std::max(static_cast<double>(c.time.front()), last - kDefaultSpanMs);
    v.timeTo = last + std::max(interval * 12.0, (last - v.timeFrom) * 0.06);
    double low = c.high.back();
    double high = c.low.back();
    for (std::size_t i = c.size(); i-- > 0 && static_cast<double>(c.time[i]) >= v.timeFrom;) {
        low = std::min(low, c.low[i]);
        high = std::max(high, c.high[i]);
    }
    // Frame the candles with room for the nearby liquidation levels (roughly the 25-50x band).
    const double pad = std::max((high - low) * 0.35, c.close.back() * 0.03);
    v.priceLow = low - pad;
    v.priceHigh = high + pad;
    return v;
}

double ChartRenderer::columnSpanMs() const
{
    const HeatmapGrid& h = m_estimate->heatmap;
    if (h.columns() >= 2) {
        return static_cast<double>(h.columnTime.back() - h.columnTime.front()) / static_cast<double>(h.columns() - 1);
    }
    return static_cast<double>(std::max<TimeMs>(m_data->candleIntervalMs(), 1));
}

HoverInfo ChartRenderer::hoverAt(const ChartTransform& t, const QPointF& point) const
{
    HoverInfo info;
    if (!hasData() || !t.plot().contains(point)) {
        return info;
    }
    info.timeMs = t.timeForX(point.x());
    info.price = t.priceForY(point.y());
    info.distancePercent = (info.price / m_data->candles.close.back() - 1.0) * 100.0;
    if (m_showPrints) {
        // The largest bubble under the point: small ones drawn on top stay reachable by their centre.
        double best = 0.0;
        for (const LiquidationPrint& print : m_prints) {
            if (print.usd < m_printMinUsd || print.price <= 0.0) {
                continue;
            }
            const QPointF centre(
                t.xForTime(static_cast<double>(print.time) + 0.5 * static_cast<double>(print.intervalMs)),
                t.yForPrice(print.price));
            const double r = printRadius(print.usd);
            const QPointF d = point - centre;
            if (d.x() * d.x() + d.y() * d.y() <= r * r && print.usd > best) {
                best = print.usd;
                info.print = print;
            }
        }
    }
    if (m_estimate == nullptr || m_estimate->heatmap.columns() == 0) {
        info.valid = true;
        return info;
    }
    const HeatmapGrid& h = m_estimate->heatmap;
    const double span = columnSpanMs();
    const double c = std::floor((info.timeMs - static_cast<double>(h.columnTime.front())) / span);
    info.column = static_cast<std::size_t>(std::clamp(c, 0.0, static_cast<double>(h.columns() - 1)));
    info.bucket = h.grid.indexOf(info.price);
    info.bucketLow = h.grid.lower(info.bucket);
    info.bucketHigh = h.grid.upper(info.bucket);
    if (info.bucket >= 0 && info.bucket < h.grid.count && c >= 0.0) {
        info.longUsd = static_cast<double>(h.longAt(info.column, info.bucket));
        info.shortUsd = static_cast<double>(h.shortAt(info.column, info.bucket));
    }
    info.valid = true;
    return info;
}

QImage ChartRenderer::render(const QSize& size, const ChartViewport& viewport) const
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(m_colors.background);
    QPainter painter(&image);
    paint(painter, QRectF(QPointF(0, 0), QSizeF(size)), viewport);
    return image;
}

void ChartRenderer::paint(QPainter& p, const QRectF& area, const ChartViewport& viewport,
                          const std::optional<QPointF>& crosshair) const
{
    const ChartLayout l = layout(area);
    const ChartTransform t(l.plot, viewport);
    p.save();
    p.fillRect(area, m_colors.background);
    p.fillRect(l.plot, m_colors.plotBackground);
    if (!hasData()) {
        p.setPen(m_colors.mutedText);
        p.drawText(l.plot, Qt::AlignCenter, QObject::tr("No data loaded. Open a snapshot (Ctrl+O) or drop one here."));
        p.restore();
        return;
    }

    // Grid first, so the heatmap and candles sit on top of it.
    p.setPen(QPen(m_colors.grid, 1.0));
    for (const double price :
         niceTicks(viewport.priceLow, viewport.priceHigh, std::max(2, int(l.plot.height() / 45)))) {
        const double y = std::round(t.yForPrice(price)) + 0.5;
        p.drawLine(QPointF(l.plot.left(), y), QPointF(l.plot.right(), y));
    }
    for (const auto& tick : timeTicks(viewport.timeFrom, viewport.timeTo, std::max(2, int(l.plot.width() / 90)))) {
        const double x = std::round(t.xForTime(tick.timeMs)) + 0.5;
        p.drawLine(QPointF(x, l.plot.top()), QPointF(x, l.plot.bottom()));
    }

    p.save();
    p.setClipRect(l.plot);
    paintHeatmap(p, t);
    paintClusters(p, t);
    paintCandles(p, t);
    paintPrints(p, t);
    p.restore();

    paintPriceLine(p, l, t);
    p.save();
    p.setClipRect(l.plot.united(l.priceAxis));
    paintPricePath(p, t);
    paintMarkers(p, l, t);
    p.restore();
    paintAxes(p, l, t);
    if (m_showProfile) {
        paintProfile(p, l, t);
    }
    paintTitle(p, l);
    paintLegend(p, l);
    if (crosshair && l.plot.contains(*crosshair)) {
        paintCrosshair(p, l, t, *crosshair);
    }
    p.restore();
}

void ChartRenderer::paintHeatmap(QPainter& p, const ChartTransform& t) const
{
    if (m_heatmap.isNull() || m_estimate == nullptr) {
        return;
    }
    const HeatmapGrid& h = m_estimate->heatmap;
    const ChartViewport& v = t.viewport();
    const double span = columnSpanMs();
    const double t0 = static_cast<double>(h.columnTime.front());
    const double columns = static_cast<double>(h.columns());
    const double buckets = h.grid.count;

    // Source rectangle of the cached image that covers the viewport, clipped to the image.
    double sx0 = std::clamp((v.timeFrom - t0) / span, 0.0, columns);
    double sx1 = std::clamp((v.timeTo - t0) / span, 0.0, columns);
    const double bLow = std::clamp((v.priceLow - h.grid.origin) / h.grid.size, 0.0, buckets);
    const double bHigh = std::clamp((v.priceHigh - h.grid.origin) / h.grid.size, 0.0, buckets);
    if (sx1 <= sx0 || bHigh <= bLow) {
        return;
    }
    // Whole cells only: sub-cell source rectangles make Qt resample and shimmer while panning.
    sx0 = std::floor(sx0);
    sx1 = std::ceil(sx1);
    const double b0 = std::floor(bLow);
    const double b1 = std::ceil(bHigh);
    const QRectF source(sx0, buckets - b1, sx1 - sx0, b1 - b0);
    const QRectF target(QPointF(t.xForTime(t0 + sx0 * span), t.yForPrice(h.grid.origin + b1 * h.grid.size)),
                        QPointF(t.xForTime(t0 + sx1 * span), t.yForPrice(h.grid.origin + b0 * h.grid.size)));
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(target, m_heatmap.image(), source);
}

void ChartRenderer::paintCandles(QPainter& p, const ChartTransform& t) const
{
    const CandleSeries& c = m_data->candles;
    const ChartViewport& v = t.viewport();
    const double interval = static_cast<double>(std::max<TimeMs>(m_data->candleIntervalMs(), 1));
    const double width = t.plot().width() * interval / v.timeSpan();
    const auto first = std::lower_bound(c.time.begin(), c.time.end(), static_cast<TimeMs>(v.timeFrom - interval));
    const auto last = std::upper_bound(c.time.begin(), c.time.end(), static_cast<TimeMs>(v.timeTo));
    const auto begin = static_cast<std::size_t>(first - c.time.begin());
    const auto end = static_cast<std::size_t>(last - c.time.begin());
    p.setRenderHint(QPainter::Antialiasing, false);

    if (width < 3.0) {
        // Dense: one wick line per pixel column is all the eye can see.
        QPen pen(m_colors.candleUp, 1.0);
        p.setPen(pen);
        for (std::size_t i = begin; i < end; ++i) {
            const double x = std::floor(t.xForTime(static_cast<double>(c.time[i]) + interval / 2.0)) + 0.5;
            pen.setColor(c.close[i] >= c.open[i] ? m_colors.candleUp : m_colors.candleDown);
            p.setPen(pen);
            p.drawLine(QPointF(x, t.yForPrice(c.high[i])), QPointF(x, t.yForPrice(c.low[i])));
        }
        return;
    }
    const double body = std::max(1.0, std::floor(width * 0.7));
    for (std::size_t i = begin; i < end; ++i) {
        const bool up = c.close[i] >= c.open[i];
        const QColor color = up ? m_colors.candleUp : m_colors.candleDown;
        const double xc = std::floor(t.xForTime(static_cast<double>(c.time[i]) + interval / 2.0)) + 0.5;
        p.setPen(QPen(color, 1.0));
        p.drawLine(QPointF(xc, t.yForPrice(c.high[i])), QPointF(xc, t.yForPrice(c.low[i])));
        const double yTop = t.yForPrice(std::max(c.open[i], c.close[i]));
        const double yBottom = t.yForPrice(std::min(c.open[i], c.close[i]));
        const QRectF rect(xc - body / 2.0, yTop, body, std::max(1.0, yBottom - yTop));
        if (up) {
            p.fillRect(rect, m_colors.plotBackground);
            p.drawRect(rect);
        } else {
            p.fillRect(rect, color);
        }
    }
}

void ChartRenderer::paintClusters(QPainter& p, const ChartTransform& t) const
{
    if (!m_showClusters || m_clusters.empty()) {
        return;
    }
    const ColorLut shorts = shortLut(m_style.palette, m_theme);
    const ColorLut longs = longLut(m_style.palette, m_theme);
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const auto& c : m_clusters) {
        const QColor color = lutColor(c.side == Side::Short ? shorts : longs, 230);
        const QRectF r(QPointF(t.plot().left(), t.yForPrice(c.priceHigh)),
                       QPointF(t.plot().right(), t.yForPrice(c.priceLow)));
        p.setPen(QPen(withAlpha(color, 200), 1.0, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r);
        p.setPen(color);
        p.drawText(r.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1 cluster %2")
                       .arg(c.side == Side::Short ? QObject::tr("short") : QObject::tr("long"), usdText(c.totalUsd)));
    }
}

void ChartRenderer::paintPriceLine(QPainter& p, const ChartLayout& l, const ChartTransform& t) const
{
    const double price = m_data->candles.close.back();
    const double y = std::round(t.yForPrice(price)) + 0.5;
    if (y < l.plot.top() || y > l.plot.bottom()) {
        return;
    }
    p.setPen(QPen(m_colors.priceLine, 1.0, Qt::DashLine));
    p.drawLine(QPointF(l.plot.left(), y), QPointF(l.plot.right(), y));
    const QString label = QString::number(price, 'f', price < 10 ? 4 : 1);
    const QRectF box(l.priceAxis.left() + 1, y - 9, l.priceAxis.width() - 2, 18);
    p.fillRect(box, m_colors.priceLine);
    p.setPen(m_theme == Theme::Dark ? QColor(0x0b, 0x0d, 0x10) : QColor(Qt::white));
    p.drawText(box, Qt::AlignCenter, label);
}

void ChartRenderer::paintAxes(QPainter& p, const ChartLayout& l, const ChartTransform& t) const
{
    const ChartViewport& v = t.viewport();
    p.setPen(m_colors.text);
    const auto ticks = niceTicks(v.priceLow, v.priceHigh, std::max(2, int(l.plot.height() / 45)));
    const double step = ticks.size() >= 2 ? ticks[1] - ticks[0] : 1.0;
    const int decimals = step >= 1.0 ? 0 : std::min(8, int(std::ceil(-std::log10(step))));
    const double lastY = t.yForPrice(m_data->candles.close.back());
    for (const double price : ticks) {
        const double y = t.yForPrice(price);
        if (std::abs(y - lastY) < 14.0) {
            continue;  // the last-price label sits here
        }
        p.drawText(QRectF(l.priceAxis.left() + 6, y - 8, l.priceAxis.width() - 8, 16), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::number(price, 'f', decimals));
    }
    p.setPen(QPen(m_colors.grid, 1.0));
    p.drawLine(l.priceAxis.topLeft(), l.priceAxis.bottomLeft());
    p.drawLine(l.timeAxis.topLeft(), l.timeAxis.topRight());
    // Every time on the chart is UTC; the corner under the price axis says so.
    p.setPen(m_colors.mutedText);
    p.drawText(QRectF(l.priceAxis.left(), l.timeAxis.top(), l.priceAxis.width(), l.timeAxis.height()), Qt::AlignCenter,
               QStringLiteral("UTC"));
    p.setPen(m_colors.text);
    for (const auto& tick : timeTicks(v.timeFrom, v.timeTo, std::max(2, int(l.plot.width() / 90)))) {
        const double x = t.xForTime(tick.timeMs);
        if (x - 45 < l.timeAxis.left() || x + 45 > l.timeAxis.right()) {
            continue;  // a label cut by the edge reads as a different date
        }
        p.drawText(QRectF(x - 45, l.timeAxis.top() + 3, 90, l.timeAxis.height() - 4), Qt::AlignHCenter | Qt::AlignTop,
                   tick.label);
    }
}

void ChartRenderer::paintProfile(QPainter& p, const ChartLayout& l, const ChartTransform& t) const
{
    const QRectF& r = l.profile;
    p.fillRect(r, m_colors.plotBackground);
    p.setPen(QPen(m_colors.grid, 1.0));
    p.drawLine(r.topLeft(), r.bottomLeft());
    if (m_estimate == nullptr || r.width() < 20) {
        return;
    }
    // With leverage layers, the profile shows the visible tiers and splits each bar by tier.
    const LiquidationMap& m = m_estimate->visibleMap ? *m_estimate->visibleMap : m_estimate->map;
    const TierDetail& tiers = m_estimate->tiers;
    const ChartViewport& v = t.viewport();
    const int first = std::max(0, m.grid.indexOf(v.priceLow));
    const int last = std::min(m.grid.count - 1, m.grid.indexOf(v.priceHigh));
    if (last < first) {
        return;
    }
    double maxBar = 0.0;
    double maxCumulative = 0.0;
    for (int b = first; b <= last; ++b) {
        const auto i = static_cast<std::size_t>(b);
        maxBar = std::max({maxBar, m.longUsd[i], m.shortUsd[i]});
        maxCumulative = std::max({maxCumulative, m.cumulativeLong[i], m.cumulativeShort[i]});
    }
    const ColorLut shorts = shortLut(m_style.palette, m_theme);
    const ColorLut longs = longLut(m_style.palette, m_theme);
    const QColor shortColor = lutColor(shorts, 200);
    const QColor longColor = lutColor(longs, 200);
    const double width = r.width() - 8.0;
    p.setRenderHint(QPainter::Antialiasing, false);
    if (maxBar > 0.0) {
        for (int b = first; b <= last; ++b) {
            const auto i = static_cast<std::size_t>(b);
            const double value = std::max(m.longUsd[i], m.shortUsd[i]);
            if (value <= 0.0) {
                continue;
            }
            const double y0 = t.yForPrice(m.grid.upper(b));
            const double y1 = t.yForPrice(m.grid.lower(b));
            const QRectF bar(r.left() + 1, y0, std::max(1.0, width * value / maxBar), std::max(1.0, y1 - y0 - 0.5));
            const bool shortBar = m.shortUsd[i] >= m.longUsd[i];
            if (tiers.empty()) {
                p.fillRect(bar.intersected(r), shortBar ? shortColor : longColor);
                continue;
            }
            // Low leverage pale, high leverage hot: the tiers stack left to right.
            double x = bar.left();
            const auto parts = mapBucketByTier(*m_estimate, b, shortBar ? Side::Short : Side::Long);
            for (std::size_t k = 0; k < parts.size(); ++k) {
                if (k < tiers.visible.size() && !tiers.visible[k]) {
                    continue;
                }
                const double w = width * parts[k].usd / maxBar;
                const int shade = tierShade(k, parts.size());
                p.fillRect(QRectF(x, bar.top(), w, bar.height()).intersected(r),
                           lutColor(shortBar ? shorts : longs, shade));
                x += w;
            }
        }
    }
    // Cumulative curves: how much would liquidate if price travelled from here to that level.
    if (maxCumulative > 0.0) {
        p.setRenderHint(QPainter::Antialiasing, true);
        for (const bool shortSide : {true, false}) {
            QPainterPath path;
            bool started = false;
            for (int b = first; b <= last; ++b) {
                const auto i = static_cast<std::size_t>(b);
                const double value = shortSide ? m.cumulativeShort[i] : m.cumulativeLong[i];
                const bool onSide = shortSide ? m.grid.center(b) >= m.price : m.grid.center(b) <= m.price;
                if (!onSide) {
                    continue;
                }
                const QPointF point(r.left() + 1 + width * value / maxCumulative, t.yForPrice(m.grid.center(b)));
                if (!started) {
                    path.moveTo(point);
                    started = true;
                } else {
                    path.lineTo(point);
                }
            }
            p.setPen(QPen(shortSide ? lutColor(shorts, 255) : lutColor(longs, 255), 1.5));
            p.setBrush(Qt::NoBrush);
            p.save();
            p.setClipRect(r);
            p.drawPath(path);
            p.restore();
        }
    }
    QString label =
        QObject::tr("Liquidation map\nbar max %1\ncumulative max %2").arg(usdText(maxBar), usdText(maxCumulative));
    if (!tiers.empty()) {
        QStringList shown;
        for (std::size_t k = 0; k < tiers.leverage.size(); ++k) {
            if (k >= tiers.visible.size() || tiers.visible[k]) {
                shown << QStringLiteral("%1x").arg(tiers.leverage[k]);
            }
        }
        label = QObject::tr("By leverage: %1\npale low, hot high\nbar max %2")
                    .arg(shown.join(QLatin1Char(' ')), usdText(maxBar));
    }
    const QFontMetricsF fm(p.font());
    const QRectF box(r.left() + 1, r.bottom() - 3 * fm.height() - 8, r.width() - 1, 3 * fm.height() + 8);
    p.fillRect(box, withAlpha(m_colors.background, 215));
    p.setPen(m_colors.mutedText);
    p.drawText(box.adjusted(6, 4, -4, -4), Qt::AlignLeft | Qt::AlignTop, label);
}

}  // namespace liqheat::ui
