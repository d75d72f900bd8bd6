#pragma once

#include "liqheat/analysis/alerts.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <utility>

namespace liqheat::ui {

/// Where a rule looks, as the rules file says it: an exchange and a symbol, each empty for "any".
using AlertScope = std::pair<std::string, std::string>;

/// The alert rules as a table, one rule per row, each cell one field of the core AlertRule (the
/// rows are the structs the engine runs; checking them is the core's alertRuleProblems, whose
/// reasons setProblems shows next to the rows). Cells that mean nothing for a row's kind are
/// blank and read-only. EditRole carries the field in the rule's own unit (see Column).
class AlertRulesModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertRulesModel)

public:
    enum Column {
        Enabled,   ///< check box
        Name,      ///< the rule's id
        Problem,   ///< why Apply refused the row (read-only; beside the name so it is seen)
        Kind,      ///< int(AlertKind)
        Scope,     ///< QStringList{exchange, symbol}
        Percent,   ///< distance, % of the price
        MinUsd,    ///< USD
        Signal,    ///< a signal id, empty: any
        Side,      ///< int(Side)
        Entry,     ///< price, 0: the Trade Planner's plan
        Leverage,  ///< x, 0: the Trade Planner's plan
        Cooldown,  ///< minutes
        ColumnCount
    };

    explicit AlertRulesModel(QObject* parent = nullptr);

    /// Replaces every row (problems are cleared).
    void setRules(std::vector<AlertRule> rules);
    [[nodiscard]] const std::vector<AlertRule>& rules() const { return m_rules; }

    /// Appends a rule of `kind` with working defaults and an unused id; returns its row.
    int addRule(AlertKind kind = AlertKind::NearCluster);
    /// Appends a copy of `row` under an unused id; returns the new row, or -1.
    int duplicateRule(int row);
    void removeRule(int row);

    /// Marks the rows the core found wrong (others are cleared).
    void setProblems(const std::vector<AlertRuleProblem>& problems);
    [[nodiscard]] QString problem(int row) const;
    [[nodiscard]] bool hasProblems() const;

    /// Whether `column` means something for a rule of `kind`.
    static bool usesColumn(AlertKind kind, int column);
    static QString kindLabel(AlertKind kind);
    static QString scopeLabel(const AlertScope& scope);
    /// "Long squeeze risk" for "long_squeeze_risk"; "Any signal" for "".
    static QString signalLabel(const std::string& id);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

private:
    [[nodiscard]] std::string unusedId(const std::string& base) const;
    [[nodiscard]] QVariant editValue(const AlertRule& rule, int column) const;
    [[nodiscard]] QString displayText(const AlertRule& rule, int column) const;
    void setProblem(int row, const QString& text);

    std::vector<AlertRule> m_rules;
    QStringList m_problems;  ///< one per row, empty when none
};

}  // namespace liqheat::ui
