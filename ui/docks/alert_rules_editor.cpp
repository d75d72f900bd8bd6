#include "docks/alert_rules_editor.h"

#include "liqheat/analysis/signals.h"
#include "liqheat/io/alert_rules.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <functional>
#include <set>

namespace liqheat::ui {
namespace {

// Combo boxes for the choices and spin boxes with units and ranges for the numbers. The ranges
// keep typing sane; whether a rule can run is still the core's call on Apply (a 0 % distance
// or an entry without a leverage fits the boxes and is refused there, with the reason).
class AlertRuleDelegate final : public QStyledItemDelegate {
public:
    AlertRuleDelegate(std::function<std::vector<AlertScope>()> scopes, QObject* parent)
        : QStyledItemDelegate(parent), m_scopes(std::move(scopes))
    {}

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        switch (index.column()) {
        case AlertRulesModel::Kind:
        case AlertRulesModel::Scope:
        case AlertRulesModel::Signal:
        case AlertRulesModel::Side: return comboFor(parent, index);
        case AlertRulesModel::Percent: return spin(parent, 0.0, 100.0, 4, 0.1, tr(" %"));
        case AlertRulesModel::MinUsd: {
            QDoubleSpinBox* box = spin(parent, 0.0, 1e12, 0, 1e6, tr(" USD"));
            box->setGroupSeparatorShown(true);
            return box;
        }
        case AlertRulesModel::Entry: return spin(parent, 0.0, 1e9, 8, 100.0, {}, tr("planner"));
        case AlertRulesModel::Leverage: return spin(parent, 0.0, 200.0, 2, 1.0, tr("x"), tr("planner"));
        case AlertRulesModel::Cooldown: return spin(parent, 0.0, 10'080.0, 2, 5.0, tr(" min"));  // up to a week
        default: return QStyledItemDelegate::createEditor(parent, option, index);
        }
    }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            combo->setCurrentIndex(std::max(0, combo->findData(index.data(Qt::EditRole))));
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            model->setData(index, combo->currentData(), Qt::EditRole);
            return;
        }
        QStyledItemDelegate::setModelData(editor, model, index);
    }

private:
    static QDoubleSpinBox* spin(QWidget* parent, double low, double high, int decimals, double step,
                                const QString& suffix, const QString& zeroText = {})
    {
        auto* box = new QDoubleSpinBox(parent);
        box->setDecimals(decimals);
        box->setRange(low, high);
        box->setSingleStep(step);
        box->setSuffix(suffix);
        box->setSpecialValueText(zeroText);
        box->setFrame(false);
        return box;
    }

    QComboBox* comboFor(QWidget* parent, const QModelIndex& index) const
    {
        auto* combo = new QComboBox(parent);
        switch (index.column()) {
        case AlertRulesModel::Kind:
            for (AlertKind kind : {AlertKind::NearCluster, AlertKind::ClusterSwept, AlertKind::SignalFired,
                                   AlertKind::NearLiquidation, AlertKind::RealizedLiquidations}) {
                combo->addItem(AlertRulesModel::kindLabel(kind), static_cast<int>(kind));
            }
            break;
        case AlertRulesModel::Scope: {
            std::vector<AlertScope> scopes = m_scopes();
            const QStringList current = index.data(Qt::EditRole).toStringList();
            if (current.size() == 2) {  // a rule read from a file may name a market not watched now
                const AlertScope mine{current[0].toStdString(), current[1].toStdString()};
                if (std::find(scopes.begin(), scopes.end(), mine) == scopes.end()) {
                    scopes.push_back(mine);
                }
            }
            for (const AlertScope& scope : scopes) {
                combo->addItem(AlertRulesModel::scopeLabel(scope),
                               QStringList{QString::fromStdString(scope.first), QString::fromStdString(scope.second)});
            }
            break;
        }
        case AlertRulesModel::Signal:
            combo->addItem(AlertRulesModel::signalLabel({}), QString());
            for (const std::string& id : signalIds()) {
                combo->addItem(AlertRulesModel::signalLabel(id), QString::fromStdString(id));
            }
            break;
        case AlertRulesModel::Side:
            combo->addItem(tr("Long"), static_cast<int>(liqheat::Side::Long));
            combo->addItem(tr("Short"), static_cast<int>(liqheat::Side::Short));
            break;
        default: break;
        }
        // A choice takes effect at once, not when the cell loses focus.
        connect(combo, &QComboBox::activated, this,
                [this, combo] { emit const_cast<AlertRuleDelegate*>(this)->commitData(combo); });
        return combo;
    }

