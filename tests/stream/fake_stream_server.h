#pragma once

// A WebSocket server on 127.0.0.1 (an ephemeral port) standing in for an exchange's stream:
// it keeps every text frame clients send, sends what the test tells it to the newest client,
// and can drop that client.

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QWebSocket;
class QWebSocketServer;

namespace liqheat::test {

class FakeStreamServer final : public QObject {

public:
    FakeStreamServer();
    ~FakeStreamServer() override;

    /// "ws://127.0.0.1:PORT".
    [[nodiscard]] QString url() const;
    [[nodiscard]] int connections() const { return m_connections; }
    /// The request path and query of each connection, in order.
    [[nodiscard]] const QStringList& requests() const { return m_requests; }
    /// Text frames received from all clients, in order.
    [[nodiscard]] const QStringList& received() const { return m_received; }
    [[nodiscard]] int pongs() const { return m_pongs; }
    [[nodiscard]] bool hasClient() const { return m_client != nullptr; }

    /// Sends to the newest client; false without one.
    bool send(const QString& text);
    /// Closes the newest client's connection abruptly (the TCP connection goes away).
    void drop();
    /// A WebSocket ping frame to the newest client (Binance's keepalive).
    void ping();
    /// Answer every text "ping" with "pong" and every {"op":"ping"} like Bybit.
    void setAnswerPings(bool on) { m_answerPings = on; }
    /// Close each new connection right away (an exchange that refuses).
    void setRefuse(bool on) { m_refuse = on; }

private:
    QWebSocketServer* m_server = nullptr;
    QWebSocket* m_client = nullptr;
    QList<QWebSocket*> m_clients;
    QStringList m_requests;
    QStringList m_received;
    int m_connections = 0;
    int m_pongs = 0;
    bool m_answerPings = true;
    bool m_refuse = false;
};

}  // namespace liqheat::test
