#include "panes/time_pane.h"

#include "panes/pane_chart_view.h"
#include "panes/pane_colors.h"
#include "panes/step_path.h"

#include <QAbstractSeries>
#include <QChart>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLegend>
#include <QResizeEvent>
#include <QStackedLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace liqheat::ui {

namespace {

constexpr int kMinimumHeight = 52;
constexpr int kOverlayGap = 6;

QFont smallFont(const QWidget* widget)
{
    QFont font = widget->font();
    font.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.8));
    return font;
}

QString overlayStyle(const PaneThemeColors& colors)
{
    // Over the bars, so a translucent backing keeps the text readable.
    QColor back = colors.background;
    back.setAlpha(190);
    return QStringLiteral("color: %1; background: rgba(%2, %3, %4, %5); padding: 0px 3px;")
        .arg(colors.text.name())
        .arg(back.red())
        .arg(back.green())
        .arg(back.blue())
        .arg(back.alpha());
}

/// Decimals needed to print multiples of `step` exactly (0.25 -> 2).
int decimalsFor(double step)
{
    for (int decimals = 0; decimals < 8; ++decimals) {
        const double scaled = step * std::pow(10.0, decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) {
            return decimals;
        }
    }
    return 8;
}

}  // namespace

TimePane::TimePane(const QString& name, const QString& caption, QWidget* parent) : QWidget(parent), m_title(caption)
{
    setObjectName(name);
    setMinimumHeight(kMinimumHeight);

    m_chart = new QChart();
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    // The view paints the background and the time grid under the chart (PaneChartView).
    m_chart->setBackgroundVisible(false);
    m_chart->setMargins(QMargins(0, 0, 0, 0));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->hide();
    m_chart->setDropShadowEnabled(false);

    const QFont labelFont = smallFont(this);
    // Time in UTC ms. Qt Charts would label it in local time at evenly spread (odd) times, so the
    // axis stays hidden and the view draws the main chart's round UTC ticks instead.
    m_timeAxis = new QValueAxis(m_chart);
    m_timeAxis->setObjectName(name + QStringLiteral("TimeAxis"));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_timeAxis->setVisible(false);

    m_valueAxis = new QValueAxis(m_chart);
    m_valueAxis->setObjectName(name + QStringLiteral("ValueAxis"));
    m_valueAxis->setLabelsFont(labelFont);
    m_chart->addAxis(m_valueAxis, Qt::AlignRight);

    m_view = new PaneChartView(m_chart, this);  // takes ownership of the chart
    m_view->setObjectName(name + QStringLiteral("ChartView"));
    m_view->setRenderHint(QPainter::Antialiasing, true);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setMinimumHeight(kMinimumHeight);

    // Overlays on the chart view: the view is hidden with them when the message shows.
    m_caption = new QLabel(caption, m_view);
    m_caption->setObjectName(name + QStringLiteral("Caption"));
    m_caption->setFont(labelFont);
    m_caption->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_readout = new QLabel(m_view);
    m_readout->setObjectName(name + QStringLiteral("Readout"));
    m_readout->setFont(labelFont);
    m_readout->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_readout->hide();
    m_cornerNote = new QLabel(m_view);
    m_cornerNote->setObjectName(name + QStringLiteral("CornerNote"));
    m_cornerNote->setFont(labelFont);
    m_cornerNote->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_cornerNote->hide();

    m_message = new QLabel(this);
    m_message->setObjectName(name + QStringLiteral("Message"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setAutoFillBackground(true);
    m_message->setFont(labelFont);

    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_message);

    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        placeOverlays();
        updateOverlay();
    });
    // A fixed plot rectangle (not Qt Charts' automatic layout, which sizes it by the label widths)
    // keeps every pane's time axis on the same pixels as the chart above.
    connect(m_chart, &QGraphicsWidget::geometryChanged, this, [this] { updatePlotArea(); });
    connect(m_view, &PaneChartView::mouseMovedTo, this, &TimePane::onMouseMoved);
    connect(m_view, &PaneChartView::mouseLeft, this, &TimePane::crosshairLeft);
    applyTheme();
    applyTimeRange(m_timeFrom, m_timeTo);
}

TimePane::~TimePane() = default;

void TimePane::setTimeRange(double fromMs, double toMs)
{
    m_hasTimeRange = true;
    applyTimeRange(fromMs, toMs);
}

std::pair<qint64, qint64> TimePane::timeRange() const
{
    return {qRound64(m_timeAxis->min()), qRound64(m_timeAxis->max())};
}

void TimePane::applyTimeRange(double fromMs, double toMs)
{
    if (!(toMs > fromMs)) {
        toMs = fromMs + 1.0;
    }
    m_timeFrom = fromMs;
    m_timeTo = toMs;
    m_timeAxis->setRange(fromMs, toMs);
    updateOverlay();
}

void TimePane::setDataTimeExtent(qint64 fromMs, qint64 toMs)
{
    if (!m_hasTimeRange) {
        applyTimeRange(static_cast<double>(fromMs), static_cast<double>(toMs));
    }
}

