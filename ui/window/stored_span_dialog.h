#pragma once

#include "liqheat/model/model_settings.h"
#include "liqheat/model/result.h"
#include "liqheat/store/market_store.h"

#include <QDialog>

#include <string>
#include <vector>

class QComboBox;
class QDateTimeEdit;
class QLabel;

namespace liqheat::ui {

/// What File > Export Stored Span writes: one stored market (or `all` exchanges of a symbol and
/// interval) over [from, to).
struct StoredSpanChoice {
    std::string exchange;  ///< binance, bybit, okx or all
    std::string symbol;
    TimeMs intervalMs = 0;
    TimeMs from = 0;
    TimeMs to = 0;
};

/// Lists the markets of the local store with their first and last candle, and lets the trader
/// choose one and a span (UTC) within it.
class StoredSpanDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoredSpanDialog)

public:
    StoredSpanDialog(std::vector<StoredMarket> markets, QWidget* parent = nullptr);

    [[nodiscard]] StoredSpanChoice choice() const;

private:
    void marketChosen(int index);

    std::vector<StoredMarket> m_markets;
    QComboBox* m_market = nullptr;
    QLabel* m_stored = nullptr;
    QDateTimeEdit* m_from = nullptr;
    QDateTimeEdit* m_to = nullptr;
};

/// The stored markets of the store at `path`; an error when it cannot be opened.
Result<std::vector<StoredMarket>> storedMarkets(const std::string& path);

/// Reads the chosen span from the store at `storePath` (readStoredMarket, as `liqheat-cli
/// export-snapshot` does) and writes it as a snapshot with `model`, atomically.
Status exportStoredSpan(const std::string& storePath, const StoredSpanChoice& choice, const ModelSettings& model,
                        const std::string& outputPath);

}  // namespace liqheat::ui
