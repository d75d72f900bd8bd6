#pragma once

#include "liqheat/live/fetch.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;
class QCompleter;

namespace liqheat::ui {

class InstrumentCatalog;

/// Where live data comes from: exchange (or all), symbol, interval, span; Refresh with progress
/// and Cancel; auto-refresh every N seconds; how old the data on screen is.
class DataSourcePanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataSourcePanel)

public:
    explicit DataSourcePanel(QWidget* parent = nullptr);

    /// The request the controls describe (base URLs come from the environment unless set).
    [[nodiscard]] FetchRequest request() const;
    void setRequest(const FetchRequest& request);
    [[nodiscard]] bool autoRefresh() const;
    [[nodiscard]] int autoRefreshSeconds() const;
    void setAutoRefresh(bool on, int seconds);

    void setBusy(bool busy);
    void setProgress(int done, int total, const QString& message);
    /// Data arrived at `utcMs` (wall clock); the age label counts from there.
    void setUpdated(qint64 utcMs);
    void setStatus(const QString& message);
    [[nodiscard]] QString ageText() const;
    /// Completes the symbol as you type from the chosen exchange's instrument list (`all`: Binance's).
    void setSymbolCatalog(InstrumentCatalog* catalog);

signals:
    void refreshRequested();
    void cancelRequested();
    void autoRefreshChanged(bool on, int seconds);

private:
    void updateAge();
    void updateCompleter();

    QComboBox* m_exchange = nullptr;
    QLineEdit* m_symbol = nullptr;
    QComboBox* m_interval = nullptr;
    QSpinBox* m_days = nullptr;
    QLineEdit* m_baseUrl = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_age = nullptr;
    QCheckBox* m_auto = nullptr;
    QSpinBox* m_autoSeconds = nullptr;
    QTimer* m_ageTimer = nullptr;
    qint64 m_updatedMs = 0;
    QCompleter* m_completer = nullptr;
    InstrumentCatalog* m_catalog = nullptr;
};

}  // namespace liqheat::ui
