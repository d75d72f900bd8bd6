#pragma once

#include "liqheat/analysis/alerts.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;

namespace liqheat::ui {

/// The alerts dock: the rules (the rules file's JSON, docs/WATCH.md, checked on Apply) and the
/// log of alerts that fired, newest first.
class AlertsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsPanel)

public:
    explicit AlertsPanel(QWidget* parent = nullptr);

    void setRules(const std::vector<AlertRule>& rules);
    void addAlert(const AlertEvent& event);
    [[nodiscard]] QListWidget* log() const { return m_log; }
    [[nodiscard]] QPlainTextEdit* rulesEdit() const { return m_rules; }
    void setStatus(const QString& text);
    /// Parses the editor; on success emits rulesChanged, else shows why.
    void apply();

signals:
    void rulesChanged(const std::vector<liqheat::AlertRule>& rules);

private:
    QPlainTextEdit* m_rules = nullptr;
    QListWidget* m_log = nullptr;
    QLabel* m_status = nullptr;
};

}  // namespace liqheat::ui
