#include "docks/alerts_panel.h"

#include "docks/alert_rules_editor.h"

#include "liqheat/io/alert_rules.h"
#include "liqheat/model/time.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace liqheat::ui {

AlertsPanel::AlertsPanel(QWidget* parent) : QWidget(parent)
{
    m_editor = new AlertRulesEditor(this);
    m_log = new QListWidget(this);
    m_log->setObjectName(QStringLiteral("alertLog"));
    auto* clear = new QPushButton(tr("Clear log"), this);

    auto* logBox = new QWidget(this);
    auto* logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    auto* logHeader = new QHBoxLayout;
    logHeader->addWidget(new QLabel(tr("Alerts, newest first:"), logBox));
    logHeader->addStretch();
    logHeader->addWidget(clear);
    logLayout->addLayout(logHeader);
    logLayout->addWidget(m_log);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_editor);
    split->addWidget(logBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_editor, &AlertRulesEditor::rulesChanged, this, &AlertsPanel::rulesChanged);
    connect(clear, &QPushButton::clicked, m_log, &QListWidget::clear);
}

void AlertsPanel::setRules(const std::vector<AlertRule>& rules) { m_editor->setRules(rules); }

void AlertsPanel::setMarkets(const std::vector<WatchKey>& keys) { m_editor->setMarkets(keys); }

bool AlertsPanel::apply() { return m_editor->apply(); }

void AlertsPanel::addAlert(const AlertEvent& event)
{
    auto* item = new QListWidgetItem(
        QStringLiteral("%1  %2  [%3]  %4")
            .arg(QString::fromStdString(formatTimeIso(event.time)), QString::fromStdString(event.exchange),
                 QString::fromStdString(event.rule), QString::fromStdString(event.message)));
    item->setToolTip(QString::fromStdString(alertEventJson(event)));
    m_log->insertItem(0, item);
    while (m_log->count() > 500) {
        delete m_log->takeItem(m_log->count() - 1);
    }
}

void AlertsPanel::setStatus(const QString& text) { m_editor->setStatus(text); }

}  // namespace liqheat::ui
