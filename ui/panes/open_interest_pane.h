#pragma once

#include "panes/time_pane.h"

#include "liqheat/model/market_data.h"

#include <memory>
#include <optional>

class QAreaSeries;
class QLineSeries;
class QToolButton;
class QValueAxis;

namespace liqheat::ui {

/// Open interest per sample as a line on the labelled axis, in the base asset (BTC) or the quote
/// (USD) as the trader toggles it (remembered), with the change from the previous sample as bars
/// in a band along the bottom (up in the "long" hue, down in the "short" hue, as funding's signs),
/// like volume under a price chart: the band has its own scale, stated in the corner.
class OpenInterestPane final : public TimePane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenInterestPane)

public:
    /// QSettings key: true shows USD (the quote), false the base asset.
    static constexpr const char* kQuoteSettingKey = "panes/openInterestQuote";

    explicit OpenInterestPane(QWidget* parent = nullptr);
    ~OpenInterestPane() override;

    /// The candles convert between units when the snapshot has only one of them.
    /// Shared, not copied: a year of 1 min candles is 25 MB. The candles convert units.
    void setOpenInterest(std::shared_ptr<const OpenInterestSeries> oi, std::shared_ptr<const CandleSeries> candles,
                         const QString& symbol);

    /// Shows USD (true) or the base asset (false) and remembers the choice.
    void setQuoteUnits(bool quote);
    [[nodiscard]] bool showsQuoteUnits() const { return m_quote; }
    /// The unit shown: "USD" or the base asset ("BTC").
    [[nodiscard]] QString unitName() const;

    /// The open interest drawn (in the unit shown).
    [[nodiscard]] const ValueSeries& shownSeries() const { return m_shown; }
    /// Open interest and its change since the previous sample at a UTC time, in the unit shown.
    [[nodiscard]] std::optional<double> levelAt(double timeMs) const;
    [[nodiscard]] std::optional<double> changeAt(double timeMs) const;
    /// True when the snapshot has no open interest and the note replaces the chart.
    [[nodiscard]] bool showsNotInSnapshot() const { return showsMessage(); }
    [[nodiscard]] QToolButton* unitButton() const { return m_unitButton; }

protected:
    void applyColors() override;
    [[nodiscard]] QString readoutAt(double timeMs) const override;

private:
    void rebuild();
    [[nodiscard]] QString amountText(double value, bool signedValue) const;

    std::shared_ptr<const OpenInterestSeries> m_source = std::make_shared<const OpenInterestSeries>();
    std::shared_ptr<const CandleSeries> m_candles = std::make_shared<const CandleSeries>();
    QString m_baseAsset = QStringLiteral("BTC");
    ValueSeries m_shown;
    TimeMs m_spacingMs = 0;
    bool m_quote = true;

    QToolButton* m_unitButton = nullptr;
    QValueAxis* m_changeAxis = nullptr;
    QLineSeries* m_level = nullptr;
    QLineSeries* m_rises = nullptr;
    QLineSeries* m_falls = nullptr;
    QLineSeries* m_risesBase = nullptr;
    QLineSeries* m_fallsBase = nullptr;
    QAreaSeries* m_risesArea = nullptr;
    QAreaSeries* m_fallsArea = nullptr;
};

}  // namespace liqheat::ui
