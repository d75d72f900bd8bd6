#pragma once

#include "liqheat/analysis/alerts.h"
#include "liqheat/live/market_feed.h"

#include <QWidget>

class QListWidget;

namespace liqheat::ui {

class AlertRulesEditor;

/// The alerts dock: the rules editor (a table of rules, checked by the core on Apply) above the
/// log of alerts that fired, newest first.
class AlertsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsPanel)

public:
    explicit AlertsPanel(QWidget* parent = nullptr);

    void setRules(const std::vector<AlertRule>& rules);
    /// The watched markets, which the rules' Market column offers.
    void setMarkets(const std::vector<WatchKey>& keys);
    void addAlert(const AlertEvent& event);
    [[nodiscard]] QListWidget* log() const { return m_log; }
    [[nodiscard]] AlertRulesEditor* rulesEditor() const { return m_editor; }
    void setStatus(const QString& text);
    /// Applies the editor's rows (see AlertRulesEditor::apply).
    bool apply();

signals:
    void rulesChanged(const std::vector<liqheat::AlertRule>& rules);

private:
    AlertRulesEditor* m_editor = nullptr;
    QListWidget* m_log = nullptr;
};

}  // namespace liqheat::ui