double TimePane::xForTime(double timeMs) const
{
    return ChartTransform(m_chart->plotArea(), {m_timeFrom, m_timeTo, 0.0, 1.0}).xForTime(timeMs);
}

double TimePane::timeForX(double x) const
{
    return ChartTransform(m_chart->plotArea(), {m_timeFrom, m_timeTo, 0.0, 1.0}).timeForX(x);
}

std::vector<TimeTick> TimePane::timeGrid() const
{
    const double width = m_chart->plotArea().width();
    return timeTicks(m_timeFrom, m_timeTo, std::max(2, static_cast<int>(width / kPixelsPerTimeTick)));
}

void TimePane::setCrosshairTime(std::optional<double> timeMs)
{
    m_crosshairTime = timeMs;
    refreshReadout();
    updateOverlay();
}

void TimePane::refreshReadout()
{
    const QString text = m_crosshairTime ? readoutAt(*m_crosshairTime) : QString();
    m_readout->setText(text);
    m_readout->setHidden(text.isEmpty());
    placeOverlays();
}

QString TimePane::readoutText() const { return m_readout->isHidden() ? QString() : m_readout->text(); }

void TimePane::onMouseMoved(const QPointF& position)
{
    const QRectF plot = m_chart->plotArea();
    if (position.x() < plot.left() || position.x() > plot.right()) {
        emit crosshairLeft();
        return;
    }
    emit crosshairMoved(timeForX(position.x()));
}

void TimePane::setTheme(Theme theme)
{
    m_theme = theme;
    applyTheme();
    applyColors();
    refreshReadout();
}

void TimePane::setPalette(Palette palette)
{
    m_palette = palette;
    applyColors();
    refreshReadout();
}

void TimePane::setTimeLabelsVisible(bool visible)
{
    m_timeLabelsVisible = visible;
    updatePlotArea();
    updateOverlay();
}

void TimePane::setPlotInsets(double left, double right)
{
    m_insetLeft = std::max(0.0, left);
    m_insetRight = std::max(0.0, right);
    updatePlotArea();
}

void TimePane::updatePlotArea()
{
    const QSizeF size = m_chart->size();
    if (size.isEmpty()) {
        return;
    }
    // Half a label above the top tick so its label is not cut; the time labels below.
    const int labelHeight = QFontMetrics(m_valueAxis->labelsFont()).height();
    const int top = labelHeight / 2 + 1;
    const int bottom = m_timeLabelsVisible ? labelHeight + 5 : labelHeight / 2 + 1;
    const QRectF plot(m_insetLeft, top, std::max(10.0, size.width() - m_insetLeft - m_insetRight),
                      std::max(10.0, size.height() - top - bottom));
    if (plot != m_chart->plotArea()) {
        const bool heightChanged = plot.height() != m_chart->plotArea().height();
        m_chart->setPlotArea(plot);
        // Qt Charts (6.4) moves the series at once but lays the axes out again only on its next
        // layout pass, which a new plot rectangle alone does not request: without this the value
        // labels stay where the old plot ended (after a resize or a profile toggle).
        m_chart->layout()->invalidate();
        m_chart->layout()->activate();
        if (heightChanged) {
            for (const auto& entry : m_tickStyles) {
                updateTicks(entry.first);
            }
        }
    }
    placeOverlays();
    updateOverlay();
}

void TimePane::updateOverlay()
{
    const PaneThemeColors colors = paneThemeColors(m_theme);
    PaneChartView::Overlay overlay;
    for (const TimeTick& tick : timeGrid()) {
        overlay.grid.push_back({xForTime(tick.timeMs), tick.label});
    }
    if (m_crosshairTime) {
        overlay.crosshairX = xForTime(*m_crosshairTime);
    }
    overlay.timeLabels = m_timeLabelsVisible;
    overlay.background = colors.background;
    overlay.gridColor = colors.grid;
    overlay.textColor = colors.text;
    overlay.axisLineColor = colors.axisLine;
    overlay.crosshairColor = colors.crosshair;
    overlay.font = m_valueAxis->labelsFont();
    m_view->setOverlay(std::move(overlay));
}

bool TimePane::showsMessage() const { return m_stack->currentWidget() == m_message; }

QString TimePane::messageText() const { return m_message->text(); }

void TimePane::showChart() { m_stack->setCurrentWidget(m_view); }

void TimePane::showMessage(const QString& text)
{
    m_message->setText(text);
    m_stack->setCurrentWidget(m_message);
}

void TimePane::setCaption(const QString& text)
{
    m_caption->setText(text);
    placeOverlays();
}

void TimePane::addCaptionWidget(QWidget* widget)
{
    widget->setParent(m_view);
    widget->setFont(m_caption->font());
    m_captionWidgets.push_back(widget);
    applyTheme();
    widget->show();
    placeOverlays();
}

void TimePane::setCornerNote(const QString& text)
{
    m_cornerNote->setText(text);
    m_cornerNote->setHidden(text.isEmpty());
    m_cornerNote->adjustSize();
    placeOverlays();
}

