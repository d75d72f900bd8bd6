#pragma once

#include "docks/watchlist_model.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace liqheat::ui {

class InstrumentCatalog;

/// The watchlist dock: a sortable table of the watched markets, Add (symbol picker) and Remove,
/// Refresh; a double-click opens the market in the chart.
class WatchlistPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchlistPanel)

public:
    WatchlistPanel(InstrumentCatalog* catalog, QWidget* parent = nullptr);

    [[nodiscard]] WatchlistModel* model() const { return m_model; }
    [[nodiscard]] QTableView* view() const { return m_view; }
    void setStatus(const QString& text);
    /// Adds a market as the picker would (tests and the command line use it).
    void addMarket(const WatchKey& key);

signals:
    void keysChanged(const std::vector<liqheat::WatchKey>& keys);
    void openRequested(const liqheat::WatchKey& key);
    void refreshRequested();

private:
    void pickSymbol();
    void removeSelected();

    InstrumentCatalog* m_catalog;
    WatchlistModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_status = nullptr;
};

}  // namespace liqheat::ui
