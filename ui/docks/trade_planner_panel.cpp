#include "trade_planner_panel.h"

#include "chart/chart_transform.h"

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

namespace liqheat::ui {
namespace {

QString price(double p) { return p > 0.0 ? QString::number(p, 'f', p < 10 ? 4 : 1) : QStringLiteral("--"); }

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
    m_leverage = makeSpin("plannerLeverage", 1.0, 125.0, 1, 10.0);
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
    m_impact->setToolTip(tr("Price move per 1 M USD liquidated (fraction). The default is fitted on realized "
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

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(position);
    layout->addWidget(stop);
    layout->addWidget(sizing);
    layout->addWidget(m_result);
    layout->addWidget(cascade);
    layout->addStretch(1);
}

PlanInputs TradePlannerPanel::inputs() const
{
    PlanInputs in;
    in.side = static_cast<Side>(m_side->currentData().toInt());
    in.entry = m_entry->value();
    in.leverage = m_leverage->value();
    in.topUp = m_topUp->value();
    in.rules.exchange = static_cast<Exchange>(m_exchange->currentData().toInt());
    if (m_mmrOverride->isChecked()) {
        in.rules.maintenanceRate = m_mmr->value() / 100.0;
    }
    in.buffer.mode = static_cast<BufferMode>(m_bufferMode->currentData().toInt());
    in.buffer.tickSize = m_tickSize->value();
    switch (in.buffer.mode) {
    case BufferMode::Percent: in.buffer.percent = m_bufferValue->value(); break;
    case BufferMode::Ticks: in.buffer.ticks = m_bufferValue->value(); break;
    case BufferMode::Atr: in.buffer.atrMultiple = m_bufferValue->value(); break;
    }
    if (m_manualStop) {
        in.manualStop = m_stop->value();
    }
    in.accountSize = m_account->value();
    in.riskPercent = m_risk->value();
    return in;
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

void TradePlannerPanel::showPlan(const TradePlan& plan)
{
    if (!plan.error.isEmpty()) {
        m_result->setText(QStringLiteral("<span style='color:#ef5350'>%1</span>").arg(plan.error.toHtmlEscaped()));
        return;
    }
    if (!m_manualStop) {
        const QSignalBlocker block(m_stop);
        m_stop->setValue(plan.stop);
    }
    QStringList lines;
    if (plan.liquidation) {
        const LiquidationQuote& q = *plan.liquidation;
        lines << tr("<b>Liquidation</b> %1 &nbsp; bankruptcy %2").arg(price(q.liquidationPrice), price(q.bankruptcyPrice))
              << tr("%1 % from entry; tier %2, MMR %3 %, maint. amount %4")
                     .arg(q.distancePercent, 0, 'f', 2)
                     .arg(q.tierIndex)
                     .arg(q.tier.rate * 100.0, 0, 'f', 2)
                     .arg(q.tier.amount, 0, 'f', 0);
    }
    if (plan.advice) {
        const StopAdvice& a = *plan.advice;
        lines << tr("<b>Stop</b> %1 (%2 % risk)%3")
                     .arg(price(plan.stop))
                     .arg(std::abs(inputs().entry - plan.stop) / std::max(inputs().entry, 1e-12) * 100.0, 0, 'f', 2)
                     .arg(m_manualStop ? tr(", placed by you; advisor: %1").arg(price(a.stopPrice)) : QString());
        for (const auto& note : a.notes) {
            lines << QString::fromStdString(note).toHtmlEscaped();
        }
    }
    if (plan.size) {
        const PositionSize& s = *plan.size;
        lines << tr("<b>Size</b> %1 (%2 USD), risks %3 USD; implied leverage %4 x")
                     .arg(s.quantity, 0, 'f', 4)
                     .arg(formatUsd(s.notional))
                     .arg(s.riskUsd, 0, 'f', 2)
                     .arg(s.impliedLeverage, 0, 'f', 2);
    }
    QStringList warnings;
    if (plan.liquidationBeforeStop) {
        warnings << tr("Liquidation comes before the stop: lower the leverage or move the stop closer.");
    }
    if (plan.advice) {
        for (const auto& w : plan.advice->warnings) {
            warnings << QString::fromStdString(w);
        }
    }
    if (plan.size) {
        for (const auto& w : plan.size->warnings) {
            warnings << QString::fromStdString(w);
        }
    }
    warnings.removeDuplicates();
    for (const auto& w : warnings) {
        lines << QStringLiteral("<span style='color:#ef5350'>&#9888; %1</span>").arg(w.toHtmlEscaped());
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
    m_cascadeResult->setText(tr("%1 -> %2 after the shock -> %3 final (%4 %), %5 steps (%6).\nLiquidated: longs %7, shorts %8.")
                                 .arg(price(r.startPrice), price(r.shockPrice), price(r.finalPrice))
                                 .arg(r.totalMovePercent, 0, 'f', 2)
                                 .arg(r.steps.size())
                                 .arg(QString::fromStdString(toString(r.end)))
                                 .arg(formatUsd(r.totalLongUsd), formatUsd(r.totalShortUsd)));
}

}  // namespace liqheat::ui
