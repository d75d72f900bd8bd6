#include "docks/alert_rules_model.h"

#include "liqheat/analysis/signals.h"
#include "liqheat/model/format.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QIcon>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace liqheat::ui {
namespace {

constexpr AlertKind kKinds[] = {AlertKind::NearCluster, AlertKind::ClusterSwept, AlertKind::SignalFired,
                                AlertKind::NearLiquidation, AlertKind::RealizedLiquidations};

QString number(double v) { return QString::number(v, 'g', 10); }

}  // namespace

AlertRulesModel::AlertRulesModel(QObject* parent) : QAbstractTableModel(parent) {}

void AlertRulesModel::setRules(std::vector<AlertRule> rules)
{
    beginResetModel();
    m_rules = std::move(rules);
    m_problems = QStringList();
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        m_problems << QString();
    }
    endResetModel();
}

std::string AlertRulesModel::unusedId(const std::string& base) const
{
    const auto taken = [this](const std::string& id) {
        return std::any_of(m_rules.begin(), m_rules.end(), [&](const AlertRule& r) { return r.id == id; });
    };
    if (!taken(base)) {
        return base;
    }
    for (int n = 2;; ++n) {
        const std::string id = base + "_" + std::to_string(n);
        if (!taken(id)) {
            return id;
        }
    }
}

int AlertRulesModel::addRule(AlertKind kind)
{
    AlertRule rule;
    rule.kind = kind;
    rule.id = unusedId(toString(kind));
    // The first-run defaults' sizes: a cluster worth watching on a major market.
    rule.minUsd = kind == AlertKind::RealizedLiquidations ? 10e6 : 50e6;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_rules.push_back(rule);
    m_problems << QString();
    endInsertRows();
    return row;
}

int AlertRulesModel::duplicateRule(int row)
{
    if (row < 0 || row >= rowCount()) {
        return -1;
    }
    AlertRule copy = m_rules[static_cast<std::size_t>(row)];
    copy.id = unusedId(copy.id.empty() ? toString(copy.kind) : copy.id + "_copy");
    const int at = rowCount();
    beginInsertRows({}, at, at);
    m_rules.push_back(copy);
    m_problems << QString();
    endInsertRows();
    return at;
}

void AlertRulesModel::removeRule(int row)
{
    if (row < 0 || row >= rowCount()) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_rules.erase(m_rules.begin() + row);
    m_problems.removeAt(row);
    endRemoveRows();
}

void AlertRulesModel::setProblem(int row, const QString& text)
{
    if (m_problems[row] == text) {
        return;
    }
    m_problems[row] = text;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void AlertRulesModel::setProblems(const std::vector<AlertRuleProblem>& problems)
{
    QStringList next;
    for (int row = 0; row < rowCount(); ++row) {
        next << QString();
    }
    for (const AlertRuleProblem& p : problems) {
        if (p.index < m_rules.size()) {
            next[static_cast<int>(p.index)] = QString::fromStdString(p.reason);
        }
    }
    for (int row = 0; row < rowCount(); ++row) {
        setProblem(row, next[row]);
    }
}

QString AlertRulesModel::problem(int row) const
{
    return row >= 0 && row < m_problems.size() ? m_problems[row] : QString();
}

bool AlertRulesModel::hasProblems() const
{
    return std::any_of(m_problems.begin(), m_problems.end(), [](const QString& p) { return !p.isEmpty(); });
}

bool AlertRulesModel::usesColumn(AlertKind kind, int column)
{
    switch (column) {
    case Percent: return kind == AlertKind::NearCluster || kind == AlertKind::NearLiquidation;
    case MinUsd:
        return kind == AlertKind::NearCluster || kind == AlertKind::ClusterSwept ||
               kind == AlertKind::RealizedLiquidations;
    case Signal: return kind == AlertKind::SignalFired;
    case Side:
    case Entry:
    case Leverage: return kind == AlertKind::NearLiquidation;
    default: return true;
    }
}

QString AlertRulesModel::kindLabel(AlertKind kind)
{
    switch (kind) {
    case AlertKind::NearCluster: return tr("Price near a cluster");
    case AlertKind::ClusterSwept: return tr("Cluster swept");
    case AlertKind::SignalFired: return tr("Signal fires");
    case AlertKind::NearLiquidation: return tr("Near my liquidation price");
    case AlertKind::RealizedLiquidations: return tr("Realized liquidations");
    }
    return {};
}

QString AlertRulesModel::scopeLabel(const AlertScope& scope)
{
    const QString exchange = QString::fromStdString(scope.first);
    const QString symbol = QString::fromStdString(scope.second);
    if (exchange.isEmpty() && symbol.isEmpty()) {
        return tr("Whole watchlist");
    }
    if (exchange.isEmpty()) {
        return tr("%1, any exchange").arg(symbol);
    }
    if (symbol.isEmpty()) {
        return tr("Every symbol on %1").arg(exchange);
    }
    return tr("%1 on %2").arg(symbol, exchange);
}

QString AlertRulesModel::signalLabel(const std::string& id)
{
    if (id.empty()) {
        return tr("Any signal");
    }
    QString text = QString::fromStdString(id).replace(QLatin1Char('_'), QLatin1Char(' '));
    text.replace(QStringLiteral("rsi"), QStringLiteral("RSI"));
    text[0] = text[0].toUpper();
    return text;
}

int AlertRulesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rules.size());
}

int AlertRulesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AlertRulesModel::editValue(const AlertRule& rule, int column) const
{
    switch (column) {
    case Name: return QString::fromStdString(rule.id);
    case Kind: return static_cast<int>(rule.kind);
    case Scope: return QStringList{QString::fromStdString(rule.exchange), QString::fromStdString(rule.symbol)};
    case Percent: return rule.percent;
    case MinUsd: return rule.minUsd;
    case Signal: return QString::fromStdString(rule.signal);
    case Side: return static_cast<int>(rule.side);
    case Entry: return rule.entry;
    case Leverage: return rule.leverage;
    case Cooldown: return static_cast<double>(rule.cooldownMs) / 60'000.0;
    default: return {};
    }
}

QString AlertRulesModel::displayText(const AlertRule& rule, int column) const
{
    switch (column) {
    case Name: return QString::fromStdString(rule.id);
    case Kind: return kindLabel(rule.kind);
    case Scope: return scopeLabel({rule.exchange, rule.symbol});
    case Percent: return tr("within %1 %").arg(number(rule.percent));
    case MinUsd:
        return rule.minUsd > 0.0 ? tr("\u2265 %1 USD").arg(QString::fromStdString(formatUsdCompact(rule.minUsd)))
                                 : tr("any size");
    case Signal: return signalLabel(rule.signal);
    case Side: return rule.side == liqheat::Side::Long ? tr("Long") : tr("Short");
    case Entry: return rule.entry > 0.0 ? QString::fromStdString(formatPrice(rule.entry)) : tr("planner");
    case Leverage: return rule.leverage > 0.0 ? tr("%1x").arg(number(rule.leverage)) : tr("planner");
    case Cooldown: return tr("%1 min").arg(number(static_cast<double>(rule.cooldownMs) / 60'000.0));
    default: return {};
    }
}

QVariant AlertRulesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const AlertRule& rule = m_rules[static_cast<std::size_t>(index.row())];
    const QString& problem = m_problems[index.row()];
    const int column = index.column();
    if (column == Problem) {
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            return problem;
        }
        if (role == Qt::ForegroundRole && !problem.isEmpty()) {
            return QBrush(QColor(0xd3, 0x2f, 0x2f));
        }
        return {};
    }
    if (!problem.isEmpty() && (role == Qt::ToolTipRole || role == Qt::BackgroundRole)) {
        // A translucent red reads on the light and the dark theme alike.
        return role == Qt::ToolTipRole ? QVariant(problem) : QVariant(QBrush(QColor(0xd3, 0x2f, 0x2f, 60)));
    }
    if (column == Enabled) {
        return role == Qt::CheckStateRole ? QVariant(rule.enabled ? Qt::Checked : Qt::Unchecked) : QVariant();
    }
    if (column == Name && role == Qt::DecorationRole && !problem.isEmpty()) {
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    }
    if (!usesColumn(rule.kind, column)) {
        return {};
    }
    if (role == Qt::DisplayRole) {
        return displayText(rule, column);
    }
    if (role == Qt::EditRole) {
        return editValue(rule, column);
    }
    return {};
}

