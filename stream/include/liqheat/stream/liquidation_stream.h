#pragma once

// One WebSocket connection to one exchange's public liquidation stream: connects, subscribes,
// keeps the connection alive the way the exchange asks, reconnects with jittered exponential
// backoff when it drops (and before the exchange's 24 h cut), and reports the orders that the
// core parsers (liqheat/live/stream_messages.h) read from each message.

#include "liqheat/live/stream_endpoints.h"
#include "liqheat/live/stream_messages.h"

#include <QObject>
#include <QString>

#include <random>
#include <vector>

class QTimer;
class QWebSocket;

namespace liqheat::stream {

struct StreamOptions {
    Exchange exchange = Exchange::Binance;
    std::string baseUrl;               ///< resolved (resolveStreamUrl)
    std::vector<std::string> symbols;  ///< canonical
    ContractSizes contractSizes;       ///< OKX: ctVal x ctMult per instId of `symbols`
    /// Reconnect delays: first, doubling per failed attempt up to `maxBackoffMs`, each drawn
    /// uniformly from [delay/2, delay] so that many clients do not return in step.
    int initialBackoffMs = 1'000;
    int maxBackoffMs = 60'000;
    /// Overrides of the plan's keepalive and connection lifetime (tests use short ones); 0 keeps it.
    int pingIntervalMs = 0;
    int pongTimeoutMs = 0;
    qint64 maxConnectionMs = 0;
};

class LiquidationStream final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiquidationStream)

public:
    enum class State { Stopped, Connecting, Connected, Reconnecting };
    Q_ENUM(State)

    /// Errors: a bad URL or symbol (planStream).
    static Result<LiquidationStream*> create(const StreamOptions& options, QObject* parent = nullptr);
    ~LiquidationStream() override;

    void start();
    void stop();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] Exchange exchange() const { return m_options.exchange; }
    /// While Reconnecting: ms until the next attempt.
    [[nodiscard]] int reconnectInMs() const;
    /// "binance stream: connected", "bybit stream: reconnecting in 4 s", ...
    [[nodiscard]] QString stateText() const;
    [[nodiscard]] int connections() const { return m_connections; }  ///< opened so far

signals:
    void ordersReceived(const std::vector<liqheat::LiquidationOrder>& orders);
    void stateChanged(liqheat::stream::LiquidationStream::State state);
    /// One line: a message that did not parse, an error the exchange sent, a drop.
    void problem(const QString& message);

private:
    LiquidationStream(const StreamOptions& options, StreamPlan plan, QObject* parent);

    void open();
    void onConnected();
    void onDisconnected();
    void onText(const QString& text);
    void onPingTimer();
    void scheduleReconnect(const QString& why);
    void setState(State state);
    [[nodiscard]] int nextBackoffMs();

    StreamOptions m_options;
    StreamPlan m_plan;
    QWebSocket* m_socket = nullptr;
    QTimer* m_pingTimer = nullptr;
    QTimer* m_pongTimer = nullptr;
    QTimer* m_reconnectTimer = nullptr;
    QTimer* m_lifetimeTimer = nullptr;
    State m_state = State::Stopped;
    int m_failedAttempts = 0;
    int m_connections = 0;
    bool m_stopping = false;
    std::mt19937 m_random;
};

}  // namespace liqheat::stream
