#include "window/watch_binding.h"

#include "controllers/watchlist_controller.h"
#include "docks/alerts_panel.h"
#include "docks/watchlist_panel.h"
#include "window/app_settings.h"
#include "window/notifier.h"

#include "liqheat/io/alert_rules.h"

#include <QDateTime>

namespace liqheat::ui {

std::vector<AlertRule> WatchBinding::defaultRules()
{
    AlertRule near;
    near.id = "near_cluster";
    near.kind = AlertKind::NearCluster;
    near.percent = 1.0;
    near.minUsd = 50e6;
    AlertRule swept;
    swept.id = "cluster_swept";
    swept.kind = AlertKind::ClusterSwept;
    swept.minUsd = 50e6;
    return {near, swept};
}

WatchBinding::WatchBinding(WatchlistController* controller, WatchlistPanel* watchlist, AlertsPanel* alerts,
                           Notifier* notifier, AppSettings& settings, QObject* parent)
    : QObject(parent),
      m_controller(controller),
      m_watchlist(watchlist),
      m_alerts(alerts),
      m_notifier(notifier),
      m_settings(settings)
{
    std::vector<WatchKey> keys;
    for (const QString& text : m_settings.watchlist.value()) {
        if (auto key = parseWatchKey(text.toStdString())) {
            keys.push_back(*key);
        }
    }
    m_watchlist->model()->setKeys(keys);
    m_controller->setKeys(keys);
    m_alerts->setMarkets(keys);

    std::vector<AlertRule> rules = defaultRules();
    if (const QString saved = m_settings.alertRules.value(); !saved.isEmpty()) {
        if (auto parsed = parseAlertRules(saved.toStdString())) {
            rules = std::move(*parsed);
        }
    }
    m_controller->setRules(rules);
    m_alerts->setRules(rules);
    if (auto state = parseAlertState(m_settings.alertState.value().toStdString())) {
        m_controller->restoreAlertState(std::move(*state));
    }
    m_alerts->setStatus(
        tr("%n rule(s) active; alerts go to %1", nullptr, static_cast<int>(rules.size())).arg(m_notifier->channel()));

    connect(m_watchlist, &WatchlistPanel::keysChanged, this, [this](const std::vector<WatchKey>& changed) {
        QStringList texts;
        for (const WatchKey& key : changed) {
            texts << QString::fromStdString(toString(key));
        }
        m_settings.watchlist.setValue(texts);
        m_controller->setKeys(changed);
        m_alerts->setMarkets(changed);
    });
    connect(m_watchlist, &WatchlistPanel::refreshRequested, m_controller, &WatchlistController::refresh);
    connect(m_controller, &WatchlistController::updated, m_watchlist->model(), &WatchlistModel::apply);
    connect(m_controller, &WatchlistController::roundFinished, this, [this] {
        m_watchlist->setStatus(
            tr("Refreshed %1").arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("HH:mm:ss 'UTC'"))));
        m_settings.alertState.setValue(QString::fromStdString(alertStateJson(m_controller->alertState())));
    });
    connect(m_controller, &WatchlistController::alert, this, &WatchBinding::onAlert);
    connect(m_alerts, &AlertsPanel::rulesChanged, this, [this](const std::vector<AlertRule>& changed) {
        m_controller->setRules(changed);
        m_settings.alertRules.setValue(QString::fromStdString(alertRulesJson(changed)));
    });
    m_controller->setInterval(m_settings.watchSeconds.value());
}

void WatchBinding::onAlert(const AlertEvent& event)
{
    m_alerts->addAlert(event);
    m_notifier->notify(QStringLiteral("%1 %2: %3")
                           .arg(QString::fromStdString(event.symbol), QString::fromStdString(event.exchange),
                                QString::fromStdString(toString(event.kind))),
                       QString::fromStdString(event.message));
}

}  // namespace liqheat::ui
