#pragma once

#include "liqheat/live/instruments.h"
#include "liqheat/live/market_feed.h"

#include <QDialog>
#include <QObject>
#include <QStringListModel>

#include <map>
#include <memory>
#include <optional>

class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;

namespace liqheat::ui {

/// The exchanges' instrument lists, loaded off the GUI thread through an InstrumentCache (the
/// local store, or a JSON file per exchange without one; a one-day TTL), as one string model per
/// exchange for pickers and completers.
class InstrumentCatalog final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstrumentCatalog)

public:
    InstrumentCatalog(std::shared_ptr<InstrumentCache> cache, QObject* parent = nullptr);
    ~InstrumentCatalog() override;

    /// Canonical symbols of `exchange`, sorted; filled when the load finishes.
    QStringListModel* symbols(Exchange exchange);
    /// Starts loading `exchange` unless loaded or loading.
    void load(Exchange exchange);

signals:
    void loaded(liqheat::Exchange exchange, const QString& note);

private:
    std::shared_ptr<InstrumentCache> m_cache;
    std::map<Exchange, QStringListModel*> m_models;
    std::map<Exchange, bool> m_started;
    std::shared_ptr<bool> m_alive;
};

/// "Add symbol": an exchange, a filter that narrows the list as you type, the interval.
class SymbolPickerDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SymbolPickerDialog)

public:
    SymbolPickerDialog(InstrumentCatalog* catalog, QWidget* parent = nullptr);

    /// The chosen market; a typed symbol that is not listed is taken too (the list may be stale).
    [[nodiscard]] std::optional<WatchKey> choice() const;
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* exchangeCombo() const { return m_exchange; }

private:
    void showExchange();

    InstrumentCatalog* m_catalog;
    QComboBox* m_exchange = nullptr;
    QComboBox* m_interval = nullptr;
    QLineEdit* m_filter = nullptr;
    QListView* m_list = nullptr;
    QLabel* m_note = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
};

}  // namespace liqheat::ui
