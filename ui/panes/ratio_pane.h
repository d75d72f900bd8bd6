#pragma once

#include "panes/time_pane.h"

#include "liqheat/model/market_data.h"

#include <optional>

class QLineSeries;

namespace liqheat::ui {

/// Long/short ratios as lines: the global account ratio (every account's longs / shorts) and the
/// top traders' position ratio (their long / short notional), each only when the snapshot has it,
/// with a dashed reference at 1.0 (as many longs as shorts) and a legend naming the lines.
class RatioPane final : public TimePane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RatioPane)

public:
    explicit RatioPane(QWidget* parent = nullptr);
    ~RatioPane() override;

    void setRatios(const ValueSeries& accounts, const ValueSeries& topTraderPositions);
    /// The global account ratio alone.
    void setRatio(const ValueSeries& accounts) { setRatios(accounts, {}); }

    /// Number of account-ratio samples drawn.
    [[nodiscard]] int pointCount() const;
    /// Number of top-trader position-ratio samples drawn.
    [[nodiscard]] int topTraderPointCount() const;
    /// The latest sample at or before a UTC time (none outside the data).
    [[nodiscard]] std::optional<double> accountRatioAt(double timeMs) const;
    [[nodiscard]] std::optional<double> topTraderRatioAt(double timeMs) const;
    /// True when the snapshot has neither ratio and the note replaces the chart.
    [[nodiscard]] bool showsNotInSnapshot() const { return showsMessage(); }

protected:
    void applyColors() override;
    [[nodiscard]] QString readoutAt(double timeMs) const override;

private:
    void updateLegend();

    ValueSeries m_accounts;
    ValueSeries m_topTraders;
    QLineSeries* m_accountLine = nullptr;
    QLineSeries* m_topTraderLine = nullptr;
    QLineSeries* m_reference = nullptr;
};

}  // namespace liqheat::ui
