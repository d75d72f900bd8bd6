#pragma once

#include "docks/alert_rules_model.h"

#include "liqheat/live/market_feed.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace liqheat::ui {

/// The alert rules as a table a trader edits without writing JSON: one row per rule (kind, market
/// from the watchlist, the kind's numbers, cooldown, on/off), Add / Duplicate / Remove, Apply
/// (checked by the core's alertRuleProblems, the wrong rows marked), Revert, and Import / Export of
/// the rules file `liqheat-cli watch --rules` reads.
class AlertRulesEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertRulesEditor)

public:
    explicit AlertRulesEditor(QWidget* parent = nullptr);

    /// Shows `rules` as the rules in force (no rulesChanged).
    void setRules(const std::vector<AlertRule>& rules);
    /// The markets the Market column offers (the watchlist's rows).
    void setMarkets(const std::vector<WatchKey>& keys);
    /// Every choice the Market column offers, whole watchlist first.
    [[nodiscard]] std::vector<AlertScope> scopes() const;

    [[nodiscard]] AlertRulesModel* model() const { return m_model; }
    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] QString statusText() const;
    void setStatus(const QString& text);

    /// Checks the rows with the core; puts them in force (rulesChanged) or marks the wrong rows,
    /// says why in the status line and keeps the rules in force.
    bool apply();
    /// Back to the rules in force.
    void revert();
    /// Reads a rules file into the table and applies it; a file that does not parse changes nothing.
    bool importFrom(const QString& path);
    /// Writes the table's rows as a rules file, if they are right.
    bool exportTo(const QString& path);

signals:
    void rulesChanged(const std::vector<liqheat::AlertRule>& rules);

private:
    void chooseImport();
    void chooseExport();
    void addRule();
    void duplicateRule();
    void removeRule();
    void selectRow(int row);
    void markEdited();

    AlertRulesModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_revert = nullptr;
    std::vector<AlertRule> m_applied;
    std::vector<WatchKey> m_markets;
    QString m_lastDirectory;
};

}  // namespace liqheat::ui
