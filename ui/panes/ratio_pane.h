#pragma once

#include "panes/time_pane.h"

#include "liqheat/model/market_data.h"

class QLineSeries;

namespace liqheat::ui {

/// Long/short account ratio as a line, with a dashed reference at 1.0 (as many longs as shorts).
class RatioPane final : public TimePane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RatioPane)

public:
    explicit RatioPane(QWidget* parent = nullptr);
    ~RatioPane() override;

    void setRatio(const ValueSeries& ratio);

    /// Number of ratio samples drawn.
    [[nodiscard]] int pointCount() const;
    /// True when the snapshot has no long/short ratio and the note replaces the chart.
    [[nodiscard]] bool showsNotInSnapshot() const { return showsMessage(); }

protected:
    void applyColors() override;

private:
    QLineSeries* m_ratio = nullptr;
    QLineSeries* m_reference = nullptr;
};

}  // namespace liqheat::ui
