// The watchlist and alerts docks offscreen: a market refreshes through a feed, its row fills,
// an alert reaches the notifier and the log once per crossing, rules are edited in a table and
// checked by the core, exported and imported as the CLI's rules file, the picker filters as you
// type, the list, rules and alert state are remembered, and the window's picker keeps its lists in the
// local store.
#include "controllers/watchlist_controller.h"
#include "docks/alert_rules_editor.h"
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

#include <QAbstractItemDelegate>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMainWindow>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <memory>
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

// The rules editor's rows are core AlertRules; Apply checks them with the core and puts them in
// force, and a wrong number is refused with the row named while the rules in force stay.
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
    AlertRulesEditor* editor = alerts.rulesEditor();
    AlertRulesModel* model = editor->model();
    ASSERT_EQ(model->rowCount(), static_cast<int>(WatchBinding::defaultRules().size()));

    while (model->rowCount() > 0) {
        model->removeRule(0);
    }
    const int sig = model->addRule(AlertKind::SignalFired);
    EXPECT_TRUE(model->setData(model->index(sig, AlertRulesModel::Signal), QStringLiteral("overheated")));
    // A distance means nothing to a signal rule: its cell is read-only.
    EXPECT_FALSE(model->flags(model->index(sig, AlertRulesModel::Percent)) & Qt::ItemIsEditable);
    EXPECT_FALSE(model->setData(model->index(sig, AlertRulesModel::Percent), 2.0));
    ASSERT_TRUE(alerts.apply());
    ASSERT_EQ(controller.rules().size(), 1u);
    EXPECT_EQ(controller.rules().front().kind, AlertKind::SignalFired);
    EXPECT_EQ(controller.rules().front().signal, "overheated");
    EXPECT_TRUE(settings.alertRules.value().contains(QStringLiteral("\"overheated\"")));
    const QString applied = settings.alertRules.value();

    // The kind combo offers the five kinds in plain words and sets the row's kind.
    const int near = model->addRule();
    QAbstractItemDelegate* delegate = editor->view()->itemDelegate();
    const QModelIndex kindCell = model->index(near, AlertRulesModel::Kind);
    std::unique_ptr<QWidget> kindEditor(delegate->createEditor(editor->view()->viewport(), {}, kindCell));
    auto* kinds = qobject_cast<QComboBox*>(kindEditor.get());
    ASSERT_NE(kinds, nullptr);
    ASSERT_EQ(kinds->count(), 5);
    EXPECT_EQ(kinds->itemText(3), QStringLiteral("Near my liquidation price"));
    kinds->setCurrentIndex(0);
    delegate->setModelData(kinds, model, kindCell);
    EXPECT_EQ(model->rules()[near].kind, AlertKind::NearCluster);
    std::unique_ptr<QWidget> percentEditor(
        delegate->createEditor(editor->view()->viewport(), {}, model->index(near, AlertRulesModel::Percent)));
    auto* percentBox = qobject_cast<QDoubleSpinBox*>(percentEditor.get());
    ASSERT_NE(percentBox, nullptr);
    EXPECT_EQ(percentBox->suffix(), QStringLiteral(" %"));

    // A 0 % distance fits the box but cannot run: refused by the core, the row marked, nothing changes.
    ASSERT_TRUE(model->setData(model->index(near, AlertRulesModel::Percent), 0.0));
    EXPECT_FALSE(alerts.apply());
    EXPECT_EQ(controller.rules().size(), 1u);
    EXPECT_EQ(settings.alertRules.value(), applied);
    EXPECT_TRUE(editor->statusText().contains(QStringLiteral("rule 2"))) << editor->statusText().toStdString();
    EXPECT_TRUE(editor->statusText().contains(QStringLiteral("percent must be above 0")));
    EXPECT_EQ(model->problem(near), QStringLiteral("percent must be above 0"));
    EXPECT_EQ(model->data(model->index(near, AlertRulesModel::Problem)).toString(), model->problem(near));
    EXPECT_TRUE(model->problem(sig).isEmpty());
    EXPECT_EQ(editor->view()->currentIndex().row(), near);
    EXPECT_FALSE(editor->view()->isColumnHidden(AlertRulesModel::Problem));

    // Fixing the number clears the mark at once; Apply then takes both rules.
    ASSERT_TRUE(model->setData(model->index(near, AlertRulesModel::Percent), 0.5));
    EXPECT_TRUE(model->problem(near).isEmpty());
    EXPECT_TRUE(editor->view()->isColumnHidden(AlertRulesModel::Problem));
    ASSERT_TRUE(alerts.apply());
    ASSERT_EQ(controller.rules().size(), 2u);
    EXPECT_DOUBLE_EQ(controller.rules()[1].percent, 0.5);

    // An entry without a leverage, and an id used twice: each row gets its own reason.
    const int liq = model->addRule(AlertKind::NearLiquidation);
    ASSERT_TRUE(model->setData(model->index(liq, AlertRulesModel::Entry), 70'000.0));
    const int copy = model->duplicateRule(sig);
    ASSERT_TRUE(model->setData(model->index(copy, AlertRulesModel::Name), QStringLiteral("signal")));
    EXPECT_FALSE(alerts.apply());
    EXPECT_TRUE(model->problem(liq).contains(QStringLiteral("entry and leverage")));
    EXPECT_TRUE(model->problem(copy).contains(QStringLiteral("used twice")));
    EXPECT_EQ(controller.rules().size(), 2u);
    editor->revert();
    EXPECT_EQ(model->rowCount(), 2);
}

// A rule added in the editor, for one market of the watchlist, fires on that market's refresh;
// a rule for a market not refreshed stays quiet.
TEST(WatchlistDock, RuleAddedInTheEditorFires)
{
    QSettings().clear();
    AppSettings settings;
    settings.alertRules.setValue(QStringLiteral(R"({"rules": []})"));
    settings.watchSeconds.setValue(0);
    auto feed = std::make_shared<SampleFeed>();
    WatchlistController controller(feed);
    InstrumentCatalog catalog(std::make_shared<MemoryCache>());
    WatchlistPanel watchlist(&catalog);
    AlertsPanel alerts;
    RecordingNotifier notifier;
    WatchBinding binding(&controller, &watchlist, &alerts, &notifier, settings, nullptr);
    ASSERT_TRUE(controller.rules().empty());
    watchlist.addMarket({Exchange::Binance, "BTCUSDT", "5m"});

    AlertRulesEditor* editor = alerts.rulesEditor();
    const std::vector<AlertScope> scopes = editor->scopes();
    const AlertScope btcOnBinance{"binance", "BTCUSDT"};
    ASSERT_NE(std::find(scopes.begin(), scopes.end(), btcOnBinance), scopes.end());
    AlertRulesModel* model = editor->model();
    const auto addNear = [&](const QString& name, const QStringList& scope) {
        const int row = model->addRule(AlertKind::NearCluster);
        EXPECT_TRUE(model->setData(model->index(row, AlertRulesModel::Name), name));
        EXPECT_TRUE(model->setData(model->index(row, AlertRulesModel::Scope), scope));
        EXPECT_TRUE(model->setData(model->index(row, AlertRulesModel::Percent), 100.0));  // any cluster
        EXPECT_TRUE(model->setData(model->index(row, AlertRulesModel::MinUsd), 0.0));
    };
    addNear(QStringLiteral("btc_any"), {QString(), QString()});
    addNear(QStringLiteral("eth_bybit"), {QStringLiteral("bybit"), QStringLiteral("ETHUSDT")});
    // The Market combo offers the watchlist's rows; choosing one scopes the rule to it.
    QAbstractItemDelegate* delegate = editor->view()->itemDelegate();
    const QModelIndex scopeCell = model->index(0, AlertRulesModel::Scope);
    std::unique_ptr<QWidget> scopeEditor(delegate->createEditor(editor->view()->viewport(), {}, scopeCell));
    auto* markets = qobject_cast<QComboBox*>(scopeEditor.get());
    ASSERT_NE(markets, nullptr);
    const int btc = markets->findText(QStringLiteral("BTCUSDT on binance"));
    ASSERT_GE(btc, 0);
    EXPECT_EQ(markets->itemText(0), QStringLiteral("Whole watchlist"));
    markets->setCurrentIndex(btc);
    delegate->setModelData(markets, model, scopeCell);
    EXPECT_EQ(model->data(model->index(0, AlertRulesModel::Scope)).toString(), QStringLiteral("BTCUSDT on binance"));
    ASSERT_TRUE(alerts.apply());
    ASSERT_EQ(controller.rules().size(), 2u);

    controller.refresh();
    ASSERT_TRUE(waitFor([&] { return !controller.busy() && feed->calls == 1 && alerts.log()->count() == 1; }));
    QApplication::processEvents();
    EXPECT_EQ(alerts.log()->count(), 1);
    EXPECT_TRUE(alerts.log()->item(0)->text().contains(QStringLiteral("[btc_any]")))
        << alerts.log()->item(0)->text().toStdString();
    ASSERT_EQ(notifier.shown.size(), 1);
    EXPECT_TRUE(notifier.shown.front().contains(QStringLiteral("BTCUSDT")));
}

// The rules applied in the editor are the ones the next start shows and runs.
TEST(WatchlistDock, RulesSurviveARestart)
{
    QSettings().clear();
    const auto start = [](const std::function<void(AlertsPanel&, WatchlistController&)>& use) {
        AppSettings settings;
        settings.watchSeconds.setValue(0);
        WatchlistController controller(std::make_shared<SampleFeed>());
        InstrumentCatalog catalog(std::make_shared<MemoryCache>());
        WatchlistPanel watchlist(&catalog);
        AlertsPanel alerts;
        RecordingNotifier notifier;
        WatchBinding binding(&controller, &watchlist, &alerts, &notifier, settings, nullptr);
        use(alerts, controller);
    };
    std::string applied;
    start([&](AlertsPanel& alerts, WatchlistController&) {
        AlertRulesModel* model = alerts.rulesEditor()->model();
        const int row = model->addRule(AlertKind::RealizedLiquidations);
        model->setData(model->index(row, AlertRulesModel::MinUsd), 12.5e6);
        model->setData(model->index(row, AlertRulesModel::Cooldown), 45.0);
        model->setData(model->index(row, AlertRulesModel::Enabled), Qt::Unchecked, Qt::CheckStateRole);
        ASSERT_TRUE(alerts.apply());
        applied = alertRulesJson(model->rules());
    });
    start([&](AlertsPanel& alerts, WatchlistController& controller) {
        const std::vector<AlertRule>& shown = alerts.rulesEditor()->model()->rules();
        EXPECT_EQ(alertRulesJson(shown), applied);
        EXPECT_EQ(alertRulesJson(controller.rules()), applied);
        ASSERT_EQ(shown.size(), WatchBinding::defaultRules().size() + 1);
        EXPECT_EQ(shown.back().cooldownMs, 45 * 60'000);
        EXPECT_DOUBLE_EQ(shown.back().minUsd, 12.5e6);
        EXPECT_FALSE(shown.back().enabled);
    });
}

// Export writes the file `liqheat-cli watch --rules` reads; importing it elsewhere gives the same
// rules. A wrong row is not exported and a broken file is not imported.
TEST(WatchlistDock, RulesExportThenImport)
{
    const QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rules.json"));
    AlertRulesEditor source;
    source.setRules({});
    AlertRulesModel* model = source.model();
    for (AlertKind kind : {AlertKind::NearCluster, AlertKind::ClusterSwept, AlertKind::SignalFired,
                           AlertKind::NearLiquidation, AlertKind::RealizedLiquidations}) {
        model->addRule(kind);
    }
    model->setData(model->index(0, AlertRulesModel::Scope), QStringList{QString(), QStringLiteral("ETHUSDT")});
    model->setData(model->index(0, AlertRulesModel::Percent), 0.75);
    model->setData(model->index(2, AlertRulesModel::Signal), QStringLiteral("long_squeeze_risk"));
    model->setData(model->index(3, AlertRulesModel::Side), static_cast<int>(Side::Short));
    model->setData(model->index(3, AlertRulesModel::Entry), 3210.5);
    model->setData(model->index(3, AlertRulesModel::Leverage), 20.0);
    model->setData(model->index(4, AlertRulesModel::Cooldown), 7.5);
    ASSERT_TRUE(source.exportTo(path)) << source.statusText().toStdString();

    auto read = readAlertRules(path.toStdString());  // the CLI's reader
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(alertRulesJson(*read), alertRulesJson(model->rules()));

    AlertRulesEditor target;
    std::vector<AlertRule> emitted;
    QObject::connect(&target, &AlertRulesEditor::rulesChanged, &target,
                     [&](const std::vector<AlertRule>& rules) { emitted = rules; });
    ASSERT_TRUE(target.importFrom(path)) << target.statusText().toStdString();
    EXPECT_EQ(alertRulesJson(target.model()->rules()), alertRulesJson(model->rules()));
    EXPECT_EQ(alertRulesJson(emitted), alertRulesJson(model->rules()));

    // A broken file changes nothing.
    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    {
        std::ofstream(broken.toStdString()) << R"({"rules":[{"id":"a","kind":"near_cluster","percent":-1}]})";
    }
    EXPECT_FALSE(target.importFrom(broken));
    EXPECT_TRUE(target.statusText().contains(QStringLiteral("percent must be above 0")));
    EXPECT_EQ(alertRulesJson(target.model()->rules()), alertRulesJson(model->rules()));

    // A wrong row is not written over the good file.
    model->setData(model->index(1, AlertRulesModel::MinUsd), -5.0);
    EXPECT_FALSE(source.exportTo(path));
    EXPECT_EQ(source.model()->problem(1), QStringLiteral("min_usd must be 0 or more"));
    auto still = readAlertRules(path.toStdString());
    ASSERT_TRUE(still);
    EXPECT_EQ(still->size(), 5u);
    EXPECT_DOUBLE_EQ((*still)[1].minUsd, 50e6);
}

// The dock draws: the rules table with its columns and a row per rule. With
// LIQHEAT_SCREENSHOT_DIR set, the dock is saved there as alerts-dock.png to look at.
TEST(WatchlistDock, AlertsDockDraws)
{
    AlertsPanel alerts;
    alerts.setMarkets({{Exchange::Binance, "BTCUSDT", "5m"}, {Exchange::Bybit, "ETHUSDT", "5m"}});
    std::vector<AlertRule> rules = WatchBinding::defaultRules();
    AlertRule liq;
    liq.id = "my_long";
    liq.kind = AlertKind::NearLiquidation;
    liq.exchange = "binance";
    liq.symbol = "BTCUSDT";
    liq.entry = 70'000.0;
    liq.leverage = 25.0;
    rules.push_back(liq);
    alerts.setRules(rules);
    AlertRulesModel* model = alerts.rulesEditor()->model();
    const int sig = model->addRule(AlertKind::SignalFired);
    model->setData(model->index(sig, AlertRulesModel::Cooldown), 15.0);
    const int wrong = model->addRule(AlertKind::NearCluster);
    model->setData(model->index(wrong, AlertRulesModel::Percent), 0.0);
    EXPECT_FALSE(alerts.apply());
    AlertEvent event;
    event.time = 1'780'000'000'000;
    event.exchange = "binance";
    event.symbol = "BTCUSDT";
    event.rule = "near_cluster";
    event.message = "BTCUSDT 0.8 % from a 61M USD long cluster at 68450";
    alerts.addAlert(event);
    alerts.rulesEditor()->view()->clearSelection();  // the marked row's tint shows
    alerts.resize(900, 520);
    alerts.show();
    QApplication::processEvents();
    const QImage image = alerts.grab().toImage();
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(alerts.rulesEditor()->view()->model()->rowCount(), 5);
    if (const QByteArray out = qgetenv("LIQHEAT_SCREENSHOT_DIR"); !out.isEmpty()) {
        EXPECT_TRUE(image.save(QString::fromLocal8Bit(out) + QStringLiteral("/alerts-dock.png")));
    }
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
