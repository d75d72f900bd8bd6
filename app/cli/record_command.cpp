// The headless recorder. Two writers share the store file (WAL): a polling thread with its own
// connection writes the REST series, the main thread (a Qt event loop for the WebSockets) writes
// the streamed orders in batches. Cadence and request budget: docs/LIVE.md "The recorder".
#include "record_command.h"

#include "cli_support.h"
#include "store_commands.h"

#include "liqheat/live/exchange_api.h"
#include "liqheat/live/http_client.h"
#include "liqheat/live/stream_endpoints.h"
#include "liqheat/model/time.h"
#include "liqheat/store/market_store.h"
#include "liqheat/stream/liquidation_stream.h"
#include "liqheat/sync/stored_fetch.h"

#include <QCoreApplication>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

namespace liqheat::cli {
namespace {

constexpr double kDayMs = 86'400'000.0;

struct RecordOptions {
    std::string symbols;
    std::string exchanges = "binance,bybit";
    std::string interval = "5m";
    double days = 1.0;
    double pollSeconds = 60.0;
    int batchMs = 1'000;
    std::vector<std::string> baseUrls;
    std::vector<std::string> streamUrls;
    bool noStreams = false;
    std::string store;
};

std::atomic<bool> g_stopRequested{false};

extern "C" void onStopSignal(int /*signal*/) { g_stopRequested.store(true); }

/// One line on stdout (batches) or stderr (problems), whole even with two threads writing.
void logLine(const std::string& line, bool problem = false)
{
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    (problem ? std::cerr : std::cout) << formatTimeIso(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                           std::chrono::system_clock::now().time_since_epoch())
                                                           .count())
                                      << " " << line << std::endl;
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        if (!item.empty()) {
            items.push_back(item);
        }
    }
    return items;
}

/// [NAME=]URL values: NAME=URL sets one exchange, a bare URL every exchange recorded.
std::map<std::string, std::string> urlsByExchange(const std::vector<std::string>& values,
                                                  const std::vector<Exchange>& exchanges)
{
    std::map<std::string, std::string> urls;
    for (const std::string& value : values) {
        const auto eq = value.find('=');
        const auto scheme = value.find("://");
        if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
            urls[value.substr(0, eq)] = value.substr(eq + 1);
        } else {
            for (const Exchange exchange : exchanges) {
                urls[toString(exchange)] = value;
            }
        }
    }
    return urls;
}

std::string countsText(const WriteCounts& counts)
{
    return std::to_string(counts.inserted) + " new, " + std::to_string(counts.updated) + " updated, " +
           std::to_string(counts.unchanged) + " unchanged";
}

/// Polls every market in turn through the store, on its own thread and store connection.
class RestPoller {
public:
    RestPoller(const RecordOptions& options, std::vector<Exchange> exchanges, std::vector<std::string> symbols,
               std::map<std::string, std::string> baseUrls, std::string storePath)
        : m_options(options),
          m_exchanges(std::move(exchanges)),
          m_symbols(std::move(symbols)),
          m_baseUrls(std::move(baseUrls)),
          m_storePath(std::move(storePath))
    {}
    ~RestPoller() { stop(); }
    RestPoller(const RestPoller&) = delete;
    RestPoller& operator=(const RestPoller&) = delete;

    void start()
    {
        m_thread = std::thread([this] { run(); });
    }
    void stop()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_cancel.cancel();  // ends a request in flight
        m_wake.notify_all();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

private:
    void run()
    {
        auto store = MarketStore::open(m_storePath);
        if (!store) {
            logLine("poll: " + store.error().message, true);
            return;
        }
        const auto period = std::chrono::milliseconds{std::llround(m_options.pollSeconds * 1000.0)};
        while (!stopping()) {
            const auto started = std::chrono::steady_clock::now();
            for (const Exchange exchange : m_exchanges) {
                for (const std::string& symbol : m_symbols) {
                    if (stopping()) {
                        return;
                    }
                    pollOne(*store, exchange, symbol);
                }
            }
            std::unique_lock lock(m_mutex);
            m_wake.wait_until(lock, started + period, [this] { return m_stopping; });
        }
    }