QVariant AlertRulesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Enabled: return tr("On");
        case Name: return tr("Name");
        case Kind: return tr("Alert when");
        case Scope: return tr("Market");
        case Percent: return tr("Distance");
        case MinUsd: return tr("Size");
        case Signal: return tr("Signal");
        case Side: return tr("Side");
        case Entry: return tr("Entry");
        case Leverage: return tr("Leverage");
        case Cooldown: return tr("Cooldown");
        case Problem: return tr("Problem");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Percent: return tr("How close the price must come, in % of the price");
        case MinUsd:
            return tr("Smallest cluster (total notional) or smallest one-interval realized liquidations, in USD");
        case Entry:
        case Leverage:
            return tr("The position to watch; 0 (planner) uses the Trade Planner's plan for the chart's market");
        case Cooldown: return tr("Quiet time after the rule fires, in minutes");
        default: return {};
        }
    }
    return {};
}

Qt::ItemFlags AlertRulesModel::flags(const QModelIndex& index) const
{
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    const AlertRule& rule = m_rules[static_cast<std::size_t>(index.row())];
    if (index.column() == Enabled) {
        f |= Qt::ItemIsUserCheckable;
    } else if (index.column() != Problem && usesColumn(rule.kind, index.column())) {
        f |= Qt::ItemIsEditable;
    }
    return f;
}

bool AlertRulesModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.row() >= rowCount()) {
        return false;
    }
    AlertRule& rule = m_rules[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    if (column == Enabled) {
        if (role != Qt::CheckStateRole) {
            return false;
        }
        rule.enabled = value.value<Qt::CheckState>() == Qt::Checked;
    } else {
        if (role != Qt::EditRole || !usesColumn(rule.kind, column)) {
            return false;
        }
        bool ok = true;
        const double v = value.toDouble(&ok);
        const bool numeric =
            column == Percent || column == MinUsd || column == Entry || column == Leverage || column == Cooldown;
        if (numeric && !ok) {
            return false;
        }
        switch (column) {
        case Name: rule.id = value.toString().trimmed().toStdString(); break;
        case Kind: {
            const int k = value.toInt(&ok);
            if (!ok || k < 0 || k >= static_cast<int>(std::size(kKinds))) {
                return false;
            }
            rule.kind = kKinds[k];
            break;
        }
        case Scope: {
            const QStringList parts = value.toStringList();
            if (parts.size() != 2) {
                return false;
            }
            rule.exchange = parts[0].toStdString();
            rule.symbol = parts[1].toStdString();
            break;
        }
        case Signal: rule.signal = value.toString().toStdString(); break;
        case Side:
            rule.side =
                value.toInt() == static_cast<int>(liqheat::Side::Short) ? liqheat::Side::Short : liqheat::Side::Long;
            break;
        // Any number is kept: whether the rule can run is the core's call on Apply.
        case Percent: rule.percent = v; break;
        case MinUsd: rule.minUsd = v; break;
        case Entry: rule.entry = v; break;
        case Leverage: rule.leverage = v; break;
        case Cooldown:
            if (!std::isfinite(v) || std::abs(v) > 1e9) {  // beyond what milliseconds can hold
                return false;
            }
            rule.cooldownMs = static_cast<TimeMs>(std::llround(v * 60'000.0));
            break;
        default: return false;
        }
    }
    // A kind change shows and hides cells: the whole row changes.
    emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    if (hasProblems()) {
        setProblems(alertRuleProblems(m_rules));  // a row being fixed shows whether it is now right
    }
    return true;
}

}  // namespace liqheat::ui
