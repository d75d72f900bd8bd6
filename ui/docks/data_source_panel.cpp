#include "data_source_panel.h"

#include "docks/symbol_picker.h"

#include <QCompleter>

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace liqheat::ui {

DataSourcePanel::DataSourcePanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("dataSourcePanel"));
    m_exchange = new QComboBox(this);
    m_exchange->setObjectName(QStringLiteral("exchangeCombo"));
    m_exchange->addItem(tr("Binance USD-M"), QStringLiteral("binance"));
    m_exchange->addItem(tr("Bybit linear"), QStringLiteral("bybit"));
    m_exchange->addItem(tr("OKX swaps"), QStringLiteral("okx"));
    m_exchange->addItem(tr("All three (merged)"), QStringLiteral("all"));
    m_exchange->setToolTip(
        tr("All: open interest summed over the exchanges in BTC; candles, funding and ratios "
           "from Binance. Each exchange's own series are kept in saved snapshots."));
    m_symbol = new QLineEdit(QStringLiteral("BTCUSDT"), this);
    m_symbol->setObjectName(QStringLiteral("symbolEdit"));
    m_interval = new QComboBox(this);
    m_interval->setObjectName(QStringLiteral("intervalCombo"));
    for (const char* interval : {"5m", "15m", "30m", "1h", "4h"}) {
        m_interval->addItem(QString::fromLatin1(interval), QString::fromLatin1(interval));
    }
    m_days = new QSpinBox(this);
    m_days->setObjectName(QStringLiteral("daysSpin"));
    m_days->setRange(1, 90);
    m_days->setValue(7);
    m_days->setSuffix(tr(" days"));
    m_days->setToolTip(
        tr("How far back to fetch. Exchanges keep limited open-interest history (Binance: 30 days); "
           "what exists is fetched and the rest is noted."));
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("baseUrlEdit"));
    m_baseUrl->setPlaceholderText(tr("default (or LIQHEAT_<EXCHANGE>_URL)"));
    m_baseUrl->setToolTip(
        tr("Point the selected exchange at another server, e.g. a local replay: http://127.0.0.1:8080"));

    m_refresh = new QPushButton(tr("Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    m_refresh->setToolTip(tr("Fetch live data now (F5)"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelFetchButton"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("fetchProgress"));
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("fetchStatus"));
    m_status->setWordWrap(true);
    m_age = new QLabel(tr("no live data yet"), this);
    m_age->setObjectName(QStringLiteral("dataAge"));
    m_auto = new QCheckBox(tr("Auto-refresh every"), this);
    m_auto->setObjectName(QStringLiteral("autoRefreshCheck"));
    m_autoSeconds = new QSpinBox(this);
    m_autoSeconds->setObjectName(QStringLiteral("autoRefreshSeconds"));
    m_autoSeconds->setRange(15, 3600);
    m_autoSeconds->setValue(60);
    m_autoSeconds->setSuffix(tr(" s"));

    auto* form = new QFormLayout;
    form->addRow(tr("Exchange"), m_exchange);
    form->addRow(tr("Symbol"), m_symbol);
    form->addRow(tr("Interval"), m_interval);
    form->addRow(tr("Span"), m_days);
    form->addRow(tr("Base URL"), m_baseUrl);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_cancel);
    auto* autoRow = new QHBoxLayout;
    autoRow->addWidget(m_auto);
    autoRow->addWidget(m_autoSeconds);
    autoRow->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addLayout(autoRow);
    layout->addWidget(m_age);
    layout->addWidget(m_status);
    layout->addStretch(1);

    connect(m_refresh, &QPushButton::clicked, this, &DataSourcePanel::refreshRequested);
    connect(m_cancel, &QPushButton::clicked, this, &DataSourcePanel::cancelRequested);
    connect(m_auto, &QCheckBox::toggled, this,
            [this](bool on) { emit autoRefreshChanged(on, m_autoSeconds->value()); });
    connect(m_autoSeconds, &QSpinBox::valueChanged, this,
            [this](int seconds) { emit autoRefreshChanged(m_auto->isChecked(), seconds); });
    m_ageTimer = new QTimer(this);
    m_ageTimer->setInterval(1000);
    connect(m_ageTimer, &QTimer::timeout, this, &DataSourcePanel::updateAge);
}

