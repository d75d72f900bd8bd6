#include "trade_planner_panel.h"

#include "chart/chart_transform.h"
#include "text_format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <optional>

namespace liqheat::ui {
namespace {

/// The plan's fields, in the order they are shown.
const std::vector<std::pair<const char*, const char*>> kPlanFields{
    {"liquidation", QT_TRANSLATE_NOOP("TradePlannerPanel", "Liquidation")},
    {"bankruptcy", QT_TRANSLATE_NOOP("TradePlannerPanel", "Bankruptcy")},
    {"liquidation_move", QT_TRANSLATE_NOOP("TradePlannerPanel", "Move to liquidation")},
    {"tier", QT_TRANSLATE_NOOP("TradePlannerPanel", "Maintenance")},
    {"stop", QT_TRANSLATE_NOOP("TradePlannerPanel", "Stop")},
    {"quantity", QT_TRANSLATE_NOOP("TradePlannerPanel", "Quantity")},
    {"notional", QT_TRANSLATE_NOOP("TradePlannerPanel", "Notional")},
    {"risk_usd", QT_TRANSLATE_NOOP("TradePlannerPanel", "Risk (USD)")},
    {"implied_leverage", QT_TRANSLATE_NOOP("TradePlannerPanel", "Implied leverage")},
    {"max_leverage", QT_TRANSLATE_NOOP("TradePlannerPanel", "Max leverage before stop")},
};

QString cents(double v) { return QString::fromStdString(formatFixed(v, 2)); }

/// Selects the item whose data is `value`; false (and no change) when there is none.
bool selectData(QComboBox* combo, int value)
{
    const int index = combo->findData(value);
    if (index >= 0) {
        combo->setCurrentIndex(index);
    }
    return index >= 0;
}

std::optional<BufferMode> bufferModeFromString(const QString& name)
{
    for (const BufferMode mode : {BufferMode::Percent, BufferMode::Ticks, BufferMode::Atr}) {
        if (name.toStdString() == toString(mode)) {
            return mode;
        }
    }
    return std::nullopt;
}

}  // namespace

QDoubleSpinBox* TradePlannerPanel::makeSpin(const char* name, double min, double max, int decimals, double value)
{
    auto* spin = new QDoubleSpinBox(this);
    spin->setObjectName(QString::fromLatin1(name));
    spin->setRange(min, max);
    spin->setDecimals(decimals);
    spin->setValue(value);
    spin->setKeyboardTracking(false);
    connect(spin, &QDoubleSpinBox::valueChanged, m_debounce, qOverload<>(&QTimer::start));
    return spin;
}

QLabel* TradePlannerPanel::makeValue(const QString& field)
{
    auto* label = new QLabel(QStringLiteral("--"), this);
    label->setObjectName(QStringLiteral("planValue_") + field);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);  // the dock stays narrow; long values wrap instead of widening it
    m_values[field] = label;
    return label;
}