    std::function<std::vector<AlertScope>()> m_scopes;
};

}  // namespace

AlertRulesEditor::AlertRulesEditor(QWidget* parent) : QWidget(parent)
{
    m_model = new AlertRulesModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("alertRulesTable"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new AlertRuleDelegate([this] { return scopes(); }, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
                            QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);

    auto* add = new QPushButton(tr("Add"), this);
    add->setToolTip(tr("A new rule: price near a cluster, on the whole watchlist"));
    auto* duplicate = new QPushButton(tr("Duplicate"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    auto* importButton = new QPushButton(tr("Import rules..."), this);
    importButton->setToolTip(tr("Read a rules file (docs/WATCH.md) into the table"));
    auto* exportButton = new QPushButton(tr("Export rules..."), this);
    exportButton->setToolTip(tr("Write the table as a rules file for liqheat-cli watch --rules"));
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setObjectName(QStringLiteral("applyAlertRules"));
    m_revert = new QPushButton(tr("Revert"), this);
    m_revert->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("alertRulesStatus"));
    m_status->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->addWidget(add);
    top->addWidget(duplicate);
    top->addWidget(remove);
    top->addStretch();
    top->addWidget(importButton);
    top->addWidget(exportButton);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_apply);
    bottom->addWidget(m_revert);
    bottom->addWidget(m_status, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);

    connect(add, &QPushButton::clicked, this, &AlertRulesEditor::addRule);
    connect(duplicate, &QPushButton::clicked, this, &AlertRulesEditor::duplicateRule);
    connect(remove, &QPushButton::clicked, this, &AlertRulesEditor::removeRule);
    connect(importButton, &QPushButton::clicked, this, &AlertRulesEditor::chooseImport);
    connect(exportButton, &QPushButton::clicked, this, &AlertRulesEditor::chooseExport);
    connect(m_apply, &QPushButton::clicked, this, &AlertRulesEditor::apply);
    connect(m_revert, &QPushButton::clicked, this, &AlertRulesEditor::revert);
    // The Problem column shows only while a row has one.
    m_view->setColumnHidden(AlertRulesModel::Problem, true);
    const auto showProblems = [this] { m_view->setColumnHidden(AlertRulesModel::Problem, !m_model->hasProblems()); };
    connect(m_model, &QAbstractItemModel::dataChanged, this, showProblems);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, showProblems);
    connect(m_model, &QAbstractItemModel::modelReset, this, showProblems);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AlertRulesEditor::markEdited);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AlertRulesEditor::markEdited);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &AlertRulesEditor::markEdited);
}

void AlertRulesEditor::setRules(const std::vector<AlertRule>& rules)
{
    m_applied = rules;
    m_model->setRules(rules);
    m_revert->setEnabled(false);
}

void AlertRulesEditor::setMarkets(const std::vector<WatchKey>& keys) { m_markets = keys; }

std::vector<AlertScope> AlertRulesEditor::scopes() const
{
    std::vector<AlertScope> out{{std::string(), std::string()}};
    std::set<std::string> symbols;
    for (const WatchKey& key : m_markets) {
        symbols.insert(key.symbol);
    }
    for (const std::string& symbol : symbols) {
        out.emplace_back(std::string(), symbol);
        std::set<std::string> exchanges;
        for (const WatchKey& key : m_markets) {
            if (key.symbol == symbol) {
                exchanges.insert(toString(key.exchange));
            }
        }
        for (const std::string& exchange : exchanges) {
            out.emplace_back(exchange, symbol);
        }
    }
    return out;
}

QString AlertRulesEditor::statusText() const { return m_status->text(); }