bool TimePane::showsCornerNote() const { return !m_cornerNote->isHidden(); }

void TimePane::attach(QAbstractSeries* series, QValueAxis* valueAxis)
{
    m_chart->addSeries(series);  // the chart owns it from here
    series->attachAxis(m_timeAxis);
    series->attachAxis(valueAxis != nullptr ? valueAxis : m_valueAxis);
}

void TimePane::styleAxis(QValueAxis* axis, bool grid) const
{
    const PaneThemeColors colors = paneThemeColors(m_theme);
    axis->setLabelsFont(m_valueAxis->labelsFont());
    axis->setLabelsColor(colors.text);
    axis->setLinePenColor(colors.axisLine);
    axis->setGridLineColor(colors.grid);
    axis->setGridLineVisible(grid);
    axis->setMinorGridLineVisible(false);
}

void TimePane::setTickStyle(QValueAxis* axis, const TickStyle& style)
{
    const auto it =
        std::find_if(m_tickStyles.begin(), m_tickStyles.end(), [axis](const auto& e) { return e.first == axis; });
    if (it != m_tickStyles.end()) {
        it->second = style;
    } else {
        m_tickStyles.emplace_back(axis, style);
    }
    updateTicks(axis);
}

void TimePane::setValueRange(QValueAxis* axis, double lo, double hi)
{
    if (!(hi > lo)) {
        hi = lo + 1.0;
    }
    axis->setRange(lo, hi);
    updateTicks(axis);
}

void TimePane::updateTicks(QValueAxis* axis)
{
    TickStyle style;
    const auto it =
        std::find_if(m_tickStyles.cbegin(), m_tickStyles.cend(), [axis](const auto& e) { return e.first == axis; });
    if (it != m_tickStyles.cend()) {
        style = it->second;
    }
    // About one label per 22 px of plot (two at least); dynamic ticks keep the anchor on a grid
    // line at any range.
    const double plotHeight = m_chart->plotArea().height() > 0.0 ? m_chart->plotArea().height() : 60.0;
    const double divisions = std::clamp(plotHeight / 22.0, 1.5, 8.0);
    double step = style.fixedStep > 0.0 ? style.fixedStep : niceStep((axis->max() - axis->min()) / divisions);
    // A short pane still labels a value besides the anchor: the step must fit between the anchor
    // and the farther end of the range (a 0..99M range gets 50M, not a lone "0M").
    const double reach = style.bothSides ? std::min(axis->max() - style.anchor, style.anchor - axis->min())
                                         : std::max(axis->max() - style.anchor, style.anchor - axis->min());
    if (style.fixedStep <= 0.0 && step > reach && reach > 0.0) {
        step = niceStepBelow(reach);
    }
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(style.anchor);
    axis->setTickInterval(step);
    const int decimals = std::max(style.minDecimals, decimalsFor(step));
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f') + style.suffix);
}

void TimePane::applyTheme()
{
    const PaneThemeColors colors = paneThemeColors(m_theme);
    m_chart->setBackgroundBrush(colors.background);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->legend()->setLabelColor(colors.text);
    m_view->setBackgroundBrush(colors.background);
    const auto axes = m_chart->axes();
    for (QAbstractAxis* axis : axes) {
        axis->setLabelsColor(colors.text);
        axis->setLinePenColor(colors.axisLine);
        axis->setGridLineColor(colors.grid);
    }
    m_caption->setStyleSheet(overlayStyle(colors));
    m_readout->setStyleSheet(overlayStyle(colors) + QStringLiteral("font-weight: bold;"));
    m_cornerNote->setStyleSheet(overlayStyle(colors));
    // The controls look like controls: a thin frame around the overlay text.
    const QString control =
        overlayStyle(colors) + QStringLiteral("border: 1px solid %1; border-radius: 2px;").arg(colors.axisLine.name());
    for (QWidget* widget : m_captionWidgets) {
        widget->setStyleSheet(control);
    }
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::Window, colors.background);
    pal.setColor(QPalette::WindowText, colors.text);
    m_message->setPalette(pal);
    updateOverlay();
}

void TimePane::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    placeOverlays();
}

void TimePane::placeOverlays()
{
    const QRect plot = m_chart->plotArea().toAlignedRect();
    int x = plot.left() + 4;
    const int y = plot.top() + 1;
    m_caption->adjustSize();
    m_caption->move(x, y);
    m_caption->raise();
    x += m_caption->width() + kOverlayGap;
    for (QWidget* widget : m_captionWidgets) {
        widget->adjustSize();
        widget->setFixedHeight(m_caption->height() + 2);
        widget->move(x, y - 1);
        widget->raise();
        x += widget->width() + kOverlayGap;
    }
    if (!m_readout->isHidden()) {
        m_readout->adjustSize();
        m_readout->move(x, y);
        m_readout->raise();
    }
    if (!m_cornerNote->isHidden()) {
        m_cornerNote->adjustSize();
        m_cornerNote->move(plot.right() - m_cornerNote->width() - 4, y);
        m_cornerNote->raise();
    }
}

}  // namespace liqheat::ui
