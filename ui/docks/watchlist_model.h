#pragma once

#include "liqheat/live/watch_session.h"

#include <QAbstractTableModel>

#include <vector>

namespace liqheat::ui {

/// The watchlist's rows: one per watched market, in the order added; the numbers come from
/// evaluateWatch (the same as `liqheat-cli watch`). Sorting is the proxy's job (numbers sort as
/// numbers through Qt::UserRole).
class WatchlistModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchlistModel)

public:
    enum Column {
        Market,
        Price,
        Change24h,
        LongCluster,
        LongDistance,
        LongNotional,
        ShortCluster,
        ShortDistance,
        ShortNotional,
        Funding,
        LongShort,
        Signals,
        Age,
        ColumnCount
    };
    static constexpr int kSortRole = Qt::UserRole;

    explicit WatchlistModel(QObject* parent = nullptr);

    void setKeys(const std::vector<WatchKey>& keys);
    [[nodiscard]] const std::vector<WatchKey>& keys() const { return m_keys; }
    void addKey(const WatchKey& key);
    void removeRow(int row);
    /// Fills the row of update.key (ignored when it is no longer watched).
    void apply(const WatchUpdate& update);
    [[nodiscard]] WatchKey keyAt(int row) const { return m_keys.at(static_cast<std::size_t>(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry {
        std::optional<WatchRow> row;
        QString error;
    };
    std::vector<WatchKey> m_keys;
    std::vector<Entry> m_entries;
};

}  // namespace liqheat::ui
