#pragma once

#include "liqheat/live/fetch.h"

#include <QObject>
#include <QString>

#include <memory>
#include <string>

namespace liqheat::ui {

class ThreadRelay;

/// Runs live fetches off the GUI thread: one at a time, with progress and cancel. The result is
/// handed over whole, so a failed or cancelled fetch never touches the data on screen. With a
/// store path, each fetch goes through the local store (fetchThroughStore): only what the store
/// lacks is fetched, everything fetched is stored, and the result is the stored span.
class FetchController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FetchController)

public:
    explicit FetchController(QObject* parent = nullptr);
    ~FetchController() override;

    [[nodiscard]] bool isRunning() const { return m_cancel != nullptr; }
    /// Starts a fetch; refused (returns false) while one is running.
    bool start(const FetchRequest& request);
    void cancel();
    /// The local store to fetch through; empty: fetch without it.
    void setStorePath(const std::string& path) { m_storePath = path; }
    [[nodiscard]] const std::string& storePath() const { return m_storePath; }

signals:
    void started(const QString& what);
    void progress(int done, int total, const QString& message);
    void finished(std::shared_ptr<const liqheat::FetchResult> result);
    /// One line: what failed. `cancelled` when the user stopped it.
    void failed(const QString& message, bool cancelled);

private:
    std::shared_ptr<ThreadRelay> m_relay;
    std::shared_ptr<CancelToken> m_cancel;
    int m_generation = 0;
    std::string m_storePath;
};

}  // namespace liqheat::ui
