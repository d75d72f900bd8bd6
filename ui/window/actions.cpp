#include "actions.h"

#include "liqheat/model/format.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>

namespace liqheat::ui {

QAction* Actions::make(const char* objectName, const QString& text, const QString& tip)
{
    auto* action = new QAction(text, this);
    action->setObjectName(QString::fromLatin1(objectName));
    if (!tip.isEmpty()) {
        action->setStatusTip(tip);
        action->setToolTip(tip);
    }
    return action;
}

Actions::Actions(QObject* parent) : QObject(parent)
{
    open = make("actionOpen", tr("&Open Snapshot..."), tr("Open a liqheat snapshot (.json or .json.gz)"));
    openSample =
        make("actionOpenSample", tr("Open Bundled &Sample"), tr("The real BTCUSDT sample shipped with liqheat"));
    clearRecent = make("actionClearRecent", tr("&Clear Recent Files"));
    importFiles = make("actionImport", tr("&Import CSV or Archive Files..."),
                       tr("Build a snapshot from CSV files or Binance archive zips (checked against their CHECKSUM)"));
    backfillArchive = make("actionBackfillArchive", tr("&Backfill from Binance Archive..."),
                           tr("Download klines, 5 min open interest, long/short ratios and funding for a span of "
                              "days from data.binance.vision into a snapshot"));
    saveAs =
        make("actionSaveAs", tr("Save Snapshot &As..."), tr("Save the data and model settings to a snapshot file"));
    exportPng = make("actionExportPng", tr("Export &PNG..."), tr("Save the chart as a PNG image"));
    exportGridCsv = make("actionExportGridCsv", tr("Export Heatmap &Grid CSV..."));
    exportMapCsv = make("actionExportMapCsv", tr("Export Liquidation &Map CSV..."));
    exportStoredSpan = make("actionExportStoredSpan", tr("Export &Stored Span..."),
                            tr("Write any span of the local store as a snapshot"));
    refresh = make("actionRefresh", tr("&Refresh Live Data"), tr("Fetch the data source's market now"));
    cancelFetch = make("actionCancelFetch", tr("&Cancel"), tr("Stop the running fetch, file load or estimate"));
    cancelFetch->setEnabled(false);
    quit = make("actionQuit", tr("&Quit"));

    resetView = make("actionResetView", tr("&Reset View"), tr("Back to the last three days around the price"));
    zoomIn = make("actionZoomIn", tr("Zoom &In"));
    zoomOut = make("actionZoomOut", tr("Zoom &Out"));
    showProfile = make("actionShowProfile", tr("Liquidation Map &Profile"));
    showProfile->setCheckable(true);
    showClusters = make("actionShowClusters", tr("Cluster &Outlines"));
    showClusters->setCheckable(true);
    showRealized = make("actionShowRealized", tr("&Realized Liquidations"),
                        tr("Bubbles where the snapshot's realized liquidations happened, sized by USD"));
    showRealized->setCheckable(true);
    realizedMinGroup = new QActionGroup(this);
    for (const double usd : {0.0, 1e6, 5e6, 10e6, 25e6}) {
        QAction* a = make(
            qPrintable(QStringLiteral("actionRealizedMin%1").arg(usd, 0, 'f', 0)),
            usd > 0.0 ? tr("At Least %1 USD").arg(QString::fromStdString(formatUsdCompact(usd))) : tr("All Sizes"));
        a->setCheckable(true);
        a->setData(usd);
        realizedMinGroup->addAction(a);
        realizedMin << a;
    }
    themeGroup = new QActionGroup(this);
    themeDark = make("actionThemeDark", tr("&Dark"));
    themeLight = make("actionThemeLight", tr("&Light"));
    for (QAction* a : {themeDark, themeLight}) {
        a->setCheckable(true);
        themeGroup->addAction(a);
    }

    aboutModel = make("actionAboutModel", tr("How the &Estimate Works"));
    about = make("actionAbout", tr("&About liqheat"));

    // All shortcuts, in one place; standard keys where the platform has one.
    open->setShortcut(QKeySequence::Open);
    // Ctrl+Shift+S everywhere: the platform's Save As key is missing on some desktops (plain X11, KDE).
    QList<QKeySequence> saveAsKeys = QKeySequence::keyBindings(QKeySequence::SaveAs);
    const QKeySequence ctrlShiftS(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    if (!saveAsKeys.contains(ctrlShiftS)) {
        saveAsKeys.prepend(ctrlShiftS);
    }
    saveAs->setShortcuts(saveAsKeys);
    exportPng->setShortcut(QKeySequence(tr("Ctrl+E")));
    quit->setShortcut(QKeySequence::Quit);
    refresh->setShortcut(QKeySequence::Refresh);
    cancelFetch->setShortcut(QKeySequence(Qt::Key_Escape));
    resetView->setShortcut(QKeySequence(tr("Ctrl+0")));
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    showProfile->setShortcut(QKeySequence(tr("Ctrl+M")));
    showClusters->setShortcut(QKeySequence(tr("Ctrl+L")));
    showRealized->setShortcut(QKeySequence(tr("Ctrl+B")));
    aboutModel->setShortcut(QKeySequence::HelpContents);
}

QMenu* Actions::populateMenuBar(QMenuBar* bar, const QList<QDockWidget*>& docks) const
{
    QMenu* file = bar->addMenu(tr("&File"));
    file->addAction(open);
    QMenu* recent = file->addMenu(tr("Open &Recent"));
    recent->setObjectName(QStringLiteral("menuRecent"));
    file->addAction(openSample);
    file->addSeparator();
    file->addAction(importFiles);
    file->addAction(backfillArchive);
    file->addSeparator();
    file->addAction(refresh);
    file->addAction(cancelFetch);
    file->addSeparator();
    file->addAction(saveAs);
    file->addSeparator();
    file->addAction(exportPng);
    QMenu* csv = file->addMenu(tr("Export &CSV"));
    csv->addAction(exportGridCsv);
    csv->addAction(exportMapCsv);
    file->addAction(exportStoredSpan);
    file->addSeparator();
    file->addAction(quit);

    QMenu* view = bar->addMenu(tr("&View"));
    view->addAction(resetView);
    view->addAction(zoomIn);
    view->addAction(zoomOut);
    view->addSeparator();
    view->addAction(showProfile);
    view->addAction(showClusters);
    view->addAction(showRealized);
    QMenu* minimum = view->addMenu(tr("Realized &Bubble Size"));
    minimum->addActions(realizedMin);
    view->addSeparator();
    for (QDockWidget* dock : docks) {
        view->addAction(dock->toggleViewAction());
    }
    QMenu* theme = view->addMenu(tr("&Theme"));
    theme->addAction(themeDark);
    theme->addAction(themeLight);

    QMenu* help = bar->addMenu(tr("&Help"));
    help->addAction(aboutModel);
    help->addAction(about);
    return recent;
}

}  // namespace liqheat::ui
