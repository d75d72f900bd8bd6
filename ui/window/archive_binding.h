#pragma once

#include "window/app_settings.h"

#include "liqheat/live/binance_archive.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QAction;
class QProgressDialog;
class QWidget;

namespace liqheat::ui {

class ArchiveController;

/// File > Import (CSV files and Binance archive zips) and File > Backfill from Binance Archive:
/// asks for the inputs and where to save the snapshot, runs the ArchiveController with a progress
/// dialog that can cancel, and asks the window to open the snapshot when it is written.
class ArchiveBinding final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArchiveBinding)

public:
    ArchiveBinding(QWidget* window, QAction* importFiles, QAction* backfill, QObject* parent);

    /// Without dialogs (the actions ask first, then call these; tests call them directly).
    bool runImport(const QStringList& files, const QString& output);
    bool runBackfill(const ArchiveSpan& span, const QString& output);

    [[nodiscard]] ArchiveController* controller() const { return m_controller; }

signals:
    void openRequested(const QString& snapshotPath);
    /// One line for the status bar.
    void message(const QString& text);

private:
    void askImport();
    void askBackfill();
    QString askOutput(const QString& title, const QString& baseName);
    void showProgress(const QString& title);
    void onFinished(const QString& output, const QString& summary, const QStringList& notes);
    void onFailed(const QString& text, bool cancelled);

    QWidget* m_window;
    ArchiveController* m_controller;
    QPointer<QProgressDialog> m_progress;
    QString m_title;
    AppSettings m_settings;
    Setting<QString> m_symbol{"archive/symbol", QStringLiteral("BTCUSDT")};
    Setting<QString> m_interval{"archive/interval", QStringLiteral("5m")};
    Setting<int> m_days{"archive/days", 30};
};

}  // namespace liqheat::ui
