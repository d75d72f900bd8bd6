#include "docks/leverage_tier_model.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>

namespace liqheat::ui {

namespace {

// Leverages traders actually pick (exchange UI presets), offered first when adding a tier.
constexpr std::array<double, 10> kCommonLeverages{2, 3, 5, 10, 20, 25, 50, 75, 100, 125};

QString formatNumber(double value) { return QLocale().toString(value, 'g', 6); }

}  // namespace

LeverageTierModel::LeverageTierModel(QObject* parent) : QAbstractTableModel(parent) {}

void LeverageTierModel::setTiers(const std::vector<LeverageTier>& tiers)
{
    beginResetModel();
    m_tiers = tiers;
    endResetModel();
}

int LeverageTierModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_tiers.size());
}

int LeverageTierModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

double LeverageTierModel::weightSum() const
{
    double sum = 0.0;
    for (const auto& tier : m_tiers) {
        sum += tier.weight;
    }
    return sum;
}

bool LeverageTierModel::hasLeverage(double leverage, int exceptRow) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (row != exceptRow && m_tiers[static_cast<std::size_t>(row)].leverage == leverage) {
            return true;
        }
    }
    return false;
}

QVariant LeverageTierModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const LeverageTier& tier = m_tiers[static_cast<std::size_t>(index.row())];
    if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    }
    const double sum = weightSum();
    const double sharePercent = sum > 0.0 ? 100.0 * tier.weight / sum : 0.0;
    switch (index.column()) {
    case LeverageColumn:
        if (role == Qt::DisplayRole) {
            return formatNumber(tier.leverage);
        }
        if (role == Qt::EditRole) {
            return tier.leverage;
        }
        break;
    case WeightColumn:
        if (role == Qt::DisplayRole) {
            return formatNumber(tier.weight);
        }
        if (role == Qt::EditRole) {
            return tier.weight;
        }
        break;
    case ShareColumn:
        if (role == Qt::DisplayRole) {
            return tr("%1 %").arg(QLocale().toString(sharePercent, 'f', 1));
        }
        if (role == Qt::EditRole) {
            return sharePercent;
        }
        break;
    default: break;
    }
    return {};
}

QVariant LeverageTierModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (section) {
        case LeverageColumn: return tr("Leverage (x)");
        case WeightColumn: return tr("Weight");
        case ShareColumn: return tr("Share");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case LeverageColumn:
            return tr(
                "Leverage of the positions in this tier (1 to 200x). Higher leverage puts the "
                "liquidation price closer to the entry.");
        case WeightColumn:
            return tr(
                "Relative weight of this tier. Any non-negative numbers; they are normalised "
                "to the shares on the right.");
        case ShareColumn: return tr("Share of newly opened open interest assigned to this tier (weight / total).");
        default: return {};
        }
    }
    return {};
}

Qt::ItemFlags LeverageTierModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() != ShareColumn) {
        f |= Qt::ItemIsEditable;
    }
    return f;
}

bool LeverageTierModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        index.column() == ShareColumn) {
        return false;
    }
    bool ok = false;
    double number = value.toDouble(&ok);
    if (!ok && value.typeId() == QMetaType::QString) {
        // Typed text may use the user's decimal separator.
        number = QLocale().toDouble(value.toString().trimmed(), &ok);
    }
    if (!ok || !std::isfinite(number)) {
        emit editRejected(tr("Enter a number."));
        return false;
    }
    const auto row = static_cast<std::size_t>(index.row());
    LeverageTier& tier = m_tiers[row];

    if (index.column() == LeverageColumn) {
        if (number < kMinLeverage || number > kMaxLeverage) {
            emit editRejected(tr("Leverage must be between 1x and 200x."));
            return false;
        }
        if (number == tier.leverage) {
            return true;
        }
        if (hasLeverage(number, index.row())) {
            emit editRejected(tr("There already is a %1x tier.").arg(formatNumber(number)));
            return false;
        }
        tier.leverage = number;
        emit dataChanged(index, index);
        emit tiersEdited();
        return true;
    }

    if (number < 0.0) {
        emit editRejected(tr("Weights cannot be negative."));
        return false;
    }
    if (!(weightSum() - tier.weight + number > 0.0)) {
        emit editRejected(tr("At least one tier needs a positive weight."));
        return false;
    }
    if (number == tier.weight) {
        return true;
    }
    tier.weight = number;
    emit dataChanged(index, index);
    emitSharesChanged();  // every share depends on the total
    emit tiersEdited();
    return true;
}

int LeverageTierModel::addTier()
{
    double leverage = 0.0;
    for (double candidate : kCommonLeverages) {
        if (!hasLeverage(candidate, -1)) {
            leverage = candidate;
            break;
        }
    }
    for (double candidate = kMinLeverage; leverage == 0.0 && candidate <= kMaxLeverage; candidate += 1.0) {
        if (!hasLeverage(candidate, -1)) {
            leverage = candidate;
        }
    }
    if (leverage == 0.0) {
        emit editRejected(tr("Every whole leverage from 1x to 200x already has a tier."));
        return -1;
    }
    // The mean weight gives the new tier a typical share instead of dominating or vanishing.
    const double weight = m_tiers.empty() ? 1.0 : weightSum() / static_cast<double>(m_tiers.size());
    const auto pos = std::find_if(m_tiers.begin(), m_tiers.end(),
                                  [leverage](const LeverageTier& t) { return t.leverage > leverage; });
    const int row = static_cast<int>(pos - m_tiers.begin());
    beginInsertRows({}, row, row);
    m_tiers.insert(pos, LeverageTier{leverage, weight});
    endInsertRows();
    emitSharesChanged();
    emit tiersEdited();
    return row;
}

bool LeverageTierModel::removeTier(int row)
{
    if (row < 0 || row >= rowCount()) {
        return false;
    }
    if (m_tiers.size() <= 1) {
        emit editRejected(tr("At least one tier is needed."));
        return false;
    }
    if (!(weightSum() - m_tiers[static_cast<std::size_t>(row)].weight > 0.0)) {
        emit editRejected(tr("At least one tier needs a positive weight."));
        return false;
    }
    beginRemoveRows({}, row, row);
    m_tiers.erase(m_tiers.begin() + row);
    endRemoveRows();
    emitSharesChanged();
    emit tiersEdited();
    return true;
}

void LeverageTierModel::emitSharesChanged()
{
    if (!m_tiers.empty()) {
        emit dataChanged(index(0, ShareColumn), index(rowCount() - 1, ShareColumn), {Qt::DisplayRole, Qt::EditRole});
    }
}

}  // namespace liqheat::ui