TradePlannerPanel::TradePlannerPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("tradePlannerPanel"));
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(120);
    connect(m_debounce, &QTimer::timeout, this, &TradePlannerPanel::inputsChanged);

    m_exchange = new QComboBox(this);
    m_exchange->setObjectName(QStringLiteral("plannerExchange"));
    m_exchange->addItem(tr("Binance USD-M"), static_cast<int>(Exchange::Binance));
    m_exchange->addItem(tr("Bybit linear"), static_cast<int>(Exchange::Bybit));
    m_side = new QComboBox(this);
    m_side->setObjectName(QStringLiteral("plannerSide"));
    m_side->addItem(tr("Long"), static_cast<int>(Side::Long));
    m_side->addItem(tr("Short"), static_cast<int>(Side::Short));
    for (QComboBox* combo : {m_exchange, m_side}) {
        connect(combo, &QComboBox::currentIndexChanged, m_debounce, qOverload<>(&QTimer::start));
    }
    m_entry = makeSpin("plannerEntry", 0.0, 1e9, 2, 0.0);
    m_entry->setToolTip(tr("Entry price; also the solid line you can drag on the chart"));
    auto* useLast = new QPushButton(tr("Last"), this);
    useLast->setObjectName(QStringLiteral("plannerUseLast"));
    useLast->setToolTip(tr("Enter at the last price"));
    connect(useLast, &QPushButton::clicked, this, [this] { setEntry(m_lastPrice); });
    m_leverage = makeSpin("plannerLeverage", 1.0, 125.0, 2, 10.0);
    m_leverage->setSuffix(QStringLiteral(" x"));
    m_topUp = makeSpin("plannerTopUp", -1e9, 1e9, 2, 0.0);
    m_topUp->setToolTip(tr("Margin added to the isolated position (negative: funding or fees deducted)"));
    m_mmrOverride = new QCheckBox(tr("MMR"), this);
    m_mmrOverride->setObjectName(QStringLiteral("plannerMmrOverride"));
    m_mmrOverride->setToolTip(tr("Override the exchange's dated maintenance table with one rate"));
    m_mmr = makeSpin("plannerMmr", 0.0, 49.0, 3, 0.4);
    m_mmr->setSuffix(QStringLiteral(" %"));
    m_mmr->setEnabled(false);
    connect(m_mmrOverride, &QCheckBox::toggled, m_mmr, &QWidget::setEnabled);
    connect(m_mmrOverride, &QCheckBox::toggled, m_debounce, qOverload<>(&QTimer::start));

    m_bufferMode = new QComboBox(this);
    m_bufferMode->setObjectName(QStringLiteral("plannerBufferMode"));
    m_bufferMode->addItem(tr("percent"), static_cast<int>(BufferMode::Percent));
    m_bufferMode->addItem(tr("ticks"), static_cast<int>(BufferMode::Ticks));
    m_bufferMode->addItem(tr("x ATR(14)"), static_cast<int>(BufferMode::Atr));
    m_bufferValue = makeSpin("plannerBufferValue", 0.0, 10'000.0, 3, 0.1);
    m_tickSize = makeSpin("plannerTickSize", 0.0, 1e6, 4, 0.1);
    m_tickSize->setToolTip(tr("Price step; the stop is rounded to it, away from the cluster"));
    connect(m_bufferMode, &QComboBox::currentIndexChanged, this, [this] {
        // Sensible magnitudes per mode, so switching does not give a silly buffer.
        const auto mode = static_cast<BufferMode>(m_bufferMode->currentData().toInt());
        const QSignalBlocker block(m_bufferValue);
        m_bufferValue->setValue(mode == BufferMode::Percent ? 0.1 : mode == BufferMode::Ticks ? 50.0 : 1.0);
        m_debounce->start();
    });
    m_stop = makeSpin("plannerStop", 0.0, 1e9, 2, 0.0);
    m_stop->setToolTip(tr("The advisor's stop until you type or drag one"));
    connect(m_stop, &QDoubleSpinBox::editingFinished, this, [this] { setManualStop(m_stop->value()); });
    m_useSuggested = new QPushButton(tr("Suggested"), this);
    m_useSuggested->setObjectName(QStringLiteral("plannerUseSuggested"));
    m_useSuggested->setToolTip(tr("Back to the advisor's stop beyond the nearest adverse cluster"));
    m_useSuggested->setEnabled(false);
    connect(m_useSuggested, &QPushButton::clicked, this, &TradePlannerPanel::clearManualStop);
    m_quantity = makeSpin("plannerQuantity", 0.0, 1e9, 6, 0.0);
    m_quantity->setToolTip(tr("Position size in the base currency (0: the sized quantity, or a small position)"));
    m_account = makeSpin("plannerAccount", 0.0, 1e12, 2, 10'000.0);
    m_account->setToolTip(tr("Account size for risk-based sizing (0: no sizing)"));
    m_risk = makeSpin("plannerRisk", 0.01, 100.0, 2, 1.0);
    m_risk->setSuffix(QStringLiteral(" %"));
    m_risk->setToolTip(tr("Share of the account lost if the stop fills (1-2 % is typical)"));

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("plannerResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* position = new QGroupBox(tr("Position"), this);
    auto* positionForm = new QFormLayout(position);
    positionForm->addRow(tr("Exchange"), m_exchange);
    positionForm->addRow(tr("Side"), m_side);
    auto* entryRow = new QHBoxLayout;
    entryRow->addWidget(m_entry, 1);
    entryRow->addWidget(useLast);
    positionForm->addRow(tr("Entry"), entryRow);
    positionForm->addRow(tr("Leverage"), m_leverage);
    positionForm->addRow(tr("Quantity"), m_quantity);
    positionForm->addRow(tr("Margin top-up"), m_topUp);
    auto* mmrRow = new QHBoxLayout;
    mmrRow->addWidget(m_mmrOverride);
    mmrRow->addWidget(m_mmr, 1);
    positionForm->addRow(tr("Maintenance"), mmrRow);

    auto* stop = new QGroupBox(tr("Stop"), this);
    auto* stopForm = new QFormLayout(stop);
    auto* bufferRow = new QHBoxLayout;
    bufferRow->addWidget(m_bufferValue, 1);
    bufferRow->addWidget(m_bufferMode);
    stopForm->addRow(tr("Buffer"), bufferRow);
    stopForm->addRow(tr("Tick size"), m_tickSize);
    auto* stopRow = new QHBoxLayout;
    stopRow->addWidget(m_stop, 1);
    stopRow->addWidget(m_useSuggested);
    stopForm->addRow(tr("Stop"), stopRow);

    auto* sizing = new QGroupBox(tr("Sizing"), this);
    auto* sizingForm = new QFormLayout(sizing);
    sizingForm->addRow(tr("Account"), m_account);
    sizingForm->addRow(tr("Risk"), m_risk);

    m_shock = new QDoubleSpinBox(this);
    m_shock->setObjectName(QStringLiteral("cascadeShock"));
    m_shock->setRange(-50.0, 50.0);
    m_shock->setDecimals(1);
    m_shock->setValue(-3.0);
    m_shock->setSuffix(QStringLiteral(" %"));
    m_impact = new QDoubleSpinBox(this);
    m_impact->setObjectName(QStringLiteral("cascadeImpact"));
    m_impact->setRange(0.0, 0.01);
    m_impact->setDecimals(6);
    m_impact->setSingleStep(0.00001);
    m_impact->setValue(kDefaultImpactPerMillion);
    m_impact->setToolTip(
        tr("Price move per 1 M USD liquidated (fraction). The default is fitted on realized "
           "liquidations against the same intervals' price change (docs/TRADER_TOOLS.md)."));
    auto* runCascade = new QPushButton(tr("Run what-if"), this);
    runCascade->setObjectName(QStringLiteral("cascadeRun"));
    auto* clearCascade = new QPushButton(tr("Clear"), this);
    clearCascade->setObjectName(QStringLiteral("cascadeClear"));
    connect(runCascade, &QPushButton::clicked, this, &TradePlannerPanel::cascadeRequested);
    connect(clearCascade, &QPushButton::clicked, this, [this] {
        m_cascadeResult->clear();
        emit cascadeCleared();
    });
    m_cascadeResult = new QLabel(this);
    m_cascadeResult->setObjectName(QStringLiteral("cascadeResult"));
    m_cascadeResult->setWordWrap(true);
    auto* cascade = new QGroupBox(tr("Cascade what-if"), this);
    auto* cascadeForm = new QFormLayout(cascade);
    cascadeForm->addRow(tr("Price shock"), m_shock);
    cascadeForm->addRow(tr("Impact / 1M USD"), m_impact);
    auto* cascadeButtons = new QHBoxLayout;
    cascadeButtons->addWidget(runCascade);
    cascadeButtons->addWidget(clearCascade);
    cascadeForm->addRow(cascadeButtons);
    cascadeForm->addRow(m_cascadeResult);

    auto* planBox = new QGroupBox(tr("Plan"), this);
    auto* planForm = new QFormLayout(planBox);
    for (const auto& [field, label] : kPlanFields) {
        planForm->addRow(tr(label), makeValue(QString::fromLatin1(field)));
    }
    planForm->addRow(m_result);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(position);
    layout->addWidget(stop);
    layout->addWidget(sizing);
    layout->addWidget(planBox);
    layout->addWidget(cascade);
    layout->addStretch(1);
}

TradeRequest TradePlannerPanel::inputs() const
{
    TradeRequest r;
    r.side = static_cast<Side>(m_side->currentData().toInt());
    r.entryPrice = m_entry->value();
    r.leverage = m_leverage->value();
    r.quantity = m_quantity->value();
    r.topUp = m_topUp->value();
    r.rules.exchange = static_cast<Exchange>(m_exchange->currentData().toInt());
    if (m_mmrOverride->isChecked()) {
        r.rules.maintenanceRate = m_mmr->value() / 100.0;
    }
    r.buffer.mode = static_cast<BufferMode>(m_bufferMode->currentData().toInt());
    r.buffer.tickSize = m_tickSize->value();
    switch (r.buffer.mode) {
    case BufferMode::Percent: r.buffer.percent = m_bufferValue->value(); break;
    case BufferMode::Ticks: r.buffer.ticks = m_bufferValue->value(); break;
    case BufferMode::Atr: r.buffer.atrMultiple = m_bufferValue->value(); break;
    }
    if (m_manualStop) {
        r.manualStop = m_stop->value();
    }
    if (m_account->value() > 0.0) {
        r.sizing = SizingInputs{m_account->value(), m_risk->value()};
    }
    return r;
}

PlannerPreferences TradePlannerPanel::preferences() const
{
    PlannerPreferences p;
    p.exchange = QString::fromStdString(toString(static_cast<Exchange>(m_exchange->currentData().toInt())));
    p.side = QString::fromStdString(toString(static_cast<Side>(m_side->currentData().toInt())));
    p.account = m_account->value();
    p.riskPercent = m_risk->value();
    p.leverage = m_leverage->value();
    p.bufferMode = QString::fromStdString(toString(static_cast<BufferMode>(m_bufferMode->currentData().toInt())));
    p.bufferValue = m_bufferValue->value();
    p.tickSize = m_tickSize->value();
    return p;
}

void TradePlannerPanel::setPreferences(const PlannerPreferences& p)
{
    if (const auto exchange = exchangeFromString(p.exchange.toStdString())) {
        selectData(m_exchange, static_cast<int>(*exchange));
    }
    selectData(m_side, static_cast<int>(p.side == QLatin1String("short") ? Side::Short : Side::Long));
    m_account->setValue(p.account);
    m_risk->setValue(p.riskPercent);
    m_leverage->setValue(p.leverage);
    if (const auto mode = bufferModeFromString(p.bufferMode)) {
        selectData(m_bufferMode, static_cast<int>(*mode));  // resets the value to the mode's default...
    }
    m_bufferValue->setValue(p.bufferValue);  // ...so the remembered one comes after
    m_tickSize->setValue(p.tickSize);
}

void TradePlannerPanel::setEntry(double value)
{
    if (value > 0.0) {
        m_entry->setValue(value);  // valueChanged starts the debounce
    }
}

void TradePlannerPanel::setLeverage(double leverage)
{
    if (std::isfinite(leverage)) {
        m_leverage->setValue(std::clamp(leverage, m_leverage->minimum(), m_leverage->maximum()));
    }
}

void TradePlannerPanel::setManualStop(double value)
{
    m_manualStop = value > 0.0;
    m_useSuggested->setEnabled(m_manualStop);
    const QSignalBlocker block(m_stop);
    m_stop->setValue(value);
    m_debounce->start();
}

void TradePlannerPanel::clearManualStop()
{
    m_manualStop = false;
    m_useSuggested->setEnabled(false);
    m_debounce->start();
}

void TradePlannerPanel::setLastPrice(double value)
{
    m_lastPrice = value;
    if (m_entry->value() <= 0.0) {
        setEntry(value);
    }
}

double TradePlannerPanel::cascadeShockPercent() const { return m_shock->value(); }
double TradePlannerPanel::cascadeImpact() const { return m_impact->value(); }
QString TradePlannerPanel::resultText() const { return m_result->text(); }

QString TradePlannerPanel::shownValue(const QString& field) const
{
    const auto it = m_values.find(field);
    return it == m_values.end() ? QString() : it->second->text();
}

void TradePlannerPanel::showPlanError(const QString& message)
{
    for (auto& [field, label] : m_values) {
        label->setText(QStringLiteral("--"));
    }
    m_result->setText(QStringLiteral("<span style='color:#ef5350'>%1</span>").arg(message.toHtmlEscaped()));
}

void TradePlannerPanel::showPlan(const TradePlan& plan)
{
    if (!m_manualStop) {
        const QSignalBlocker block(m_stop);
        m_stop->setValue(plan.stopPrice);
    }
    auto set = [this](const char* field, const QString& text) { m_values[QString::fromLatin1(field)]->setText(text); };
    for (auto& [field, label] : m_values) {
        label->setText(QStringLiteral("--"));
    }
    if (plan.liquidation) {
        const LiquidationQuote& q = *plan.liquidation;
        set("liquidation", priceText(q.liquidationPrice));
        set("bankruptcy", priceText(q.bankruptcyPrice));
        set("tier", tr("tier %1, MMR %2 %").arg(q.tierIndex).arg(cents(q.tier.rate * 100.0)));
        m_values[QStringLiteral("tier")]->setToolTip(
            tr("Maintenance amount %1; table %2")
                .arg(cents(q.tier.amount), QString::fromStdString(plan.maintenanceTable)));
    }
    if (plan.liquidationMovePercent) {
        set("liquidation_move", percentText(*plan.liquidationMovePercent));
    }
    set("stop", tr("%1 (%2 risk)").arg(priceText(plan.stopPrice), percentText(plan.riskPercent)));
    set("quantity", plan.smallPosition ? tr("small position") : QString::fromStdString(formatFixed(plan.quantity, 6)));
    if (plan.size) {
        set("notional", cents(plan.size->notional));
        set("risk_usd", cents(plan.size->riskUsd));
        set("implied_leverage", cents(plan.size->impliedLeverage) + QStringLiteral(" x"));
    }
    if (plan.maxLeverageBeforeStop > 0.0) {
        set("max_leverage", cents(plan.maxLeverageBeforeStop) + QStringLiteral(" x"));
    }
    QStringList lines;
    for (const auto& note : plan.notes) {
        lines << QString::fromStdString(note).toHtmlEscaped();
    }
    for (const auto& w : plan.warnings) {
        lines << QStringLiteral("<span style='color:#ef5350'>&#9888; %1</span>")
                     .arg(QString::fromStdString(w).toHtmlEscaped());
    }
    m_result->setText(lines.join(QStringLiteral("<br>")));
}

void TradePlannerPanel::showCascade(const std::optional<CascadeResult>& result, const QString& error)
{
    if (!result) {
        m_cascadeResult->setText(error);
        return;
    }
    const CascadeResult& r = *result;
    m_cascadeResult->setText(
        tr("%1 -> %2 after the shock -> %3 final (%4 %), %5 steps (%6).\nLiquidated: longs %7, shorts %8.")
            .arg(priceText(r.startPrice), priceText(r.shockPrice), priceText(r.finalPrice))
            .arg(r.totalMovePercent, 0, 'f', 2)
            .arg(r.steps.size())
            .arg(QString::fromStdString(toString(r.end)))
            .arg(usdText(r.totalLongUsd), usdText(r.totalShortUsd)));
}

}  // namespace liqheat::ui
