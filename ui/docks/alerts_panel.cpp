#include "docks/alerts_panel.h"

#include "liqheat/io/alert_rules.h"
#include "liqheat/model/time.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace liqheat::ui {

AlertsPanel::AlertsPanel(QWidget* parent) : QWidget(parent)
{
    m_rules = new QPlainTextEdit(this);
    m_rules->setObjectName(QStringLiteral("alertRules"));
    m_rules->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log = new QListWidget(this);
    m_log->setObjectName(QStringLiteral("alertLog"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto* apply = new QPushButton(tr("Apply rules"), this);
    auto* clear = new QPushButton(tr("Clear log"), this);

    auto* rulesBox = new QWidget(this);
    auto* rulesLayout = new QVBoxLayout(rulesBox);
    rulesLayout->setContentsMargins(0, 0, 0, 0);
    rulesLayout->addWidget(new QLabel(tr("Rules (JSON, see the user guide):"), rulesBox));
    rulesLayout->addWidget(m_rules);
    auto* row = new QHBoxLayout;
    row->addWidget(apply);
    row->addStretch();
    row->addWidget(clear);
    rulesLayout->addLayout(row);
    rulesLayout->addWidget(m_status);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(rulesBox);
    split->addWidget(m_log);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(apply, &QPushButton::clicked, this, &AlertsPanel::apply);
    connect(clear, &QPushButton::clicked, m_log, &QListWidget::clear);
}

void AlertsPanel::setRules(const std::vector<AlertRule>& rules)
{
    m_rules->setPlainText(QString::fromStdString(alertRulesJson(rules)));
}

void AlertsPanel::apply()
{
    auto rules = parseAlertRules(m_rules->toPlainText().toStdString());
    if (!rules) {
        setStatus(QString::fromStdString(rules.error().message));
        return;
    }
    setStatus(tr("%n rule(s) active", nullptr, static_cast<int>(rules->size())));
    emit rulesChanged(*rules);
}

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

void AlertsPanel::setStatus(const QString& text) { m_status->setText(text); }

}  // namespace liqheat::ui
