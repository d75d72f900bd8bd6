#pragma once

#include "panes/time_pane.h"

#include "liqheat/model/market_data.h"

#include <QList>
#include <QPointF>

#include <optional>

class QAreaSeries;
class QLineSeries;

namespace liqheat::ui {

/// Funding rate per settlement as bars coloured by sign, in percent. Each bar spans from its
/// settlement to the next one (the median spacing for the last).
class FundingPane final : public TimePane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FundingPane)

public:
    explicit FundingPane(QWidget* parent = nullptr);
    ~FundingPane() override;

    void setFunding(const ValueSeries& funding);

    /// (UTC ms, rate as a fraction) of every settlement shown.
    [[nodiscard]] QList<QPointF> fundingPoints() const { return m_points; }
    /// The rate (a fraction) in effect at a UTC time: the last settlement at or before it.
    [[nodiscard]] std::optional<double> rateAt(double timeMs) const;
    /// True when the snapshot has no funding rate and the note replaces the chart.
    [[nodiscard]] bool showsNotInSnapshot() const { return showsMessage(); }

protected:
    void applyColors() override;
    [[nodiscard]] QString readoutAt(double timeMs) const override;

private:
    QList<QPointF> m_points;
    ValueSeries m_funding;
    TimeMs m_lastWidthMs = 0;
    QLineSeries* m_positiveBars = nullptr;
    QLineSeries* m_negativeBars = nullptr;
    QLineSeries* m_positiveBase = nullptr;
    QLineSeries* m_negativeBase = nullptr;
    QAreaSeries* m_positiveArea = nullptr;
    QAreaSeries* m_negativeArea = nullptr;
};

}  // namespace liqheat::ui