FetchRequest DataSourcePanel::request() const
{
    FetchRequest r;
    r.exchange = m_exchange->currentData().toString().toStdString();
    r.symbol = m_symbol->text().trimmed().toStdString();
    r.interval = m_interval->currentData().toString().toStdString();
    r.spanMs = static_cast<TimeMs>(m_days->value()) * 86'400'000LL;
    if (const QString url = m_baseUrl->text().trimmed(); !url.isEmpty()) {
        if (r.exchange == "all") {
            for (const char* name : {"binance", "bybit", "okx"}) {
                r.baseUrls[name] = url.toStdString();
            }
        } else {
            r.baseUrls[r.exchange] = url.toStdString();
        }
    }
    return r;
}

void DataSourcePanel::setRequest(const FetchRequest& r)
{
    const int index = m_exchange->findData(QString::fromStdString(r.exchange));
    m_exchange->setCurrentIndex(std::max(index, 0));
    m_symbol->setText(QString::fromStdString(r.symbol));
    const int interval = m_interval->findData(QString::fromStdString(r.interval));
    m_interval->setCurrentIndex(std::max(interval, 0));
    m_days->setValue(static_cast<int>(std::max<TimeMs>(1, r.spanMs / 86'400'000LL)));
}

bool DataSourcePanel::autoRefresh() const { return m_auto->isChecked(); }
int DataSourcePanel::autoRefreshSeconds() const { return m_autoSeconds->value(); }

void DataSourcePanel::setAutoRefresh(bool on, int seconds)
{
    const QSignalBlocker blockAuto(m_auto);
    const QSignalBlocker blockSeconds(m_autoSeconds);
    m_auto->setChecked(on);
    m_autoSeconds->setValue(seconds);
}

void DataSourcePanel::setBusy(bool busy)
{
    m_refresh->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_progress->setVisible(busy);
    if (busy) {
        m_progress->setRange(0, 0);
    }
}

void DataSourcePanel::setProgress(int done, int total, const QString& message)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    m_status->setText(message);
}

void DataSourcePanel::setUpdated(qint64 utcMs)
{
    m_updatedMs = utcMs;
    m_ageTimer->start();
    updateAge();
}

void DataSourcePanel::setStatus(const QString& message) { m_status->setText(message); }

QString DataSourcePanel::ageText() const { return m_age->text(); }

void DataSourcePanel::updateAge()
{
    if (m_updatedMs <= 0) {
        return;
    }
    const qint64 seconds = std::max<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - m_updatedMs) / 1000);
    m_age->setText(seconds < 120 ? tr("updated %1 s ago").arg(seconds) : tr("updated %1 min ago").arg(seconds / 60));
}

}  // namespace liqheat::ui

namespace liqheat::ui {

void DataSourcePanel::setSymbolCatalog(InstrumentCatalog* catalog)
{
    m_catalog = catalog;
    m_completer = new QCompleter(this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_symbol->setCompleter(m_completer);
    connect(m_exchange, &QComboBox::currentIndexChanged, this, &DataSourcePanel::updateCompleter);
    connect(m_symbol, &QLineEdit::textEdited, this, [this] {
        // The list is fetched (or read from the cache) the first time the trader types.
        if (m_catalog != nullptr) {
            m_catalog->load(
                exchangeFromString(m_exchange->currentData().toString().toStdString()).value_or(Exchange::Binance));
        }
    });
    updateCompleter();
}

void DataSourcePanel::updateCompleter()
{
    if (m_catalog == nullptr) {
        return;
    }
    const auto exchange =
        exchangeFromString(m_exchange->currentData().toString().toStdString()).value_or(Exchange::Binance);
    m_completer->setModel(m_catalog->symbols(exchange));
}

}  // namespace liqheat::ui
