#include "docks/watchlist_model.h"

#include "text_format.h"

#include <algorithm>
#include <cmath>

namespace liqheat::ui {
namespace {

QString marketText(const WatchKey& key)
{
    return QString::fromStdString(key.symbol + " · " + toString(key.exchange) + " · " + key.interval);
}

QString ageText(TimeMs ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < 120) {
        return QStringLiteral("%1 s").arg(seconds);
    }
    return seconds < 7200 ? QStringLiteral("%1 min").arg(seconds / 60) : QStringLiteral("%1 h").arg(seconds / 3600);
}

QVariant optionalNumber(const std::optional<double>& v) { return v ? QVariant(*v) : QVariant(); }

}  // namespace

WatchlistModel::WatchlistModel(QObject* parent) : QAbstractTableModel(parent) {}

void WatchlistModel::setKeys(const std::vector<WatchKey>& keys)
{
    beginResetModel();
    m_keys = keys;
    m_entries.assign(keys.size(), {});
    endResetModel();
}

void WatchlistModel::addKey(const WatchKey& key)
{
    if (std::find(m_keys.begin(), m_keys.end(), key) != m_keys.end()) {
        return;
    }
    const int row = static_cast<int>(m_keys.size());
    beginInsertRows({}, row, row);
    m_keys.push_back(key);
    m_entries.emplace_back();
    endInsertRows();
}

void WatchlistModel::removeRow(int row)
{
    if (row < 0 || row >= rowCount()) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_keys.erase(m_keys.begin() + row);
    m_entries.erase(m_entries.begin() + row);
    endRemoveRows();
}

void WatchlistModel::apply(const WatchUpdate& update)
{
    const auto it = std::find(m_keys.begin(), m_keys.end(), update.key);
    if (it == m_keys.end()) {
        return;
    }
    const int row = static_cast<int>(it - m_keys.begin());
    Entry& entry = m_entries[static_cast<std::size_t>(row)];
    if (update.evaluation) {
        entry.row = update.evaluation->row;
        entry.error.clear();
    } else {
        entry.error = QString::fromStdString(update.error);  // the last good row stays, marked
    }
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int WatchlistModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_keys.size());
}

int WatchlistModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant WatchlistModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const auto r = static_cast<std::size_t>(index.row());
    const Entry& entry = m_entries[r];
    if (index.column() == Market) {
        if (role == Qt::DisplayRole || role == kSortRole) {
            return marketText(m_keys[r]);
        }
        if (role == Qt::ToolTipRole && !entry.error.isEmpty()) {
            return entry.error;
        }
        return {};
    }
    if (!entry.row) {
        return role == Qt::DisplayRole && index.column() == Price
                   ? QVariant(entry.error.isEmpty() ? tr("loading...") : tr("failed"))
                   : QVariant();
    }
    const WatchRow& w = *entry.row;
    const auto& cluster = index.column() <= LongNotional ? w.nearestLong : w.nearestShort;
    QVariant value;
    switch (index.column()) {
    case Price: value = w.lastPrice; break;
    case Change24h: value = optionalNumber(w.change24hPercent); break;
    case LongCluster:
    case ShortCluster: value = cluster ? QVariant(cluster->price) : QVariant(); break;
    case LongDistance:
    case ShortDistance: value = cluster ? QVariant(cluster->distancePercent) : QVariant(); break;
    case LongNotional:
    case ShortNotional: value = cluster ? QVariant(cluster->notionalUsd) : QVariant(); break;
    case Funding: value = w.funding ? QVariant(*w.funding * 100.0) : QVariant(); break;
    case LongShort: value = optionalNumber(w.longShortRatio); break;
    case Signals: value = static_cast<int>(w.activeSignals.size()); break;
    case Age: value = static_cast<qlonglong>(w.dataAgeMs); break;
    default: break;
    }
    if (role == kSortRole) {
        return value;
    }
    if (role == Qt::TextAlignmentRole) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == Signals) {
        QStringList ids;
        for (const auto& id : w.activeSignals) {
            ids << QString::fromStdString(id);
        }
        return ids.join(QStringLiteral(", "));
    }
    if (role != Qt::DisplayRole || !value.isValid()) {
        return {};
    }
    switch (index.column()) {
    case Price:
    case LongCluster:
    case ShortCluster: return priceText(value.toDouble());
    case Change24h:
    case LongDistance:
    case ShortDistance: return percentText(value.toDouble());
    case LongNotional:
    case ShortNotional: return usdText(value.toDouble());
    case Funding: return percentText(value.toDouble(), 4);
    case LongShort: return QString::number(value.toDouble(), 'f', 2);
    case Signals: {
        QStringList ids;
        for (const auto& id : w.activeSignals) {
            ids << QString::fromStdString(id);
        }
        return ids.isEmpty() ? QStringLiteral("-") : ids.join(QStringLiteral(", "));
    }
    case Age: return ageText(w.dataAgeMs);
    default: return {};
    }
}

QVariant WatchlistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case Market: return tr("Market");
    case Price: return tr("Price");
    case Change24h: return tr("24 h");
    case LongCluster: return tr("Long cluster");
    case LongDistance: return tr("Dist.");
    case LongNotional: return tr("Notional");
    case ShortCluster: return tr("Short cluster");
    case ShortDistance: return tr("Dist.");
    case ShortNotional: return tr("Notional");
    case Funding: return tr("Funding");
    case LongShort: return tr("L/S");
    case Signals: return tr("Signals");
    case Age: return tr("Age");
    default: return {};
    }
}

}  // namespace liqheat::ui
