#pragma once

#include <QObject>
#include <QString>

#include <memory>

class QSystemTrayIcon;

namespace liqheat::ui {

/// Shows an alert to the trader outside the window.
class Notifier {
public:
    virtual ~Notifier() = default;
    virtual void notify(const QString& title, const QString& body) = 0;
    /// How it is delivered, e.g. "desktop notifications" or "tray messages".
    [[nodiscard]] virtual QString channel() const = 0;
};

/// The freedesktop notification service (org.freedesktop.Notifications on the session bus) when
/// it is there, else a tray icon's message balloon; with neither, nothing (the alert log stays).
class DesktopNotifier final : public Notifier {
public:
    explicit DesktopNotifier(QObject* parent);
    ~DesktopNotifier() override;
    DesktopNotifier(const DesktopNotifier&) = delete;
    DesktopNotifier& operator=(const DesktopNotifier&) = delete;

    void notify(const QString& title, const QString& body) override;
    [[nodiscard]] QString channel() const override;

    /// Whether the session bus offers org.freedesktop.Notifications.
    static bool freedesktopAvailable();

private:
    bool m_dbus = false;
    QSystemTrayIcon* m_tray = nullptr;
};

}  // namespace liqheat::ui
