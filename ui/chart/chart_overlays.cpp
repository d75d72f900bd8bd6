#include "chart_renderer.h"

#include "chart/paint_helpers.h"

#include "liqheat/analysis/tier_breakdown.h"
#include "text_format.h"

#include <QFont>
#include <QFontMetricsF>
#include <QObject>
#include <QPainter>
#include <QPainterPath>
#include <QStringList>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

// The chart's overlays: title, colour scale, price markers, what-if path, crosshair tooltip.
namespace liqheat::ui {

void ChartRenderer::paintTitle(QPainter& p, const ChartLayout& l) const
{
    QString text = m_title;
    if (m_estimate != nullptr) {
        text += QObject::tr("   estimated resting liquidation levels");
    }
    QFont font = p.font();
    const QFontMetricsF fm(font);
    const QRectF box(l.plot.left() + 8, l.plot.top() + 6, fm.horizontalAdvance(text) + 12, fm.height() + 6);
    p.fillRect(box, withAlpha(m_colors.background, 190));
    p.setPen(m_colors.text);
    p.drawText(box, Qt::AlignCenter, text);
}

void ChartRenderer::paintMarkers(QPainter& p, const ChartLayout& l, const ChartTransform& t) const
{
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const auto& m : m_markers) {
        if (!(m.price > 0.0)) {
            continue;
        }
        const double y = std::round(t.yForPrice(m.price)) + 0.5;
        p.setPen(QPen(m.color, m.draggable ? 1.5 : 1.0, m.draggable ? Qt::SolidLine : Qt::DashDotLine));
        p.drawLine(QPointF(l.plot.left(), y), QPointF(l.plot.right(), y));
        const QString text = QStringLiteral("%1 %2").arg(m.label, QString::number(m.price, 'f', 1));
        const QFontMetricsF fm(p.font());
        const QRectF box(l.plot.right() - fm.horizontalAdvance(text) - 16, y - fm.height() - 3,
                         fm.horizontalAdvance(text) + 10, fm.height() + 2);
        p.fillRect(box, withAlpha(m_colors.background, 200));
        p.setPen(m.color);
        p.drawText(box, Qt::AlignCenter, text);
        const QRectF tag(l.priceAxis.left() + 1, y - 9, l.priceAxis.width() - 2, 18);
        p.fillRect(tag, m.color);
        p.setPen(m_colors.background);
        p.drawText(tag, Qt::AlignCenter, QString::number(m.price, 'f', 1));
    }
}

