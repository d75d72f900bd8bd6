#include "fake_stream_server.h"

#include <QHostAddress>
#include <QWebSocket>
#include <QWebSocketServer>

namespace liqheat::test {

FakeStreamServer::FakeStreamServer()
    : m_server(new QWebSocketServer(QStringLiteral("fake"), QWebSocketServer::NonSecureMode, this))
{
    m_server->listen(QHostAddress::LocalHost, 0);
    connect(m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket* socket = m_server->nextPendingConnection()) {
            ++m_connections;
            m_requests.append(socket->requestUrl().path() + (socket->requestUrl().hasQuery()
                                                                 ? QStringLiteral("?") + socket->requestUrl().query()
                                                                 : QString()));
            m_clients.append(socket);
            if (m_refuse) {
                socket->abort();
                continue;
            }
            m_client = socket;
            connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString& text) {
                m_received.append(text);
                if (!m_answerPings) {
                    return;
                }
                if (text == QStringLiteral("ping")) {
                    socket->sendTextMessage(QStringLiteral("pong"));
                } else if (text.contains(QStringLiteral("\"op\":\"ping\""))) {
                    socket->sendTextMessage(
                        QStringLiteral(R"({"success":true,"ret_msg":"pong","conn_id":"t","req_id":"","op":"ping"})"));
                }
            });
            connect(socket, &QWebSocket::pong, this, [this] { ++m_pongs; });
            connect(socket, &QWebSocket::disconnected, this, [this, socket] {
                if (m_client == socket) {
                    m_client = nullptr;
                }
            });
        }
    });
}

FakeStreamServer::~FakeStreamServer()
{
    // nextPendingConnection hands each socket's ownership to us: abort and delete them all.
    for (QWebSocket* socket : m_clients) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
    m_server->close();
}

QString FakeStreamServer::url() const { return QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()); }

bool FakeStreamServer::send(const QString& text)
{
    if (m_client == nullptr) {
        return false;
    }
    m_client->sendTextMessage(text);
    m_client->flush();
    return true;
}

void FakeStreamServer::drop()
{
    if (m_client != nullptr) {
        QWebSocket* client = m_client;
        m_client = nullptr;
        client->abort();
    }
}

void FakeStreamServer::ping()
{
    if (m_client != nullptr) {
        m_client->ping();
    }
}

}  // namespace liqheat::test
