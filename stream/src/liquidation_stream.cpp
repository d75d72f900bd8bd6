#include "liqheat/stream/liquidation_stream.h"

#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <algorithm>

namespace liqheat::stream {

Result<LiquidationStream*> LiquidationStream::create(const StreamOptions& options, QObject* parent)
{
    auto plan = planStream(options.exchange, options.baseUrl, options.symbols);
    if (!plan) {
        return plan.error();
    }
    if (options.pingIntervalMs > 0) {
        plan->pingIntervalMs = options.pingIntervalMs;
    }
    if (options.pongTimeoutMs > 0) {
        plan->pongTimeoutMs = options.pongTimeoutMs;
    }
    if (options.maxConnectionMs > 0) {
        plan->maxConnectionMs = options.maxConnectionMs;
    }
    return new LiquidationStream(options, std::move(*plan), parent);
}

LiquidationStream::LiquidationStream(const StreamOptions& options, StreamPlan plan, QObject* parent)
    : QObject(parent),
      m_options(options),
      m_plan(std::move(plan)),
      m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this)),
      m_pingTimer(new QTimer(this)),
      m_pongTimer(new QTimer(this)),
      m_reconnectTimer(new QTimer(this)),
      m_lifetimeTimer(new QTimer(this)),
      m_random(std::random_device{}())
{
    // Coarse timers may fire 5 % early; a backoff and a keepalive are promises about time.
    for (QTimer* timer : {m_pingTimer, m_pongTimer, m_reconnectTimer, m_lifetimeTimer}) {
        timer->setTimerType(Qt::PreciseTimer);
    }
    m_pongTimer->setSingleShot(true);
    m_reconnectTimer->setSingleShot(true);
    m_lifetimeTimer->setSingleShot(true);
    m_pingTimer->setSingleShot(m_plan.pingOnlySilent);
    connect(m_socket, &QWebSocket::connected, this, &LiquidationStream::onConnected);
    // UnconnectedState covers both a dropped connection and one that never opened.
    connect(m_socket, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState socketState) {
        if (socketState == QAbstractSocket::UnconnectedState) {
            onDisconnected();
        }
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &LiquidationStream::onText);
    connect(m_pingTimer, &QTimer::timeout, this, &LiquidationStream::onPingTimer);
    connect(m_pongTimer, &QTimer::timeout, this,
            [this] { scheduleReconnect(QStringLiteral("no answer to the keepalive ping")); });
    connect(m_reconnectTimer, &QTimer::timeout, this, &LiquidationStream::open);
    connect(m_lifetimeTimer, &QTimer::timeout, this, [this] {
        // Reconnect on our terms before the exchange's forced disconnect; the new connection
        // opens at once (no backoff: nothing failed).
        m_failedAttempts = 0;
        m_pingTimer->stop();
        m_pongTimer->stop();
        setState(State::Reconnecting);
        m_socket->abort();
        open();
    });
}

LiquidationStream::~LiquidationStream()
{
    m_stopping = true;
    m_socket->disconnect(this);
    m_socket->abort();
}

void LiquidationStream::start()
{
    m_stopping = false;
    m_failedAttempts = 0;
    open();
}

void LiquidationStream::stop()
{
    m_stopping = true;
    m_pingTimer->stop();
    m_pongTimer->stop();
    m_reconnectTimer->stop();
    m_lifetimeTimer->stop();
    m_socket->close();
    m_socket->abort();
    setState(State::Stopped);
}

int LiquidationStream::reconnectInMs() const
{
    return m_state == State::Reconnecting && m_reconnectTimer->isActive() ? m_reconnectTimer->remainingTime() : 0;
}

QString LiquidationStream::stateText() const
{
    const QString name = QString::fromStdString(toString(m_options.exchange)) + QStringLiteral(" stream: ");
    switch (m_state) {
    case State::Stopped: return name + QStringLiteral("stopped");
    case State::Connecting: return name + QStringLiteral("connecting");
    case State::Connected: return name + QStringLiteral("connected");
    case State::Reconnecting: return name + QStringLiteral("reconnecting in %1 s").arg((reconnectInMs() + 999) / 1000);
    }
    return name;
}