void ChartRenderer::paintPricePath(QPainter& p, const ChartTransform& t) const
{
    if (m_pricePath.size() < 2 || !hasData()) {
        return;
    }
    // Steps are not timed: spread them over the empty space right of the last candle.
    const double interval = static_cast<double>(std::max<TimeMs>(m_data->candleIntervalMs(), 1));
    const double x0 = t.xForTime(static_cast<double>(m_data->candles.time.back()) + interval);
    const double x1 = std::max(x0 + 40.0, t.plot().right() - 10.0);
    const double dx = (x1 - x0) / static_cast<double>(m_pricePath.size() - 1);
    QPainterPath path;
    path.moveTo(x0, t.yForPrice(m_pricePath.front()));
    for (std::size_t i = 1; i < m_pricePath.size(); ++i) {
        const double x = x0 + dx * static_cast<double>(i);
        path.lineTo(x - dx, t.yForPrice(m_pricePath[i]));
        path.lineTo(x, t.yForPrice(m_pricePath[i]));
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    const QColor color(0xff, 0xd1, 0x4a);
    p.setPen(QPen(color, 2.0));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.setPen(color);
    p.drawText(QRectF(x0, t.yForPrice(m_pricePath.back()) + 4, x1 - x0 + 8, 18), Qt::AlignLeft | Qt::AlignTop,
               m_pricePathLabel);
}

QStringList ChartRenderer::hoverLines(const HoverInfo& info) const
{
    QStringList lines{utcText(info.timeMs), QObject::tr("Price %1  (%2%3 % from last)")
                                                .arg(QString::number(info.price, 'f', 1),
                                                     info.distancePercent >= 0 ? QStringLiteral("+") : QString(),
                                                     QString::number(info.distancePercent, 'f', 2))};
    if (info.print) {
        const LiquidationPrint& r = *info.print;
        lines << QObject::tr("Realized: %1 %2 USD liquidated, %3 to %4")
                     .arg(r.side == Side::Long ? QObject::tr("longs") : QObject::tr("shorts"), usdText(r.usd),
                          utcText(static_cast<double>(r.time)).left(16),
                          utcText(static_cast<double>(r.time + r.intervalMs)).mid(11));
    }
    if (m_estimate != nullptr) {
        lines << QObject::tr("Bucket %1 - %2")
                     .arg(QString::number(info.bucketLow, 'f', 1), QString::number(info.bucketHigh, 'f', 1))
              << QObject::tr("Shorts at risk %1 USD").arg(usdText(info.shortUsd))
              << QObject::tr("Longs at risk %1 USD").arg(usdText(info.longUsd));
        // Leverage layers: which tiers make the level (shares recorded per cell by the estimator).
        for (const Side side : {Side::Short, Side::Long}) {
            if ((side == Side::Short ? info.shortUsd : info.longUsd) <= 0.0) {
                continue;
            }
            std::size_t sampled = info.column;
            const auto parts = cellByTier(*m_estimate, info.column, info.bucket, side, &sampled);
            QStringList items;
            for (const auto& part : parts) {
                if (part.share > 0.0) {
                    items << QStringLiteral("%1x %2").arg(part.leverage).arg(usdText(part.usd));
                }
            }
            if (!items.isEmpty()) {
                QString line = (side == Side::Short ? QObject::tr("  shorts by leverage: ")
                                                    : QObject::tr("  longs by leverage: ")) +
                               items.join(QStringLiteral(", "));
                if (sampled != info.column && sampled < m_estimate->heatmap.columns()) {
                    line += QObject::tr(" (shares as of %1)")
                                .arg(utcText(static_cast<double>(m_estimate->heatmap.columnTime[sampled])).mid(11, 5));
                }
                lines << line;
            }
        }
    }
    return lines;
}

void ChartRenderer::paintCrosshair(QPainter& p, const ChartLayout& l, const ChartTransform& t, const QPointF& at) const
{
    const HoverInfo info = hoverAt(t, at);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(m_colors.crosshair, 1.0, Qt::DotLine));
    p.drawLine(QPointF(l.plot.left(), at.y()), QPointF(l.plot.right(), at.y()));
    p.drawLine(QPointF(at.x(), l.plot.top()), QPointF(at.x(), l.plot.bottom()));

    const QRectF priceBox(l.priceAxis.left() + 1, at.y() - 9, l.priceAxis.width() - 2, 18);
    p.fillRect(priceBox, m_colors.crosshair);
    p.setPen(m_colors.background);
    p.drawText(priceBox, Qt::AlignCenter, QString::number(info.price, 'f', info.price < 10 ? 4 : 1));

    const QStringList lines = hoverLines(info);
    const QFontMetricsF fm(p.font());
    double w = 0.0;
    for (const auto& line : lines) {
        w = std::max(w, fm.horizontalAdvance(line));
    }
    const double h = fm.height() * lines.size() + 10;
    QPointF topLeft(at.x() + 14, at.y() + 14);
    if (topLeft.x() + w + 16 > l.plot.right()) {
        topLeft.setX(at.x() - w - 30);
    }
    if (topLeft.y() + h > l.plot.bottom()) {
        topLeft.setY(at.y() - h - 14);
    }
    const QRectF box(topLeft, QSizeF(w + 16, h));
    p.fillRect(box, m_colors.tooltipBack);
    p.setPen(QPen(m_colors.grid, 1.0));
    p.drawRect(box);
    p.setPen(m_colors.text);
    p.drawText(box.adjusted(8, 5, -8, -5), Qt::AlignLeft | Qt::AlignTop, lines.join(QLatin1Char('\n')));
}

namespace {

/// The colour scale's box: a title row, a ramp row per side, a row of labels.
QSizeF legendSize(const QFontMetricsF& fm) { return {250.0, 4.0 * fm.height() + 12.0}; }

}  // namespace

QRectF ChartRenderer::legendRect(const QRectF& area) const
{
    if (m_estimate == nullptr || m_heatmap.isNull()) {
        return {};
    }
    const ChartLayout l = layout(area);
    const QSizeF size = legendSize(QFontMetricsF(QFont()));
    return {QPointF(l.plot.right() - size.width() - 8, l.plot.top() + 6), size};
}

