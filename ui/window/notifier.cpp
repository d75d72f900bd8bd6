#include "window/notifier.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QSystemTrayIcon>
#include <QVariantMap>

namespace liqheat::ui {
namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

}  // namespace

bool DesktopNotifier::freedesktopAvailable()
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    return bus.isConnected() && bus.interface() != nullptr && bus.interface()->isServiceRegistered(kService).value();
}

DesktopNotifier::DesktopNotifier(QObject* parent) : m_dbus(freedesktopAvailable())
{
    if (!m_dbus && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), parent);
        m_tray->setToolTip(QStringLiteral("liqheat"));
        m_tray->show();
    }
}

DesktopNotifier::~DesktopNotifier() = default;  // the tray icon belongs to its parent

void DesktopNotifier::notify(const QString& title, const QString& body)
{
    if (m_dbus) {
        // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)
        QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
        call << QStringLiteral("liqheat") << 0u << QStringLiteral("liqheat") << title << body << QStringList()
             << QVariantMap() << -1;
        QDBusConnection::sessionBus().call(call, QDBus::NoBlock);
    } else if (m_tray != nullptr) {
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 10'000);
    }
}

QString DesktopNotifier::channel() const
{
    if (m_dbus) {
        return QStringLiteral("desktop notifications");
    }
    return m_tray != nullptr ? QStringLiteral("tray messages") : QStringLiteral("the alert log only");
}

}  // namespace liqheat::ui
