// The watchlist and alerts docks offscreen: a market refreshes through a feed, its row fills,
// an alert reaches the notifier and the log once per crossing, the picker filters as you type,
// the list, rules and alert state are remembered, and the window's picker keeps its lists in the
// local store.
#include "controllers/watchlist_controller.h"
#include "docks/alerts_panel.h"
#include "docks/symbol_picker.h"
#include "docks/watchlist_panel.h"
#include "wait_for.h"
#include "window/app_settings.h"
#include "window/dock_set.h"
#include "window/notifier.h"
#include "window/watch_binding.h"

#include "liqheat/io/alert_rules.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/store/market_store.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

namespace {

// The bundled real sample as every market's latest data.
class SampleFeed final : public MarketFeed {
public:
    SampleFeed() : m_data(readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT)->data) {}
    Result<MarketData> latest(const WatchKey&) override
    {
        ++calls;
        return m_data;
    }
    std::atomic<int> calls{0};
    MarketData m_data;
};

class RecordingNotifier final : public Notifier {
public:
    void notify(const QString& title, const QString& body) override
    {
        shown.push_back(title + QStringLiteral(" | ") + body);
    }
    [[nodiscard]] QString channel() const override { return QStringLiteral("a test"); }
    QStringList shown;
};

class MemoryCache final : public InstrumentCache {
public:
    std::optional<InstrumentList> load(Exchange exchange) override
    {
        const auto it = lists.find(exchange);
        return it == lists.end() ? std::nullopt : std::optional<InstrumentList>(it->second);
    }
    Status save(Exchange exchange, const InstrumentList& list) override
    {
        lists[exchange] = list;
        return {};
    }
    std::map<Exchange, InstrumentList> lists;
};

}  // namespace

TEST(WatchlistDock, RowAlertNotificationAndLog)
{
    QSettings().clear();
    AppSettings settings;
    AlertRule near;
    near.id = "near";
    near.kind = AlertKind::NearCluster;
    near.percent = 100.0;  // any cluster: the first evaluation is a crossing
    near.minUsd = 0.0;
    settings.alertRules.setValue(QString::fromStdString(alertRulesJson({near})));
    settings.watchSeconds.setValue(0);

    auto feed = std::make_shared<SampleFeed>();
    const MarketData& data = feed->m_data;
    WatchlistController controller(feed);
    auto cache = std::make_shared<MemoryCache>();
    InstrumentCatalog catalog(cache);
    WatchlistPanel watchlist(&catalog);
    AlertsPanel alerts;
    RecordingNotifier notifier;
    WatchBinding binding(&controller, &watchlist, &alerts, &notifier, settings, nullptr);

    watchlist.addMarket({Exchange::Binance, "BTCUSDT", "5m"});
    EXPECT_EQ(settings.watchlist.value(), QStringList{QStringLiteral("binance:BTCUSDT:5m")});
    controller.refresh();
    ASSERT_TRUE(waitFor([&] { return !controller.busy() && feed->calls == 1 && alerts.log()->count() == 1; }));
    ASSERT_EQ(notifier.shown.size(), 1);
    EXPECT_TRUE(notifier.shown.front().contains(QStringLiteral("BTCUSDT"))) << notifier.shown.front().toStdString();
    EXPECT_TRUE(alerts.log()->item(0)->text().contains(QStringLiteral("[near]")));
    const QModelIndex price = watchlist.model()->index(0, WatchlistModel::Price);
    EXPECT_DOUBLE_EQ(watchlist.model()->data(price, WatchlistModel::kSortRole).toDouble(), data.candles.close.back());

    // The same market again: still near, so no new crossing, no new notification.
    controller.refresh();
    ASSERT_TRUE(waitFor([&] { return !controller.busy() && feed->calls == 2; }));
    QApplication::processEvents();
    EXPECT_EQ(notifier.shown.size(), 1);
    EXPECT_EQ(alerts.log()->count(), 1);
    // Remembered: the state says the rule is inside its crossing.
    EXPECT_TRUE(settings.alertState.value().contains(QStringLiteral("near|binance|BTCUSDT")));

    // Sorting by price works on numbers through the proxy.
    watchlist.view()->sortByColumn(WatchlistModel::Price, Qt::DescendingOrder);
    EXPECT_EQ(watchlist.view()->model()->rowCount(), 1);
}

TEST(WatchlistDock, RulesEditorAppliesAndRemembers)
{
    QSettings().clear();
    AppSettings settings;
    settings.watchSeconds.setValue(0);
    WatchlistController controller(std::make_shared<SampleFeed>());
    InstrumentCatalog catalog(std::make_shared<MemoryCache>());
    WatchlistPanel watchlist(&catalog);
    AlertsPanel alerts;
    RecordingNotifier notifier;
    WatchBinding binding(&controller, &watchlist, &alerts, &notifier, settings, nullptr);
    EXPECT_EQ(controller.rules().size(), WatchBinding::defaultRules().size());

    alerts.rulesEdit()->setPlainText(QStringLiteral(R"({"rules":[{"id":"x","kind":"signal"}]})"));
    alerts.apply();
    ASSERT_EQ(controller.rules().size(), 1u);
    EXPECT_EQ(controller.rules().front().kind, AlertKind::SignalFired);
    EXPECT_TRUE(settings.alertRules.value().contains(QStringLiteral("\"signal\"")));

    alerts.rulesEdit()->setPlainText(QStringLiteral(R"({"rules":[{"id":"x","kind":"nope"}]})"));
    alerts.apply();
    EXPECT_EQ(controller.rules().size(), 1u);  // a broken edit changes nothing
}