    void pollOne(MarketStore& store, Exchange exchange, const std::string& symbol)
    {
        FetchRequest request;
        request.exchange = toString(exchange);
        request.symbol = symbol;
        request.interval = m_options.interval;
        request.spanMs = static_cast<TimeMs>(std::llround(m_options.days * kDayMs));
        request.baseUrls = m_baseUrls;
        request.cancel = &m_cancel;
        request.http.userAgent = std::string("liqheat-cli/") + LIQHEAT_VERSION;
        const std::string what = "poll " + toString(exchange) + " " + symbol + " " + m_options.interval;
        auto result = fetchThroughStore(store, request);
        if (!result) {
            if (result.error().code != Error::Code::Cancelled) {
                logLine(what + ": " + result.error().message, true);
            }
            return;
        }
        logLine(what + ": " + countsText(result->written) + " (" + std::to_string(result->fetch.requests) +
                " requests)");
    }

    bool stopping()
    {
        const std::lock_guard lock(m_mutex);
        return m_stopping;
    }

    const RecordOptions& m_options;
    std::vector<Exchange> m_exchanges;
    std::vector<std::string> m_symbols;
    std::map<std::string, std::string> m_baseUrls;
    std::string m_storePath;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    CancelToken m_cancel;
};

/// OKX sends sizes in contracts: each recorded symbol's contract size, from the REST API.
ContractSizes okxContractSizes(const std::vector<std::string>& symbols, const std::string& baseUrl)
{
    ContractSizes sizes;
    HttpClient http;
    for (const std::string& symbol : symbols) {
        auto size = fetchOkxContractSize(http, baseUrl, symbol);
        auto instId = exchangeSymbol(Exchange::Okx, symbol);
        if (!size || !instId) {
            logLine("okx stream: " + (size ? instId.error().message : size.error().message) + "; " + symbol +
                        " is not recorded from the stream",
                    true);
            continue;
        }
        sizes[*instId] = *size;
    }
    return sizes;
}

