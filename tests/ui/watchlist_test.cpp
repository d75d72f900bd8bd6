// The watchlist and alerts docks offscreen: a market refreshes through a feed, its row fills,
// an alert reaches the notifier and the log once per crossing, the picker filters as you type,
// and the list, rules and alert state are remembered.
#include "controllers/watchlist_controller.h"
#include "docks/alerts_panel.h"
#include "docks/symbol_picker.h"
#include "docks/watchlist_panel.h"
#include "wait_for.h"
#include "window/app_settings.h"
#include "window/notifier.h"
#include "window/watch_binding.h"

#include "liqheat/io/alert_rules.h"
#include "liqheat/io/snapshot.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTableView>

#include <gtest/gtest.h>

#include <atomic>

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

TEST(Notifier, FallsBackWithoutTheNotificationService)
{
    // Offscreen tests have neither a session bus service nor a tray: the log is the channel.
    DesktopNotifier notifier(nullptr);
    if (!DesktopNotifier::freedesktopAvailable()) {
        EXPECT_NE(notifier.channel(), QStringLiteral("desktop notifications"));
    }
    notifier.notify(QStringLiteral("t"), QStringLiteral("b"));  // never throws or blocks
}
