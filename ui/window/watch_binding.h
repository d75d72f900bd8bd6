#pragma once

#include "liqheat/analysis/alerts.h"
#include "liqheat/live/market_feed.h"

#include <QObject>

namespace liqheat::ui {

class AlertsPanel;
class AppSettings;
class Notifier;
class WatchlistController;
class WatchlistPanel;

/// Joins the watchlist and alerts docks to the controller that refreshes them: the remembered
/// markets, rules and alert state come from the settings and go back on every change; rows go to
/// the table; each alert goes to the log and to the notifier.
class WatchBinding final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchBinding)

public:
    WatchBinding(WatchlistController* controller, WatchlistPanel* watchlist, AlertsPanel* alerts, Notifier* notifier,
                 AppSettings& settings, QObject* parent);

    /// The rules a first run starts with (near a 50 M USD cluster within 1 %, such a cluster swept).
    static std::vector<AlertRule> defaultRules();

private:
    void onAlert(const AlertEvent& event);

    WatchlistController* m_controller;
    WatchlistPanel* m_watchlist;
    AlertsPanel* m_alerts;
    Notifier* m_notifier;
    AppSettings& m_settings;
};

}  // namespace liqheat::ui
