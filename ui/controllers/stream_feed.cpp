#include "controllers/stream_feed.h"

#include "controllers/document_controller.h"

#include "liqheat/live/exchange_api.h"
#include "liqheat/live/stream_endpoints.h"
#include "liqheat/store/market_store.h"
#include "liqheat/stream/liquidation_stream.h"

#include <QFutureWatcher>
#include <QStringList>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace liqheat::ui {

StreamFeed::StreamFeed(DocumentController* document, QObject* parent)
    : QObject(parent), m_document(document), m_batch(new QTimer(this)), m_tick(new QTimer(this))
{
    m_batch->setInterval(1000);
    connect(m_batch, &QTimer::timeout, this, &StreamFeed::flush);
    // While reconnecting, the countdown in the status bar ticks.
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, [this] { emit stateChanged(stateText()); });
}

StreamFeed::~StreamFeed() = default;

void StreamFeed::follow(const std::vector<std::string>& exchanges, const std::string& symbol,
                        const std::string& storePath, const std::string& okxBaseUrl)
{
    std::string key;
    for (const std::string& name : exchanges) {
        key += name + ",";
    }
    key += "/" + symbol;
    if (key == m_following && !m_streams.empty()) {
        return;
    }
    stop();
    m_following = key;
    if (storePath != m_storePath) {
        m_store.reset();
        m_storePath = storePath;
    }
    for (const std::string& name : exchanges) {
        if (const auto exchange = exchangeFromString(name)) {
            followOne(*exchange, symbol, okxBaseUrl);
        }
    }
}

void StreamFeed::followOne(Exchange exchange, const std::string& symbol, const std::string& okxBaseUrl)
{
    const int generation = m_generation;
    if (exchange != Exchange::Okx) {
        startStream(exchange, symbol, {});
        return;
    }
    // OKX sends contracts: its contract size comes from the REST API, off the GUI thread.
    auto* watcher = new QFutureWatcher<Result<double>>(this);
    connect(watcher, &QFutureWatcher<Result<double>>::finished, this, [this, watcher, generation, symbol] {
        watcher->deleteLater();
        const Result<double> size = watcher->result();
        if (generation != m_generation) {
            return;
        }
        if (!size) {
            emit problem(QStringLiteral("okx stream: ") + QString::fromStdString(size.error().message));
            return;
        }
        startStream(Exchange::Okx, symbol, {{exchangeSymbol(Exchange::Okx, symbol).value(), *size}});
    });
    watcher->setFuture(QtConcurrent::run([symbol, okxBaseUrl]() -> Result<double> {
        auto url = resolveBaseUrl(Exchange::Okx, okxBaseUrl);
        if (!url) {
            return url.error();
        }
        HttpClient http;
        return fetchOkxContractSize(http, *url, symbol);
    }));
}

void StreamFeed::startStream(Exchange exchange, const std::string& symbol, const ContractSizes& sizes)
{
    auto url = resolveStreamUrl(exchange);
    if (!url) {
        emit problem(QString::fromStdString(url.error().message));
        return;
    }
    stream::StreamOptions options;
    options.exchange = exchange;
    options.baseUrl = *url;
    options.symbols = {symbol};
    options.contractSizes = sizes;
    auto created = stream::LiquidationStream::create(options);
    if (!created) {
        emit problem(QString::fromStdString(created.error().message));
        return;
    }
    stream::LiquidationStream* started = *created;
    m_streams.emplace_back(started);
    connect(started, &stream::LiquidationStream::ordersReceived, this,
            [this](const std::vector<LiquidationOrder>& orders) {
                m_pending.insert(m_pending.end(), orders.begin(), orders.end());
                m_received += orders.size();
            });
    connect(started, &stream::LiquidationStream::stateChanged, this, [this] {
        const bool reconnecting = std::any_of(m_streams.begin(), m_streams.end(), [](const auto& s) {
            return s->state() == stream::LiquidationStream::State::Reconnecting;
        });
        if (reconnecting) {
            m_tick->start();
        } else {
            m_tick->stop();
        }
        emit stateChanged(stateText());
    });
    connect(started, &stream::LiquidationStream::problem, this, &StreamFeed::problem);
    m_batch->start();
    started->start();
}

void StreamFeed::stop()
{
    ++m_generation;
    flush();
    m_batch->stop();
    m_tick->stop();
    m_streams.clear();
    m_following.clear();
    emit stateChanged({});
}

QString StreamFeed::stateText() const
{
    QStringList parts;
    for (const auto& s : m_streams) {
        parts << s->stateText();
    }
    return parts.join(QStringLiteral(" · "));
}

void StreamFeed::flush()
{
    if (m_pending.empty()) {
        return;
    }
    std::vector<LiquidationOrder> batch;
    batch.swap(m_pending);
    if (!m_storePath.empty() && !m_store) {
        auto store = MarketStore::open(m_storePath);
        if (!store) {
            emit problem(QString::fromStdString(store.error().message));
        } else {
            m_store = std::make_unique<MarketStore>(std::move(*store));
        }
    }
    if (m_store) {
        // A few rows in one WAL transaction: quick enough for the GUI thread.
        if (auto written = m_store->writeLiquidationOrders(batch); !written) {
            emit problem(QString::fromStdString(written.error().message));
        }
    }
    m_document->addRealizedOrders(batch);
}

}  // namespace liqheat::ui
