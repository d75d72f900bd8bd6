#include "panes/time_pane.h"

#include "panes/pane_colors.h"
#include "panes/step_path.h"
#include "panes/utc_axis.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
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

constexpr int kMinimumHeight = 90;
constexpr int kPixelsPerTimeTick = 110;

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

TimePane::TimePane(const QString& name, const QString& caption, QWidget* parent) : QWidget(parent)
{
    setObjectName(name);
    setMinimumHeight(kMinimumHeight);

    m_chart = new QChart();
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(2, 2, 2, 0));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->hide();
    m_chart->setDropShadowEnabled(false);

    const QFont labelFont = smallFont(this);
    m_timeAxis = new QDateTimeAxis(m_chart);
    m_timeAxis->setObjectName(name + QStringLiteral("TimeAxis"));
    m_timeAxis->setFormat(QStringLiteral("MM-dd HH:mm"));
    m_timeAxis->setLabelsFont(labelFont);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);

    m_valueAxis = new QValueAxis(m_chart);
    m_valueAxis->setObjectName(name + QStringLiteral("ValueAxis"));
    m_valueAxis->setLabelsFont(labelFont);
    m_chart->addAxis(m_valueAxis, Qt::AlignRight);

    m_view = new QChartView(m_chart, this);  // takes ownership of the chart
    m_view->setObjectName(name + QStringLiteral("ChartView"));
    m_view->setRenderHint(QPainter::Antialiasing, true);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setMinimumHeight(kMinimumHeight);

    // Overlays on the chart view: the view is hidden with them when the message shows.
    m_caption = new QLabel(caption, m_view);
    m_caption->setObjectName(name + QStringLiteral("Caption"));
    m_caption->setFont(labelFont);
    m_caption->setAttribute(Qt::WA_TransparentForMouseEvents);
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

    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_message);

    connect(m_chart, &QChart::plotAreaChanged, this, [this] { placeOverlays(); });
    // A fixed plot rectangle (not Qt Charts' automatic layout, which sizes it by the label widths)
    // keeps every pane's time axis on the same pixels as the chart above.
    connect(m_chart, &QGraphicsWidget::geometryChanged, this, [this] { updatePlotArea(); });
    applyTheme();
}

TimePane::~TimePane() = default;

void TimePane::setTimeRange(qint64 fromMs, qint64 toMs)
{
    m_hasTimeRange = true;
    applyTimeRange(fromMs, toMs);
}

std::pair<qint64, qint64> TimePane::timeRange() const
{
    return {axisToUtcMs(m_timeAxis->min().toMSecsSinceEpoch()), axisToUtcMs(m_timeAxis->max().toMSecsSinceEpoch())};
}

void TimePane::applyTimeRange(qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs) {
        toMs = fromMs + 1;
    }
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(utcToAxisMs(fromMs)),
                         QDateTime::fromMSecsSinceEpoch(utcToAxisMs(toMs)));
}

void TimePane::setDataTimeExtent(qint64 fromMs, qint64 toMs)
{
    if (!m_hasTimeRange) {
        applyTimeRange(fromMs, toMs);
    }
}

void TimePane::setTheme(Theme theme)
{
    m_theme = theme;
    applyTheme();
    applyColors();
}

void TimePane::setPalette(Palette palette)
{
    m_palette = palette;
    applyColors();
}

void TimePane::setTimeLabelsVisible(bool visible)
{
    m_timeLabelsVisible = visible;
    m_timeAxis->setLabelsVisible(visible);
    updatePlotArea();
}

void TimePane::setPlotInsets(int left, int right)
{
    m_insetLeft = std::max(0, left);
    m_insetRight = std::max(0, right);
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
    const int top = labelHeight / 2 + 2;
    const int bottom = m_timeLabelsVisible ? labelHeight + 8 : labelHeight / 2 + 2;
    const QRectF plot(m_insetLeft, top, std::max(10.0, size.width() - m_insetLeft - m_insetRight),
                      std::max(10.0, size.height() - top - bottom));
    if (plot != m_chart->plotArea()) {
        const bool heightChanged = plot.height() != m_chart->plotArea().height();
        m_chart->setPlotArea(plot);
        if (heightChanged) {
            for (const auto& entry : m_tickStyles) {
                updateTicks(entry.first);
            }
        }
    }
    placeOverlays();
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

void TimePane::setCornerNote(const QString& text)
{
    m_cornerNote->setText(text);
    m_cornerNote->setHidden(text.isEmpty());
    m_cornerNote->adjustSize();
    placeOverlays();
}

bool TimePane::showsCornerNote() const { return !m_cornerNote->isHidden(); }

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
    // About one label per 28 px of plot; dynamic ticks keep the anchor on a grid line at any range.
    const double plotHeight = m_chart->plotArea().height() > 0.0 ? m_chart->plotArea().height() : 60.0;
    const double divisions = std::clamp(plotHeight / 28.0, 2.0, 8.0);
    const double step = niceStep((axis->max() - axis->min()) / divisions);
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
    m_cornerNote->setStyleSheet(overlayStyle(colors));
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::Window, colors.background);
    pal.setColor(QPalette::WindowText, colors.text);
    m_message->setPalette(pal);
}

void TimePane::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Enough time labels for the width, without overlapping.
    m_timeAxis->setTickCount(std::clamp(event->size().width() / kPixelsPerTimeTick, 2, 12));
}

void TimePane::placeOverlays()
{
    const QRect plot = m_chart->plotArea().toAlignedRect();
    m_caption->adjustSize();
    m_caption->move(plot.left() + 4, plot.top() + 1);
    m_caption->raise();
    if (!m_cornerNote->isHidden()) {
        m_cornerNote->adjustSize();
        m_cornerNote->move(plot.right() - m_cornerNote->width() - 4, plot.top() + 1);
        m_cornerNote->raise();
    }
}

}  // namespace liqheat::ui
