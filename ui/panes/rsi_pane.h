#pragma once

#include "panes/time_pane.h"

#include "liqheat/model/market_data.h"

#include <memory>
#include <optional>

class QLineSeries;
class QSpinBox;

namespace liqheat::ui {

/// Wilder's RSI of the candles (core's relativeStrengthIndex) as a line on a fixed 0..100 axis,
/// with dashed overbought (70) and oversold (30) lines; the period is set in the pane (2..100,
/// default 14, remembered).
class RsiPane final : public TimePane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RsiPane)

public:
    static constexpr const char* kPeriodSettingKey = "panes/rsiPeriod";
    static constexpr int kDefaultPeriod = 14;
    static constexpr int kMinPeriod = 2;
    static constexpr int kMaxPeriod = 100;
    static constexpr double kOverbought = 70.0;
    static constexpr double kOversold = 30.0;

    explicit RsiPane(QWidget* parent = nullptr);
    ~RsiPane() override;

    /// Shared, not copied: a year of 1 min candles is 25 MB.
    void setCandles(std::shared_ptr<const CandleSeries> candles);
    /// Recomputes with another period (clamped to 2..100) and remembers it.
    void setPeriod(int period);
    [[nodiscard]] int period() const { return m_period; }

    /// The RSI drawn: one value per candle from candle `period` on.
    [[nodiscard]] const ValueSeries& rsi() const { return m_rsi; }
    /// The RSI of the candle at a UTC time.
    [[nodiscard]] std::optional<double> rsiAt(double timeMs) const;
    [[nodiscard]] QSpinBox* periodBox() const { return m_periodBox; }

protected:
    void applyColors() override;
    [[nodiscard]] QString readoutAt(double timeMs) const override;

private:
    void rebuild();

    std::shared_ptr<const CandleSeries> m_candles = std::make_shared<const CandleSeries>();
    ValueSeries m_rsi;
    TimeMs m_candleMs = 0;
    int m_period = kDefaultPeriod;
    QSpinBox* m_periodBox = nullptr;
    QLineSeries* m_line = nullptr;
    QLineSeries* m_overbought = nullptr;
    QLineSeries* m_oversold = nullptr;
};

}  // namespace liqheat::ui