void ChartRenderer::paintLegend(QPainter& p, const ChartLayout& l) const
{
    if (m_estimate == nullptr || m_heatmap.isNull()) {
        return;
    }
    const QFontMetricsF fm(p.font());
    const QSizeF size = legendSize(fm);
    const QRectF box(QPointF(l.plot.right() - size.width() - 8, l.plot.top() + 6), size);
    const double row = fm.height();
    p.save();
    p.fillRect(box, withAlpha(m_colors.background, 210));
    const HeatmapStyle& style = m_heatmap.style();
    p.setPen(m_colors.text);
    p.drawText(
        QRectF(box.left() + 6, box.top() + 3, box.width() - 12, row), Qt::AlignLeft | Qt::AlignVCenter,
        QObject::tr("Resting USD per %1 bucket%2")
            .arg(QString::number(m_estimate->heatmap.grid.size), style.logScale ? QObject::tr(", log") : QString()));

    // One ramp per side, from the threshold (where drawing starts) to full intensity; the labels
    // are the notional at those intensities under the current threshold, scale and palette.
    const double threshold = std::clamp(style.threshold, 0.0, 1.0);
    const ColorLut shorts = shortLut(style.palette, m_theme);
    const ColorLut longs = longLut(style.palette, m_theme);
    const double labelW = 46.0;
    const double barLeft = box.left() + 6 + labelW;
    const double barWidth = box.width() - 18 - labelW;
    const int steps = static_cast<int>(barWidth);
    const std::array<std::pair<QString, const ColorLut*>, 2> ramps{
        {{QObject::tr("shorts"), &shorts}, {QObject::tr("longs"), &longs}}};
    for (std::size_t r = 0; r < ramps.size(); ++r) {
        const double top = box.top() + 3 + row * static_cast<double>(r + 1);
        p.setPen(m_colors.mutedText);
        p.drawText(QRectF(box.left() + 6, top, labelW, row), Qt::AlignLeft | Qt::AlignVCenter, ramps[r].first);
        for (int i = 0; i < steps; ++i) {
            const double v = threshold + (1.0 - threshold) * (i + 0.5) / steps;
            const int index = static_cast<int>(std::clamp(std::lround(v * 255.0), 1L, 255L));
            p.fillRect(QRectF(barLeft + i, top + 0.25 * row, 1.0, 0.5 * row), lutColor(*ramps[r].second, index));
        }
    }
    const double labelsTop = box.top() + 3 + 3.0 * row;
    p.setPen(m_colors.text);
    p.drawText(QRectF(barLeft - 30, labelsTop, 90, row), Qt::AlignLeft | Qt::AlignVCenter,
               usdText(m_heatmap.usdAtIntensity(threshold)));
    p.drawText(QRectF(barLeft + 0.5 * barWidth - 45, labelsTop, 90, row), Qt::AlignHCenter | Qt::AlignVCenter,
               usdText(m_heatmap.usdAtIntensity(0.5 * (1.0 + threshold))));
    p.drawText(QRectF(barLeft + barWidth - 90, labelsTop, 90, row), Qt::AlignRight | Qt::AlignVCenter,
               QStringLiteral(">= ") + usdText(m_heatmap.usdAtIntensity(1.0)));
    p.restore();
}

void ChartRenderer::paintPrints(QPainter& p, const ChartTransform& t) const
{
    if (!m_showPrints || m_prints.empty()) {
        return;
    }
    const ChartViewport& v = t.viewport();
    // Longs liquidated take the long ramp's hottest colour, shorts the short ramp's, so the
    // bubbles follow the palette (red/green or the colour-blind one).
    const QColor longColor = lutColor(longLut(m_style.palette, m_theme), 230);
    const QColor shortColor = lutColor(shortLut(m_style.palette, m_theme), 230);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const LiquidationPrint& print : m_prints) {
        if (print.usd < m_printMinUsd || print.price <= 0.0) {
            continue;
        }
        const double time = static_cast<double>(print.time) + 0.5 * static_cast<double>(print.intervalMs);
        if (time < v.timeFrom || time > v.timeTo) {
            continue;
        }
        const double r = printRadius(print.usd);
        const QColor c = print.side == Side::Long ? longColor : shortColor;
        p.setPen(QPen(m_colors.text, 1.0));
        p.setBrush(withAlpha(c, 150));
        p.drawEllipse(QPointF(t.xForTime(time), t.yForPrice(print.price)), r, r);
    }
    p.restore();
}

}  // namespace liqheat::ui