void AlertRulesEditor::setStatus(const QString& text) { m_status->setText(text); }

void AlertRulesEditor::markEdited()
{
    if (m_model->rules().size() == m_applied.size() && alertRulesJson(m_model->rules()) == alertRulesJson(m_applied)) {
        return;  // e.g. problems marked or cleared: nothing to apply
    }
    m_revert->setEnabled(true);
    setStatus(tr("Changed: press Apply to use these rules"));
}

bool AlertRulesEditor::apply()
{
    const std::vector<AlertRule> rows = m_model->rules();
    const std::vector<AlertRuleProblem> problems = alertRuleProblems(rows);
    m_model->setProblems(problems);
    if (!problems.empty()) {
        const int more = static_cast<int>(problems.size()) - 1;
        setStatus(tr("Not applied, the rules in force stay: %1").arg(QString::fromStdString(problems.front().message)) +
                  (more > 0 ? tr(" (and %n more)", nullptr, more) : QString()));
        selectRow(static_cast<int>(problems.front().index));
        return false;
    }
    m_applied = rows;
    m_revert->setEnabled(false);
    setStatus(tr("%n rule(s) active", nullptr, static_cast<int>(rows.size())));
    emit rulesChanged(rows);
    return true;
}

void AlertRulesEditor::revert()
{
    m_model->setRules(m_applied);
    m_revert->setEnabled(false);
    setStatus(tr("%n rule(s) active", nullptr, static_cast<int>(m_applied.size())));
}

bool AlertRulesEditor::importFrom(const QString& path)
{
    auto rules = readAlertRules(QDir::toNativeSeparators(path).toStdString());
    if (!rules) {
        setStatus(tr("Not imported: %1").arg(QString::fromStdString(rules.error().message)));
        return false;
    }
    m_model->setRules(std::move(*rules));
    if (!apply()) {
        return false;
    }
    setStatus(tr("Imported %n rule(s) from %1; active", nullptr, m_model->rowCount()).arg(QFileInfo(path).fileName()));
    return true;
}

bool AlertRulesEditor::exportTo(const QString& path)
{
    const std::vector<AlertRule>& rows = m_model->rules();
    if (const auto problems = alertRuleProblems(rows); !problems.empty()) {
        m_model->setProblems(problems);
        selectRow(static_cast<int>(problems.front().index));
        setStatus(tr("Not exported: %1").arg(QString::fromStdString(problems.front().message)));
        return false;
    }
    if (const Status written = writeAlertRules(QDir::toNativeSeparators(path).toStdString(), rows); !written) {
        setStatus(tr("Not exported: %1").arg(QString::fromStdString(written.error().message)));
        return false;
    }
    setStatus(
        tr("Exported %n rule(s) to %1 (liqheat-cli watch --rules reads it)", nullptr, static_cast<int>(rows.size()))
            .arg(QFileInfo(path).fileName()));
    return true;
}

void AlertRulesEditor::chooseImport()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Alert Rules"), m_lastDirectory,
                                                      tr("Alert rules (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        m_lastDirectory = QFileInfo(path).absolutePath();
        importFrom(path);
    }
}

void AlertRulesEditor::chooseExport()
{
    const QString start =
        (m_lastDirectory.isEmpty() ? QDir::homePath() : m_lastDirectory) + QStringLiteral("/alert-rules.json");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Alert Rules"), start, tr("Alert rules (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        m_lastDirectory = QFileInfo(path).absolutePath();
        exportTo(path);
    }
}

void AlertRulesEditor::selectRow(int row)
{
    if (row >= 0 && row < m_model->rowCount()) {
        m_view->selectRow(row);
        m_view->scrollTo(m_model->index(row, AlertRulesModel::Name));
    }
}

void AlertRulesEditor::addRule() { selectRow(m_model->addRule()); }

void AlertRulesEditor::duplicateRule() { selectRow(m_model->duplicateRule(m_view->currentIndex().row())); }

void AlertRulesEditor::removeRule() { m_model->removeRule(m_view->currentIndex().row()); }

}  // namespace liqheat::ui