TEST(SymbolPicker, FiltersAsYouType)
{
    auto cache = std::make_shared<MemoryCache>();
    InstrumentList list;
    list.fetchedAt = nowUtcMs();
    for (const char* s : {"BTCUSDT", "ETHUSDT", "ETHUSDC", "SOLUSDT"}) {
        Instrument i;
        i.exchange = Exchange::Bybit;
        i.symbol = s;
        i.exchangeSymbol = s;
        list.instruments.push_back(i);
    }
    cache->lists[Exchange::Bybit] = list;
    InstrumentCatalog catalog(cache);
    SymbolPickerDialog picker(&catalog);
    picker.exchangeCombo()->setCurrentText(QStringLiteral("bybit"));
    ASSERT_TRUE(waitFor([&] { return catalog.symbols(Exchange::Bybit)->rowCount() == 4; }));
    picker.filterEdit()->setText(QStringLiteral("ethusdt"));
    const auto choice = picker.choice();
    ASSERT_TRUE(choice);
    EXPECT_EQ(choice->exchange, Exchange::Bybit);
    EXPECT_EQ(choice->symbol, "ETHUSDT");
    picker.filterEdit()->setText(QStringLiteral("eth"));
    auto* list2 = picker.findChild<QListView*>();
    ASSERT_NE(list2, nullptr);
    EXPECT_EQ(list2->model()->rowCount(), 2);
}

// The window's catalog reads and writes the store every fetch uses ($LIQHEAT_STORE, set by the
// test main): a list stored today is shown without a request, and a list stored two days ago is
// shown as older when the exchange cannot be reached. The exchange is a closed local port, and
// the JSON cache folder an empty temporary one, so only the store can give the symbols.
TEST(SymbolPicker, TheWindowsListsComeFromTheStore)
{
    std::ifstream in(std::string(LIQHEAT_FIXTURES_DIR) + "/responses/okx_public_instruments_SWAP.json");
    std::stringstream body;
    body << in.rdbuf();
    auto recorded = parseOkxInstruments(body.str());
    ASSERT_TRUE(recorded) << recorded.error().message;
    const auto storePath = defaultStorePath();
    ASSERT_TRUE(storePath);
    auto store = MarketStore::open(*storePath);
    ASSERT_TRUE(store.ok()) << store.error().message;

    const QTemporaryDir cacheHome;
    const QByteArray oldCache = qgetenv("XDG_CACHE_HOME");
    const QByteArray oldUrl = qgetenv("LIQHEAT_OKX_URL");
    qputenv("XDG_CACHE_HOME", cacheHome.path().toLocal8Bit());
    qputenv("LIQHEAT_OKX_URL", "http://127.0.0.1:9");
    const auto showOkx = [](const QStringList& expected, bool older) {
        QMainWindow window;
        const DockSet docks = DockSet::create(&window);
        bool loaded = false;
        QString note;
        QObject::connect(docks.instruments, &InstrumentCatalog::loaded, &window, [&](Exchange, const QString& text) {
            loaded = true;
            note = text;
        });
        docks.instruments->load(Exchange::Okx);
        EXPECT_TRUE(waitFor([&] { return loaded; }));
        EXPECT_EQ(docks.instruments->symbols(Exchange::Okx)->stringList(), expected);
        EXPECT_EQ(note.contains(QStringLiteral("older")), older) << note.toStdString();
    };

    // The recorded OKX list has the linear swaps ETH-USDT-SWAP and BTC-USDT-SWAP.
    const QStringList recordedSymbols{QStringLiteral("BTCUSDT"), QStringLiteral("ETHUSDT")};
    ASSERT_TRUE(store->writeInstrumentList(Exchange::Okx, {nowUtcMs(), *recorded}).ok());
    showOkx(recordedSymbols, false);
    ASSERT_TRUE(store->writeInstrumentList(Exchange::Okx, {nowUtcMs() - 2 * 86'400'000LL, *recorded}).ok());
    showOkx(recordedSymbols, true);

    for (const auto& [name, old] : {std::pair{"XDG_CACHE_HOME", oldCache}, std::pair{"LIQHEAT_OKX_URL", oldUrl}}) {
        if (old.isNull()) {
            qunsetenv(name);
        } else {
            qputenv(name, old);
        }
    }
    EXPECT_TRUE(QDir(cacheHome.path()).isEmpty()) << "the JSON cache is not used while the store opens";
}

TEST(Notifier, FallsBackWithoutTheNotificationService)
{
    // Offscreen tests have neither a session bus service nor a tray: the log is the channel.
    DesktopNotifier notifier(nullptr);
    if (!DesktopNotifier::freedesktopAvailable()) {
        EXPECT_NE(notifier.channel(), QStringLiteral("desktop notifications"));
    }
    notifier.notify(QStringLiteral("t"), QStringLiteral("b"));  // never throws or blocks
}