int runRecord(const RecordOptions& o)
{
    std::vector<std::string> symbols;
    for (const std::string& text : splitList(o.symbols)) {
        auto symbol = canonicalSymbol(text);
        if (!symbol) {
            usage(symbol.error().message);
        }
        symbols.push_back(*symbol);
    }
    std::vector<Exchange> exchanges;
    for (const std::string& name : splitList(o.exchanges)) {
        const auto exchange = exchangeFromString(name);
        if (!exchange) {
            usage("--exchanges: unknown exchange \"" + name + "\" (binance, bybit, okx)");
        }
        exchanges.push_back(*exchange);
    }
    if (symbols.empty() || exchanges.empty()) {
        usage("--symbols and --exchanges need at least one name each");
    }
    const auto baseUrls = urlsByExchange(o.baseUrls, exchanges);
    const auto streamUrls = urlsByExchange(o.streamUrls, exchanges);

    MarketStore store = openStoreOrFail(o.store);
    logLine("record: " + o.symbols + " on " + o.exchanges + " into " + store.path());

    int argc = 1;
    char name[] = "liqheat-cli";
    char* argv[] = {name, nullptr};
    std::unique_ptr<QCoreApplication> ownApp;
    if (QCoreApplication::instance() == nullptr) {
        ownApp = std::make_unique<QCoreApplication>(argc, argv);
    }

    // Streams first, so that orders are collected while the first polls run.
    std::vector<LiquidationOrder> pending;
    std::vector<std::unique_ptr<stream::LiquidationStream>> streams;
    if (!o.noStreams) {
        for (const Exchange exchange : exchanges) {
            const auto it = streamUrls.find(toString(exchange));
            auto url = resolveStreamUrl(exchange, it == streamUrls.end() ? std::string() : it->second);
            if (!url) {
                usage(url.error().message);
            }
            stream::StreamOptions options;
            options.exchange = exchange;
            options.baseUrl = *url;
            options.symbols = symbols;
            if (exchange == Exchange::Okx) {
                const auto rest = baseUrls.find("okx");
                auto restUrl = resolveBaseUrl(Exchange::Okx, rest == baseUrls.end() ? std::string() : rest->second);
                if (!restUrl) {
                    usage(restUrl.error().message);
                }
                options.contractSizes = okxContractSizes(symbols, *restUrl);
            }
            auto created = stream::LiquidationStream::create(options);
            if (!created) {
                usage(created.error().message);
            }
            streams.emplace_back(*created);
            stream::LiquidationStream* s = streams.back().get();
            QObject::connect(s, &stream::LiquidationStream::ordersReceived,
                             [&pending](const std::vector<LiquidationOrder>& orders) {
                                 pending.insert(pending.end(), orders.begin(), orders.end());
                             });
            QObject::connect(s, &stream::LiquidationStream::stateChanged,
                             [s] { logLine(s->stateText().toStdString(), true); });
            QObject::connect(s, &stream::LiquidationStream::problem,
                             [](const QString& text) { logLine(text.toStdString(), true); });
            s->start();
        }
    }

    const auto flush = [&store, &pending] {
        if (pending.empty()) {
            return;
        }
        auto written = store.writeLiquidationOrders(pending);
        if (!written) {
            logLine("orders: " + written.error().message + " (kept for the next batch)", true);
            return;
        }
        std::map<std::string, std::size_t> perExchange;
        for (const LiquidationOrder& order : pending) {
            ++perExchange[toString(order.exchange)];
        }
        std::string from;
        for (const auto& [exchange, count] : perExchange) {
            from += (from.empty() ? "" : ", ") + exchange + " " + std::to_string(count);
        }
        logLine("orders: " + std::to_string(pending.size()) + " written (" + from + "): " + countsText(*written));
        pending.clear();
    };
    QTimer batch;
    QObject::connect(&batch, &QTimer::timeout, flush);
    batch.start(o.batchMs);

    RestPoller poller(o, exchanges, symbols, baseUrls, store.path());
    poller.start();

    g_stopRequested.store(false);
    const auto previousInt = std::signal(SIGINT, onStopSignal);
    const auto previousTerm = std::signal(SIGTERM, onStopSignal);
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, [] {
        if (g_stopRequested.load()) {
            QCoreApplication::quit();
        }
    });
    watch.start(100);
    QCoreApplication::exec();

    // Clean shutdown: no more orders, the last batch committed, the poll in flight cancelled.
    for (auto& s : streams) {
        s->stop();
    }
    batch.stop();
    flush();
    poller.stop();
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    logLine("record: stopped");
    return pending.empty() ? 0 : kExitError;
}

}  // namespace

Command addRecordCommand(CLI::App& root)
{
    auto o = std::make_shared<RecordOptions>();
    CLI::App* app = root.add_subcommand("record", "keep the local store current: REST polls and liquidation streams");
    app->add_option("--symbols", o->symbols, "comma-separated, e.g. BTCUSDT,ETHUSDT")->required()->type_name("S,...");
    app->add_option("--exchanges", o->exchanges, "comma-separated of binance, bybit, okx (default binance,bybit)")
        ->type_name("E,...");
    app->add_option("--interval", o->interval, "candle interval (default 5m)")->check(intervalValue())->type_name("I");
    app->add_option("--days", o->days, "history the first poll fetches when the store has none (default 1)")
        ->check(numberAbove(0.0, 1000.0))
        ->type_name("N");
    app->add_option("--poll", o->pollSeconds, "seconds between polls of each market (default 60)")
        ->check(numberWithin(1.0, 86'400.0))
        ->type_name("SECONDS");
    app->add_option("--batch-ms", o->batchMs, "how often streamed orders are written (default 1000)")
        ->check(wholeNumberWithin(10, 600'000))
        ->type_name("MS");
    app->add_option("--base-url", o->baseUrls, "[NAME=]URL instead of the exchange's API (repeatable)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("[NAME=]URL");
    app->add_option("--stream-url", o->streamUrls, "[NAME=]URL instead of the exchange's stream (repeatable)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("[NAME=]URL");
    app->add_flag("--no-streams", o->noStreams, "REST polls only");
    addStoreOption(*app, o->store);
    return {app, [o] { return runRecord(*o); }};
}

}  // namespace liqheat::cli
