#include "window/stored_span_dialog.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/sync/stored_fetch.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimeZone>

namespace liqheat::ui {
namespace {

constexpr TimeMs kEndOfTime = std::numeric_limits<TimeMs>::max();

std::optional<SeriesCoverage> candlesOf(const StoredMarket& market)
{
    for (const SeriesCoverage& series : market.series) {
        if (series.series == StoredSeries::Candles) {
            return series;
        }
    }
    return std::nullopt;
}

QDateTime utc(TimeMs time) { return QDateTime::fromMSecsSinceEpoch(time, QTimeZone::utc()); }

QString isoText(TimeMs time) { return QString::fromStdString(formatTimeIso(time)); }

}  // namespace

StoredSpanDialog::StoredSpanDialog(std::vector<StoredMarket> markets, QWidget* parent)
    : QDialog(parent), m_markets(std::move(markets))
{
    setObjectName(QStringLiteral("storedSpanDialog"));
    setWindowTitle(tr("Export Stored Span"));
    std::erase_if(m_markets, [](const StoredMarket& m) { return !candlesOf(m); });

    m_market = new QComboBox(this);
    m_market->setObjectName(QStringLiteral("storedMarket"));
    for (const StoredMarket& market : m_markets) {
        m_market->addItem(QStringLiteral("%1 %2 %3")
                              .arg(QString::fromStdString(toString(market.key.exchange)),
                                   QString::fromStdString(market.key.symbol),
                                   QString::fromStdString(formatInterval(market.key.intervalMs))));
    }
    m_stored = new QLabel(this);
    m_stored->setObjectName(QStringLiteral("storedCoverage"));
    m_from = new QDateTimeEdit(this);
    m_to = new QDateTimeEdit(this);
    for (QDateTimeEdit* edit : {m_from, m_to}) {
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        edit->setCalendarPopup(true);
    }
    m_from->setObjectName(QStringLiteral("storedFrom"));
    m_to->setObjectName(QStringLiteral("storedTo"));

    auto* form = new QFormLayout(this);
    form->addRow(tr("Market:"), m_market);
    form->addRow(tr("Stored:"), m_stored);
    form->addRow(tr("From:"), m_from);
    form->addRow(tr("To (exclusive):"), m_to);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export..."));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_markets.empty());
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_market, &QComboBox::currentIndexChanged, this, &StoredSpanDialog::marketChosen);
    if (m_markets.empty()) {
        m_stored->setText(tr("The local store holds no candles yet: fetch a market first."));
    } else {
        marketChosen(0);
    }
}

void StoredSpanDialog::marketChosen(int index)
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_markets.size()) {
        return;
    }
    const StoredMarket& market = m_markets[static_cast<std::size_t>(index)];
    const SeriesCoverage candles = *candlesOf(market);
    m_stored->setText(tr("%1 candles, %2 to %3").arg(candles.rows).arg(isoText(candles.first), isoText(candles.last)));
    const TimeMs end = candles.last + market.key.intervalMs;
    for (QDateTimeEdit* edit : {m_from, m_to}) {
        edit->setDateTimeRange(utc(candles.first), utc(end));
    }
    m_from->setDateTime(utc(candles.first));
    m_to->setDateTime(utc(end));
}

StoredSpanChoice StoredSpanDialog::choice() const
{
    StoredSpanChoice out;
    const int index = m_market->currentIndex();
    if (index < 0 || static_cast<std::size_t>(index) >= m_markets.size()) {
        return out;
    }
    const MarketKey& key = m_markets[static_cast<std::size_t>(index)].key;
    out.exchange = toString(key.exchange);
    out.symbol = key.symbol;
    out.intervalMs = key.intervalMs;
    out.from = m_from->dateTime().toMSecsSinceEpoch();
    out.to = m_to->dateTime().toMSecsSinceEpoch();
    // The end shown is the last candle's close: asking for it means "through the last candle".
    if (out.to >= m_to->maximumDateTime().toMSecsSinceEpoch()) {
        out.to = kEndOfTime;
    }
    return out;
}

Result<std::vector<StoredMarket>> storedMarkets(const std::string& path)
{
    auto store = MarketStore::open(path);
    if (!store) {
        return store.error();
    }
    return store->markets();
}

Status exportStoredSpan(const std::string& storePath, const StoredSpanChoice& choice, const ModelSettings& model,
                        const std::string& outputPath)
{
    auto store = MarketStore::open(storePath);
    if (!store) {
        return store.error();
    }
    auto span = readStoredMarket(*store, choice.exchange, choice.symbol, choice.intervalMs, choice.from, choice.to);
    if (!span) {
        return span.error();
    }
    Snapshot snapshot;
    snapshot.data = std::move(span->merged);
    if (choice.exchange == "all") {
        snapshot.perExchange = std::move(span->perExchange);
    }
    snapshot.model = model;
    return writeSnapshot(snapshot, outputPath);
}

}  // namespace liqheat::ui
