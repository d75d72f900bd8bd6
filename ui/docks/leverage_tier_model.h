#pragma once

#include "liqheat/model/model_settings.h"

#include <QAbstractTableModel>

#include <vector>

namespace liqheat::ui {

/// Editable table of leverage tiers: Leverage (x), Weight (raw, editable) and Share (weight
/// normalised to the total, read only). Refuses edits that would make the tiers invalid for the
/// estimator and says why through editRejected(); every accepted edit emits tiersEdited().
class LeverageTierModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeverageTierModel)

public:
    enum Column { LeverageColumn = 0, WeightColumn, ShareColumn, ColumnCount };

    static constexpr double kMinLeverage = 1.0;
    static constexpr double kMaxLeverage = 200.0;

    explicit LeverageTierModel(QObject* parent = nullptr);

    /// Replaces all tiers (a reset, not an edit: tiersEdited is not emitted).
    void setTiers(const std::vector<LeverageTier>& tiers);
    [[nodiscard]] const std::vector<LeverageTier>& tiers() const { return m_tiers; }

    /// Adds the next unused common leverage with the mean weight, sorted in by leverage.
    /// Returns its row, or -1 (and editRejected) when every leverage is taken.
    int addTier();
    /// Removes a row unless that leaves no tier or no positive weight (then editRejected).
    bool removeTier(int row);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    /// An edit, addition or removal was accepted.
    void tiersEdited();
    /// An edit was refused; the tiers are unchanged. `reason` is one short sentence.
    void editRejected(const QString& reason);

private:
    [[nodiscard]] double weightSum() const;
    [[nodiscard]] bool hasLeverage(double leverage, int exceptRow) const;
    void emitSharesChanged();

    std::vector<LeverageTier> m_tiers;
};

}  // namespace liqheat::ui
