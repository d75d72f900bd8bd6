#pragma once

#include "heatmap_style.h"

#include <QWidget>

#include <utility>
#include <vector>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QStackedLayout;
class QValueAxis;

namespace liqheat::ui {

/// Common frame of the time panes: a compact QChartView with a UTC time axis (bottom) and a value
/// axis (right, like the main chart's price axis), a caption in the plot's corner, and a centred message that replaces the chart
/// when there is nothing to draw. Subclasses add series and colour them in applyColors().
class TimePane : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimePane)

public:
    ~TimePane() override;

    /// Shows [fromMs, toMs] (UTC). Only moves the axis: the series are not rebuilt.
    void setTimeRange(qint64 fromMs, qint64 toMs);
    /// The time axis range read back from the axis, in UTC ms.
    [[nodiscard]] std::pair<qint64, qint64> timeRange() const;
    /// Whether setTimeRange was called; until then the pane shows its own data's extent.
    [[nodiscard]] bool hasExplicitTimeRange() const { return m_hasTimeRange; }

    void setTheme(Theme theme);
    void setPalette(Palette palette);
    [[nodiscard]] Theme theme() const { return m_theme; }
    [[nodiscard]] Palette palette() const { return m_palette; }

    /// Hides the time labels (panes stacked under one another need them only once).
    void setTimeLabelsVisible(bool visible);

    /// Pixels between the widget's edges and the plot, so the time axis lines up with the main
    /// chart's plot (its price axis and profile sit right of the plot). Value labels go in the
    /// right inset.
    void setPlotInsets(int left, int right);
    [[nodiscard]] int plotInsetLeft() const { return m_insetLeft; }
    [[nodiscard]] int plotInsetRight() const { return m_insetRight; }
    /// Default right inset: the main chart's price axis width.
    static constexpr int kDefaultRightInset = 78;

    [[nodiscard]] QChart* chart() const { return m_chart; }
    [[nodiscard]] QChartView* chartView() const { return m_view; }
    [[nodiscard]] QDateTimeAxis* timeAxis() const { return m_timeAxis; }
    [[nodiscard]] QValueAxis* valueAxis() const { return m_valueAxis; }
    /// True while the centred message replaces the chart.
    [[nodiscard]] bool showsMessage() const;
    [[nodiscard]] QString messageText() const;

protected:
    /// `name` becomes the objectName; the chart view, caption and message get derived names.
    TimePane(const QString& name, const QString& caption, QWidget* parent);

    /// Colours the subclass' series for the current theme and palette.
    virtual void applyColors() = 0;

    void showChart();
    void showMessage(const QString& text);
    void setCaption(const QString& text);
    /// A small note in the plot's top-right corner (a missing secondary series, or a compact
    /// legend); plain or rich text; empty hides.
    void setCornerNote(const QString& text);
    [[nodiscard]] bool showsCornerNote() const;
    /// The data's time extent, used while no explicit range was set.
    void setDataTimeExtent(qint64 fromMs, qint64 toMs);
    /// Styles an axis added by a subclass like the built-in ones.
    void styleAxis(QValueAxis* axis, bool grid) const;

    /// How a value axis places and labels its ticks: a round spacing anchored at `anchor` (zero,
    /// or 1.0 for a ratio), as many ticks as the plot height allows, labels "%.<n>f<suffix>" with
    /// n from the spacing but at least `minDecimals`. `suffix` is printf text ("%%" for percent).
    struct TickStyle {
        double anchor = 0.0;
        int minDecimals = 0;
        QString suffix;
    };
    void setTickStyle(QValueAxis* axis, const TickStyle& style);
    /// Sets the range and re-derives the ticks (axes without a TickStyle use the default one).
    void setValueRange(QValueAxis* axis, double lo, double hi);

    void resizeEvent(QResizeEvent* event) override;

private:
    void applyTheme();
    void applyTimeRange(qint64 fromMs, qint64 toMs);
    void placeOverlays();
    void updatePlotArea();
    void updateTicks(QValueAxis* axis);

    QStackedLayout* m_stack = nullptr;
    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QDateTimeAxis* m_timeAxis = nullptr;
    QValueAxis* m_valueAxis = nullptr;
    QLabel* m_caption = nullptr;
    QLabel* m_cornerNote = nullptr;
    QLabel* m_message = nullptr;
    Theme m_theme = Theme::Dark;
    Palette m_palette = Palette::RedGreen;
    std::vector<std::pair<QValueAxis*, TickStyle>> m_tickStyles;
    bool m_hasTimeRange = false;
    bool m_timeLabelsVisible = true;
    int m_insetLeft = 0;
    int m_insetRight = kDefaultRightInset;
};

}  // namespace liqheat::ui
