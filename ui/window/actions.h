#pragma once

#include <QObject>

#include <QList>

class QAction;
class QActionGroup;
class QDockWidget;
class QMenu;
class QMenuBar;

namespace liqheat::ui {

/// Every application action, created and given its shortcut in one place. The main window puts
/// them in menus and connects them; tests find them by objectName.
class Actions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Actions)

public:
    explicit Actions(QObject* parent = nullptr);

    /// Lays the actions out in File, View and Help menus (with a toggle per dock); returns the
    /// empty "Open Recent" submenu the window fills.
    QMenu* populateMenuBar(QMenuBar* bar, const QList<QDockWidget*>& docks) const;

    QAction* open = nullptr;
    QAction* openSample = nullptr;
    QAction* clearRecent = nullptr;
    QAction* importFiles = nullptr;      ///< CSV files and Binance archive zips into a snapshot
    QAction* backfillArchive = nullptr;  ///< Binance's public data archive over HTTP into a snapshot
    QAction* saveAs = nullptr;
    QAction* exportPng = nullptr;
    QAction* exportGridCsv = nullptr;
    QAction* exportMapCsv = nullptr;
    QAction* exportStoredSpan = nullptr;
    QAction* refresh = nullptr;
    QAction* cancelFetch = nullptr;
    QAction* quit = nullptr;

    QAction* resetView = nullptr;
    QAction* zoomIn = nullptr;
    QAction* zoomOut = nullptr;
    QAction* showProfile = nullptr;
    QAction* showClusters = nullptr;
    QAction* showRealized = nullptr;
    /// Minimum size of the realized-liquidation bubbles; each action's data() is the USD amount.
    QActionGroup* realizedMinGroup = nullptr;
    QList<QAction*> realizedMin;
    QAction* themeDark = nullptr;
    QAction* themeLight = nullptr;
    QActionGroup* themeGroup = nullptr;

    QAction* aboutModel = nullptr;
    QAction* about = nullptr;

private:
    QAction* make(const char* objectName, const QString& text, const QString& tip = {});
};

}  // namespace liqheat::ui
