#include "archive_controller.h"

#include "thread_relay.h"

#include "liqheat/io/snapshot.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

namespace liqheat::ui {
namespace {

QString rowsSummary(const MarketData& d)
{
    return ArchiveController::tr("%1 candles, %2 open interest, %3 long/short, %4 funding rows")
        .arg(d.candles.size())
        .arg(d.openInterest.size())
        .arg(d.longShortRatio.size())
        .arg(d.fundingRate.size());
}

QStringList toStringList(const std::vector<std::string>& lines)
{
    QStringList out;
    for (const std::string& line : lines) {
        out << QString::fromStdString(line);
    }
    return out;
}

/// The estimator needs candles; the snapshot is written only when they are there.
Status writeResult(const MarketData& data, const QString& output)
{
    if (data.candles.empty()) {
        return makeError(Error::Code::InvalidData,
                         "no candles in what was read (the estimator needs open, high, low, close)");
    }
    Snapshot snapshot;
    snapshot.data = data;
    return writeSnapshot(snapshot, output.toStdString());
}

/// An archive file is named SYMBOL-kind-date.zip: the symbol when the files do not state one.
std::string symbolFromName(const QString& path)
{
    const QString base = QFileInfo(path).fileName();
    const auto dash = base.indexOf(QLatin1Char('-'));
    return dash > 0 ? base.left(dash).toUpper().toStdString() : std::string("UNKNOWN");
}

}  // namespace

ArchiveController::ArchiveController(QObject* parent)
    : QObject(parent), m_relay(std::make_shared<ThreadRelay>(this))
{
}

ArchiveController::~ArchiveController()
{
    m_relay->close();
    if (m_cancel) {
        m_cancel->cancel();
    }
}

void ArchiveController::cancel()
{
    if (m_cancel) {
        m_cancel->cancel();
    }
}

ArchiveController::Reporter ArchiveController::reporter()
{
    // Called on the worker thread; hops to the GUI thread, never once this controller is going
    // away (the relay is closed first in the destructor). Workers hold this, never `this`.
    return [relay = m_relay, self = this](int done, int total, const QString& message) {
        relay->post([self, done, total, message] { emit self->progress(done, total, message); });
    };
}

bool ArchiveController::startImport(const QStringList& files, const QString& output)
{
    std::vector<std::string> paths;
    for (const QString& f : files) {
        paths.push_back(f.toStdString());
    }
    const std::string fallbackSymbol = files.isEmpty() ? std::string() : symbolFromName(files.front());
    const QString what = files.size() == 1 ? QFileInfo(files.front()).fileName() : tr("%1 files").arg(files.size());
    return start(what, output,
                 [report = reporter(), paths, fallbackSymbol, output](const CancelToken& cancel) -> Result<Outcome> {
        const int total = static_cast<int>(paths.size());
        auto imported =
            importCsvDocuments(paths.size(),
                               [&](std::size_t index) -> Result<CsvDocument> {
                                   if (cancel.cancelled()) {
                                       return makeError(Error::Code::Cancelled, "import cancelled");
                                   }
                                   report(static_cast<int>(index), total, QString::fromStdString(paths[index]));
                                   auto document = readImportDocument(paths[index]);
                                   return document;
                               },
                               {});
        if (!imported) {
            return imported.error();
        }
        MarketData& data = imported->data;
        if (data.source.symbol.empty()) {
            data.source.symbol = fallbackSymbol;
        }
        if (data.source.exchanges.empty()) {
            data.source.exchanges = {"unknown"};
        }
        if (auto status = writeResult(data, output); !status) {
            return status.error();
        }
        report(total, total, ArchiveController::tr("Imported %1").arg(rowsSummary(data)));
        return Outcome{rowsSummary(data), toStringList(imported->warnings)};
    });
}

bool ArchiveController::startBackfill(const BackfillRequest& base, const QString& output)
{
    const QString what = QStringLiteral("%1 %2").arg(QString::fromStdString(base.span.symbol),
                                                     QString::fromStdString(base.span.interval));
    return start(what, output, [report = reporter(), base, output](const CancelToken& cancel) -> Result<Outcome> {
        BackfillRequest request = base;
        request.http.cancel = &cancel;
        request.onProgress = [report](const BackfillProgress& p) {
            report(static_cast<int>(p.done), static_cast<int>(p.total), QString::fromStdString(p.message));
        };
        auto result = backfillFromArchive(request);
        if (!result) {
            return result.error();
        }
        if (auto status = writeResult(result->imported.data, output); !status) {
            return status.error();
        }
        QStringList notes = toStringList(result->notes);
        notes << toStringList(result->imported.warnings);
        return Outcome{ArchiveController::tr("%1 archive files: %2").arg(result->filesRead).arg(rowsSummary(result->imported.data)),
                       notes};
    });
}

bool ArchiveController::start(const QString& what, const QString& output, Job job)
{
    if (m_cancel) {
        return false;
    }
    auto token = std::make_shared<CancelToken>();
    m_cancel = token;
    const int generation = ++m_generation;
    emit started(what);

    auto* watcher = new QFutureWatcher<Result<Outcome>>(this);
    connect(watcher, &QFutureWatcher<Result<Outcome>>::finished, this, [this, watcher, generation, token, output] {
        watcher->deleteLater();
        if (generation == m_generation) {
            m_cancel.reset();
        }
        Result<Outcome> outcome = watcher->future().takeResult();  // moved out, not copied
        if (!outcome) {
            const bool cancelled = outcome.error().code == Error::Code::Cancelled || token->cancelled();
            emit failed(
                cancelled ? tr("Cancelled; no file was written.") : QString::fromStdString(outcome.error().message),
                cancelled);
            return;
        }
        emit finished(output, outcome->summary, outcome->notes);
    });
    // The token lives in the lambda too, so it outlives every raw pointer to it.
    watcher->setFuture(QtConcurrent::run([job = std::move(job), token] { return job(*token); }));
    return true;
}

}  // namespace liqheat::ui
