#pragma once

#include "liqheat/analysis/alerts.h"
#include "liqheat/live/market_feed.h"
#include "liqheat/live/watch_session.h"
#include "liqheat/model/model_settings.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace liqheat::ui {

/// Refreshes the watched markets in the background, one after another on a worker thread,
/// through a MarketFeed (the exchanges within their shared request budget today; the store
/// later), runs the alert rules, and reports rows and alerts on the GUI thread.
class WatchlistController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchlistController)

public:
    /// `feed` may be shared with nothing else while a round runs (rounds never overlap).
    explicit WatchlistController(std::shared_ptr<MarketFeed> feed, QObject* parent = nullptr);
    ~WatchlistController() override;

    void setKeys(std::vector<WatchKey> keys);
    [[nodiscard]] const std::vector<WatchKey>& keys() const { return m_keys; }
    void setRules(std::vector<AlertRule> rules);
    [[nodiscard]] std::vector<AlertRule> rules() const;
    [[nodiscard]] std::map<std::string, AlertState> alertState() const;
    void restoreAlertState(std::map<std::string, AlertState> state);
    void setModel(const ModelSettings& model);
    /// The planned position's liquidation price for the market in the chart (empty: none).
    void setPlannedLiquidation(std::optional<WatchKey> key, std::optional<double> price);
    /// A round every `seconds` (0: only on refresh()).
    void setInterval(int seconds);

    /// Starts a round over every key unless one is running.
    void refresh();
    [[nodiscard]] bool busy() const { return m_busy; }

signals:
    void updated(const liqheat::WatchUpdate& update);
    void alert(const liqheat::AlertEvent& event);
    void roundFinished();

private:
    void join();

    std::shared_ptr<MarketFeed> m_feed;
    std::vector<WatchKey> m_keys;
    ModelSettings m_model;
    // The engine belongs to the worker; the GUI hands over rules and state through these, and
    // reads a copy of the state, so a slow fetch never blocks the GUI.
    mutable std::mutex m_mutex;
    AlertEngine m_engine;
    std::vector<AlertRule> m_rules;
    std::optional<std::vector<AlertRule>> m_pendingRules;
    std::optional<std::map<std::string, AlertState>> m_pendingState;
    std::map<std::string, AlertState> m_stateCopy;
    std::optional<WatchKey> m_planKey;
    std::optional<double> m_planLiquidation;
    QTimer m_timer;
    std::thread m_worker;
    CancelToken m_cancel;
    bool m_busy = false;
};

}  // namespace liqheat::ui
