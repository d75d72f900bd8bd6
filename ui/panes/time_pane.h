#pragma once

#include "chart/chart_transform.h"
#include "heatmap_style.h"

#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

class QAbstractSeries;
class QChart;
class QLabel;
class QStackedLayout;
class QValueAxis;

namespace liqheat::ui {

class PaneChartView;

/// Common frame of the time panes: a compact chart with a hidden time axis in UTC ms and a value
/// axis (right, like the main chart's price axis), the main chart's round time grid and labels, a
/// caption in the plot's corner with room for the pane's own controls and its value at the
/// crosshair, and a centred message that replaces the chart when there is nothing to draw.
/// Subclasses add series, colour them in applyColors() and say what they show at a time in
/// readoutAt().
class TimePane : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimePane)

public:
    ~TimePane() override;

    /// Shows [fromMs, toMs] (UTC). Only moves the axis: the series are not rebuilt.
    void setTimeRange(double fromMs, double toMs);
    /// The time axis range, in UTC ms.
    [[nodiscard]] std::pair<qint64, qint64> timeRange() const;
    /// Whether setTimeRange was called; until then the pane shows its own data's extent.
    [[nodiscard]] bool hasExplicitTimeRange() const { return m_hasTimeRange; }

    /// The x (pane pixels) at which a UTC time is drawn, and back: the main chart's own mapping
    /// (ChartTransform) over this pane's plot rectangle.
    [[nodiscard]] double xForTime(double timeMs) const;
    [[nodiscard]] double timeForX(double x) const;
    /// The vertical grid lines: the main chart's timeTicks() for this span at its tick spacing.
    [[nodiscard]] std::vector<TimeTick> timeGrid() const;
    /// Pixels of plot width per time tick; ChartRenderer's time axis uses the same spacing, so the
    /// panes' grid lines fall on the chart's.
    static constexpr double kPixelsPerTimeTick = 90.0;

    /// Draws the shared crosshair at a UTC time and shows the pane's value there; none hides both.
    void setCrosshairTime(std::optional<double> timeMs);
    [[nodiscard]] std::optional<double> crosshairTime() const { return m_crosshairTime; }
    /// What the pane shows at the crosshair (empty while there is none or no value there).
    [[nodiscard]] QString readoutText() const;

    void setTheme(Theme theme);
    void setPalette(Palette palette);
    [[nodiscard]] Theme theme() const { return m_theme; }
    [[nodiscard]] Palette palette() const { return m_palette; }

    /// Hides the time labels (panes stacked under one another need them only once).
    void setTimeLabelsVisible(bool visible);
    [[nodiscard]] bool timeLabelsVisible() const { return m_timeLabelsVisible; }

    /// Pixels between the widget's edges and the plot, so the time axis lines up with the main
    /// chart's plot (its price axis and profile sit right of the plot). Value labels go in the
    /// right inset.
    void setPlotInsets(double left, double right);
    [[nodiscard]] double plotInsetLeft() const { return m_insetLeft; }
    [[nodiscard]] double plotInsetRight() const { return m_insetRight; }
    /// Default right inset: the main chart's price axis width.
    static constexpr double kDefaultRightInset = 78.0;

    [[nodiscard]] QChart* chart() const { return m_chart; }
    [[nodiscard]] PaneChartView* chartView() const { return m_view; }
    [[nodiscard]] QValueAxis* timeAxis() const { return m_timeAxis; }
    [[nodiscard]] QValueAxis* valueAxis() const { return m_valueAxis; }
    /// True while the centred message replaces the chart.
    [[nodiscard]] bool showsMessage() const;
    [[nodiscard]] QString messageText() const;
    /// The pane's name in menus ("Funding rate").
    [[nodiscard]] QString title() const { return m_title; }

signals:
    /// The mouse is over this pane's plot at a UTC time (the other panes follow it).
    void crosshairMoved(double timeMs);
    void crosshairLeft();

protected:
    /// `name` becomes the objectName; the chart view, caption and message get derived names.
    TimePane(const QString& name, const QString& caption, QWidget* parent);

    /// Colours the subclass' series for the current theme and palette.
    virtual void applyColors() = 0;
    /// The pane's value(s) at a UTC time, short ("0.0100%"); empty when the data has none there.
    [[nodiscard]] virtual QString readoutAt(double timeMs) const = 0;
    /// Re-reads the value at the crosshair (after the data changed).
    void refreshReadout();

    void showChart();
    void showMessage(const QString& text);
    void setCaption(const QString& text);
    /// A control placed right of the caption (a unit toggle, a period box); the pane owns it.
    void addCaptionWidget(QWidget* widget);
    /// A small note in the plot's top-right corner (a missing secondary series, or a compact
    /// legend); plain or rich text; empty hides.
    void setCornerNote(const QString& text);
    [[nodiscard]] bool showsCornerNote() const;
    /// The data's time extent, used while no explicit range was set.
    void setDataTimeExtent(qint64 fromMs, qint64 toMs);
    /// Styles an axis added by a subclass like the built-in ones.
    void styleAxis(QValueAxis* axis, bool grid) const;
    /// Attaches a series to the time axis and `valueAxis` (the pane's value axis when null).
    void attach(QAbstractSeries* series, QValueAxis* valueAxis = nullptr);

    /// How a value axis places and labels its ticks: a round spacing anchored at `anchor` (zero,
    /// or 1.0 for a ratio), as many ticks as the plot height allows, labels "%.<n>f<suffix>" with
    /// n from the spacing but at least `minDecimals`. `suffix` is printf text ("%%" for percent).
    /// A positive `fixedStep` replaces the derived spacing (RSI: 30 and 70 only). `bothSides`
    /// keeps a labelled tick on each side of the anchor (shorts up and longs down).
    struct TickStyle {
        double anchor = 0.0;
        int minDecimals = 0;
        QString suffix;
        double fixedStep = 0.0;
        bool bothSides = false;
    };
    void setTickStyle(QValueAxis* axis, const TickStyle& style);
    /// Sets the range and re-derives the ticks (axes without a TickStyle use the default one).
    void setValueRange(QValueAxis* axis, double lo, double hi);

    void resizeEvent(QResizeEvent* event) override;

private:
    void applyTheme();
    void applyTimeRange(double fromMs, double toMs);
    void placeOverlays();
    void updatePlotArea();
    void updateTicks(QValueAxis* axis);
    void updateOverlay();
    void onMouseMoved(const QPointF& position);

    QStackedLayout* m_stack = nullptr;
    QChart* m_chart = nullptr;
    PaneChartView* m_view = nullptr;
    QValueAxis* m_timeAxis = nullptr;
    QValueAxis* m_valueAxis = nullptr;
    QLabel* m_caption = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_cornerNote = nullptr;
    QLabel* m_message = nullptr;
    std::vector<QWidget*> m_captionWidgets;
    QString m_title;
    Theme m_theme = Theme::Dark;
    Palette m_palette = Palette::RedGreen;
    std::vector<std::pair<QValueAxis*, TickStyle>> m_tickStyles;
    std::optional<double> m_crosshairTime;
    double m_timeFrom = 0.0;
    double m_timeTo = 1.0;
    bool m_hasTimeRange = false;
    bool m_timeLabelsVisible = true;
    double m_insetLeft = 0.0;
    double m_insetRight = kDefaultRightInset;
};

}  // namespace liqheat::ui
