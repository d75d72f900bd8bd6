#pragma once

#include "liqheat/live/binance_archive.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace liqheat::ui {

class ThreadRelay;

/// Builds snapshots off the GUI thread, one at a time, with progress and cancel: from CSV files
/// and Binance archive zips (File > Import), or from Binance's public data archive over HTTP
/// (File > Backfill). The snapshot is written atomically to the chosen path only when everything
/// worked, so a failed or cancelled run never replaces a file; the window then opens it.
class ArchiveController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArchiveController)

public:
    explicit ArchiveController(QObject* parent = nullptr);
    ~ArchiveController() override;

    [[nodiscard]] bool isRunning() const { return m_cancel != nullptr; }
    /// Refused (false) while a run is going on.
    bool startImport(const QStringList& files, const QString& output);
    bool startBackfill(const BackfillRequest& request, const QString& output);
    void cancel();

signals:
    void started(const QString& what);
    void progress(int done, int total, const QString& message);
    /// `summary`: one line of what was read; `notes`: gaps and warnings, one per line.
    void finished(const QString& output, const QString& summary, const QStringList& notes);
    /// One line: what failed. `cancelled` when the user stopped it.
    void failed(const QString& message, bool cancelled);

private:
    struct Outcome {
        QString summary;
        QStringList notes;
    };
    using Job = std::function<Result<Outcome>(const CancelToken& cancel)>;
    bool start(const QString& what, const QString& output, Job job);
    /// Progress from a worker thread to the GUI thread's `progress` signal.
    using Reporter = std::function<void(int done, int total, const QString& message)>;
    Reporter reporter();

    std::shared_ptr<ThreadRelay> m_relay;
    std::shared_ptr<CancelToken> m_cancel;
    int m_generation = 0;
};

}  // namespace liqheat::ui
