#include "controllers/watchlist_controller.h"

#include "liqheat/live/http_client.h"

#include <QMetaObject>

namespace liqheat::ui {

WatchlistController::WatchlistController(std::shared_ptr<MarketFeed> feed, QObject* parent)
    : QObject(parent), m_feed(std::move(feed))
{
    qRegisterMetaType<liqheat::WatchUpdate>("liqheat::WatchUpdate");
    qRegisterMetaType<liqheat::AlertEvent>("liqheat::AlertEvent");
    connect(&m_timer, &QTimer::timeout, this, &WatchlistController::refresh);
}

WatchlistController::~WatchlistController()
{
    m_cancel.cancel();
    join();
}

void WatchlistController::join()
{
    if (m_worker.joinable()) {
        m_worker.join();
    }
}

void WatchlistController::setKeys(std::vector<WatchKey> keys) { m_keys = std::move(keys); }

void WatchlistController::setRules(std::vector<AlertRule> rules)
{
    const std::lock_guard lock(m_mutex);
    m_rules = rules;
    m_pendingRules = std::move(rules);
}

std::vector<AlertRule> WatchlistController::rules() const
{
    const std::lock_guard lock(m_mutex);
    return m_rules;
}

std::map<std::string, AlertState> WatchlistController::alertState() const
{
    const std::lock_guard lock(m_mutex);
    return m_stateCopy;
}

void WatchlistController::restoreAlertState(std::map<std::string, AlertState> state)
{
    const std::lock_guard lock(m_mutex);
    m_stateCopy = state;
    m_pendingState = std::move(state);
}

void WatchlistController::setModel(const ModelSettings& model) { m_model = model; }

void WatchlistController::setPlannedLiquidation(std::optional<WatchKey> key, std::optional<double> price)
{
    const std::lock_guard lock(m_mutex);
    m_planKey = std::move(key);
    m_planLiquidation = price;
}

void WatchlistController::setInterval(int seconds)
{
    if (seconds > 0) {
        m_timer.start(seconds * 1000);
    } else {
        m_timer.stop();
    }
}

void WatchlistController::refresh()
{
    if (m_busy || m_keys.empty()) {
        return;
    }
    join();
    m_busy = true;
    m_worker = std::thread([this, keys = m_keys, model = m_model] {
        for (const WatchKey& key : keys) {
            if (m_cancel.cancelled()) {
                break;
            }
            std::optional<double> plan;
            {
                const std::lock_guard lock(m_mutex);
                if (m_pendingRules) {
                    m_engine.setRules(std::move(*m_pendingRules));
                    m_pendingRules.reset();
                }
                if (m_pendingState) {
                    m_engine.restoreState(std::move(*m_pendingState));
                    m_pendingState.reset();
                }
                if (m_planKey && *m_planKey == key) {
                    plan = m_planLiquidation;
                }
            }
            WatchUpdate update = refreshMarket(*m_feed, key, model, &m_engine, nowUtcMs(), plan);
            {
                const std::lock_guard lock(m_mutex);
                m_stateCopy = m_engine.state();
            }
            for (const AlertEvent& event : update.alerts) {
                QMetaObject::invokeMethod(
                    this, [this, event] { emit alert(event); }, Qt::QueuedConnection);
            }
            QMetaObject::invokeMethod(
                this, [this, update = std::move(update)] { emit updated(update); }, Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_busy = false;
                emit roundFinished();
            },
            Qt::QueuedConnection);
    });
}

}  // namespace liqheat::ui
