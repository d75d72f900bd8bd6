#include "fetch_controller.h"

#include "thread_relay.h"

#include "liqheat/store/market_store.h"
#include "liqheat/sync/stored_fetch.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace liqheat::ui {
namespace {

/// Through the store when there is one. A store that cannot be opened does not stop the fetch:
/// it goes ahead without it and says so.
Result<FetchResult> fetchWithStore(const std::string& storePath, const FetchRequest& request,
                                   const FetchProgress& progress)
{
    if (storePath.empty()) {
        return fetchMarket(request, progress);
    }
    auto store = MarketStore::open(storePath);
    if (!store) {
        auto result = fetchMarket(request, progress);
        if (result) {
            result->notes.push_back("not stored: " + store.error().message);
        }
        return result;
    }
    auto stored = fetchThroughStore(*store, request, progress);
    if (!stored) {
        return stored.error();
    }
    FetchResult result = std::move(stored->fetch);
    if (!store->notice().empty()) {
        result.notes.insert(result.notes.begin(), store->notice());
    }
    return result;
}

}  // namespace

FetchController::FetchController(QObject* parent) : QObject(parent), m_relay(std::make_shared<ThreadRelay>(this)) {}

FetchController::~FetchController()
{
    m_relay->close();
    if (m_cancel) {
        m_cancel->cancel();
    }
}

bool FetchController::start(const FetchRequest& base)
{
    if (m_cancel) {
        return false;
    }
    auto token = std::make_shared<CancelToken>();
    m_cancel = token;
    const int generation = ++m_generation;
    FetchRequest request = base;
    request.cancel = token.get();
    emit started(QStringLiteral("%1 %2 %3")
                     .arg(QString::fromStdString(request.exchange), QString::fromStdString(request.symbol),
                          QString::fromStdString(request.interval)));

    // Progress arrives on worker threads; hop to the GUI thread, never once this controller is
    // going away (the relay is closed first in the destructor).
    FetchProgress onProgress = [relay = m_relay, self = this, token](int done, int total, const std::string& message) {
        const QString text = QString::fromStdString(message);
        relay->post([self, done, total, text] { emit self->progress(done, total, text); });
        return !token->cancelled();
    };

    using Job = Result<FetchResult>;
    auto* watcher = new QFutureWatcher<Job>(this);
    connect(watcher, &QFutureWatcher<Job>::finished, this, [this, watcher, generation, token] {
        watcher->deleteLater();
        if (generation == m_generation) {
            m_cancel.reset();
        }
        Job job = watcher->future().takeResult();  // moved out, not copied
        if (!job) {
            const bool cancelled = job.error().code == Error::Code::Cancelled || token->cancelled();
            emit failed(cancelled ? tr("Fetch cancelled; the data on screen is unchanged.")
                                  : QString::fromStdString(job.error().message),
                        cancelled);
            return;
        }
        emit finished(std::make_shared<const FetchResult>(std::move(job).value()));
    });
    // The token lives in the lambda too, so it outlives the request's raw pointer.
    watcher->setFuture(QtConcurrent::run([request, onProgress, token, storePath = m_storePath] {
        return fetchWithStore(storePath, request, onProgress);
    }));
    return true;
}

void FetchController::cancel()
{
    if (m_cancel) {
        m_cancel->cancel();
    }
}

}  // namespace liqheat::ui