void LiquidationStream::open()
{
    if (m_stopping) {
        return;
    }
    setState(State::Connecting);
    m_socket->open(QUrl(QString::fromStdString(m_plan.url)));
}

void LiquidationStream::onConnected()
{
    ++m_connections;
    for (const std::string& frame : m_plan.subscribe) {
        m_socket->sendTextMessage(QString::fromStdString(frame));
    }
    if (!m_plan.ping.empty() && m_plan.pingIntervalMs > 0) {
        m_pingTimer->start(m_plan.pingIntervalMs);
    }
    if (m_plan.maxConnectionMs > 0) {
        m_lifetimeTimer->start(static_cast<int>(std::min<qint64>(m_plan.maxConnectionMs, INT32_MAX)));
    }
    setState(State::Connected);
}

void LiquidationStream::onDisconnected()
{
    if (m_stopping || m_state == State::Reconnecting) {
        return;  // stop() or a reconnect we started
    }
    const QString reason = m_socket->closeReason().isEmpty() ? m_socket->errorString() : m_socket->closeReason();
    scheduleReconnect(m_state == State::Connected ? QStringLiteral("connection dropped (%1)").arg(reason)
                                                  : QStringLiteral("cannot connect (%1)").arg(reason));
}

void LiquidationStream::onText(const QString& text)
{
    m_pongTimer->stop();  // any message shows the connection is alive
    if (m_plan.pingOnlySilent && m_state == State::Connected) {
        m_pingTimer->start(m_plan.pingIntervalMs);  // ping only after this long without a message
    }
    m_failedAttempts = 0;  // the exchange talks to us: the next drop starts the backoff afresh
    const std::string bytes = text.toStdString();
    auto message = parseStreamMessage(m_options.exchange, bytes, m_options.contractSizes);
    if (!message) {
        emit problem(QString::fromStdString(message.error().message));
        return;
    }
    if (message->control) {
        const StreamControl& control = *message->control;
        if (control.kind == StreamControl::Kind::Error) {
            emit problem(
                QString::fromStdString(toString(m_options.exchange) + " stream: the exchange says " + control.text));
        } else if (control.kind == StreamControl::Kind::Notice) {
            // OKX announces a service upgrade 60 s ahead: move to a new connection now.
            m_failedAttempts = 0;
            scheduleReconnect(QString::fromStdString(control.text));
        }
    }
    if (!message->orders.empty()) {
        emit ordersReceived(message->orders);
    }
}

void LiquidationStream::onPingTimer()
{
    if (m_state != State::Connected) {
        return;
    }
    m_socket->sendTextMessage(QString::fromStdString(m_plan.ping));
    if (m_plan.pongTimeoutMs > 0 && !m_pongTimer->isActive()) {
        m_pongTimer->start(m_plan.pongTimeoutMs);
    }
}

void LiquidationStream::scheduleReconnect(const QString& why)
{
    if (m_stopping) {
        return;
    }
    m_pingTimer->stop();
    m_pongTimer->stop();
    m_lifetimeTimer->stop();
    const int delay = nextBackoffMs();
    m_reconnectTimer->start(delay);
    setState(State::Reconnecting);  // before abort(), whose UnconnectedState must not schedule again
    m_socket->abort();
    emit problem(QString::fromStdString(toString(m_options.exchange)) + QStringLiteral(" stream: ") + why +
                 QStringLiteral("; reconnecting in %1 ms").arg(delay));
}

int LiquidationStream::nextBackoffMs()
{
    const int exponent = std::min(m_failedAttempts, 20);
    ++m_failedAttempts;
    const double ceiling =
        std::min<double>(m_options.maxBackoffMs, static_cast<double>(m_options.initialBackoffMs) * (1 << exponent));
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return std::max(1, static_cast<int>(ceiling * jitter(m_random)));
}

void LiquidationStream::setState(State state)
{
    if (m_state == state) {
        return;
    }
    m_state = state;
    emit stateChanged(state);
}

}  // namespace liqheat::stream
