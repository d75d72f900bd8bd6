#include "document_controller.h"

#include "thread_relay.h"

#include "liqheat/io/file_io.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>
#include <iterator>

namespace liqheat::ui {
namespace {

/// What the estimate worker hands back.
struct EstimateJob {
    std::shared_ptr<const EstimateResult> result;
    std::vector<Cluster> clusters;
    std::vector<Cluster> layerClusters;
    std::optional<CalibrationReport> calibration;
    QString calibrationNote;
    std::optional<SignalReport> signalReport;
    QString signalError;
    QString error;
    ModelSettings model;
    bool cancelled = false;
    bool incremental = false;
};

}  // namespace

DocumentController::DocumentController(QObject* parent)
    : QObject(parent), m_relay(std::make_shared<ThreadRelay>(this))
{
}

DocumentController::~DocumentController()
{
    m_relay->close();  // before anything else: workers may be reporting progress right now
    if (m_cancelEstimate) {
        *m_cancelEstimate = true;
    }
    if (m_cancelLoad) {
        *m_cancelLoad = true;
    }
}

void DocumentController::cancelWork()
{
    if (m_cancelLoad) {
        *m_cancelLoad = true;
    }
    if (m_cancelEstimate) {
        *m_cancelEstimate = true;
    }
}

std::function<bool(std::size_t, std::size_t)> DocumentController::progressReporter(
    const QString& what, std::shared_ptr<std::atomic<bool>> cancel)
{
    auto lastPercent = std::make_shared<std::atomic<int>>(-1);
    return [this, relay = m_relay, what, cancel = std::move(cancel), lastPercent](std::size_t done,
                                                                                   std::size_t total) {
        if (total > 0) {
            const int percent = static_cast<int>(std::min<std::size_t>(100, done * 100 / total));
            if (lastPercent->exchange(percent) != percent) {
                // Queued to the GUI thread; never posted once the controller is going away.
                relay->post([this, what, percent] { emit workProgress(what, percent); });
            }
        }
        return !cancel->load();
    };
}

QString DocumentController::bundledSamplePath() { return QStringLiteral(":/liqheat/sample/btcusdt-5m-sample.json.gz"); }

void DocumentController::openBundledSample()
{
    QFile file(bundledSamplePath());
    if (!file.open(QIODevice::ReadOnly)) {
        emit errorOccurred(tr("Could not open the sample"), tr("The bundled sample is missing from this build."));
        return;
    }
    openBytes(file.readAll(), tr("Bundled sample: BTCUSDT 5m (Binance)"));
}

void DocumentController::openFile(const QString& path)
{
    // File names are bytes: encodeName gives back the ones the dialog or the drop decoded.
    const std::string local = QFile::encodeName(QFileInfo(path).absoluteFilePath()).toStdString();
    // A FIFO, device or directory is refused here, before any thread could block reading it.
    if (const Status status = checkRegularFile(local); !status) {
        emit errorOccurred(tr("Could not open the file"), QString::fromStdString(status.error().message));
        return;
    }
    startLoad([local](const ReadProgress& progress) { return readSnapshot(local, {}, progress); },
              QFileInfo(path).absoluteFilePath(), QFileInfo(path).fileName());
}

void DocumentController::openBytes(const QByteArray& bytes, const QString& displayName)
{
    std::string copy(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    startLoad([copy = std::move(copy)](const ReadProgress&) { return readSnapshotBytes(copy); }, QString(),
              displayName);
}

void DocumentController::startLoad(std::function<Result<Snapshot>(const ReadProgress&)> reader, const QString& path,
                                   const QString& name)
{
    if (m_cancelLoad) {
        *m_cancelLoad = true;  // the running one is stale now
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancelLoad = cancel;
    const int generation = ++m_loadGeneration;
    setBusyDelta(m_pendingLoads, +1);
    emit loadStarted(name);
    auto* watcher = new QFutureWatcher<Result<Snapshot>>(this);
    connect(watcher, &QFutureWatcher<Result<Snapshot>>::finished, this, [this, watcher, generation, path, name] {
        watcher->deleteLater();
        setBusyDelta(m_pendingLoads, -1);
        if (generation != m_loadGeneration) {
            return;  // a newer open superseded this one
        }
        Result<Snapshot> result = watcher->future().takeResult();  // moved out, not copied
        if (!result) {
            if (result.error().code == Error::Code::Cancelled) {
                emit workCancelled(tr("Loading %1").arg(name));
                return;
            }
            emit errorOccurred(tr("Could not open the file"), QString::fromStdString(result.error().message));
            return;
        }
        auto snapshot = std::make_shared<Snapshot>(std::move(result).value());
        if (m_useSnapshotModel) {
            m_model = snapshot->model;
        }
        m_snapshot = std::move(snapshot);
        clearDerived();
        m_filePath = path;
        m_displayName = name;
        emit dataLoaded();
        startEstimate();
    });
    watcher->setFuture(QtConcurrent::run(
        [reader = std::move(reader), progress = progressReporter(tr("Reading"), cancel)]() -> Result<Snapshot> {
            // The reader reports errors as results; anything thrown past it would otherwise be
            // rethrown by result() on the GUI thread and end the program.
            try {
                return reader(progress);
            } catch (const std::exception& e) {
                return makeError(Error::Code::ParseError, std::string("internal error while reading: ") + e.what());
            }
        }));
}

void DocumentController::setFetched(const FetchResult& result, bool append)
{
    auto snapshot = std::make_shared<Snapshot>();
    const bool extend = append && m_snapshot && m_snapshot->data.source.symbol == result.merged.source.symbol &&
                        m_snapshot->data.source.exchanges == result.merged.source.exchanges;
    if (extend) {
        *snapshot = *m_snapshot;
        snapshot->data = appendNewer(m_snapshot->data, result.merged);
        for (const auto& [name, data] : result.perExchange) {
            const auto it = m_snapshot->perExchange.find(name);
            snapshot->perExchange[name] = it == m_snapshot->perExchange.end() ? data : appendNewer(it->second, data);
        }
    } else {
        snapshot->data = result.merged;
        snapshot->perExchange = result.perExchange;
    }
    snapshot->model = m_model;
    if (auto status = validate(snapshot->data); !status) {
        emit errorOccurred(tr("Fetched data rejected"), QString::fromStdString(status.error().message));
        return;
    }
    // The estimate of the data just extended can be continued rather than redone, if it is
    // for the same model (a model change may still be estimating).
    std::shared_ptr<const EstimateResult> previous;
    if (extend && m_estimate && m_estimateModel == m_model) {
        previous = m_estimate;
    }
    m_snapshot = std::move(snapshot);
    clearDerived();
    m_filePath.clear();
    const auto& source = m_snapshot->data.source;
    QStringList exchanges;
    for (const auto& e : source.exchanges) {
        exchanges << QString::fromStdString(e);
    }
    m_displayName = tr("Live: %1 %2 %3")
                        .arg(exchanges.join(QLatin1Char('+')), QString::fromStdString(source.symbol),
                             QString::fromStdString(formatInterval(m_snapshot->data.candleIntervalMs())));
    emit dataLoaded();
    startEstimate(std::move(previous));
}

void DocumentController::addRealizedOrders(const std::vector<LiquidationOrder>& orders)
{
    if (!m_snapshot) {
        return;
    }
    const auto& source = m_snapshot->data.source;
    std::vector<LiquidationOrder> mine;
    for (const LiquidationOrder& order : orders) {
        const std::string exchange = toString(order.exchange);
        if (order.symbol == source.symbol &&
            std::find(source.exchanges.begin(), source.exchanges.end(), exchange) != source.exchanges.end()) {
            mine.push_back(order);
        }
    }
    if (mine.empty()) {
        return;
    }
    auto snapshot = std::make_shared<Snapshot>(*m_snapshot);
    const TimeMs interval = snapshot->data.candleIntervalMs();
    snapshot->data.liquidations = addOrders(snapshot->data.liquidations, mine, interval);
    for (auto& [name, data] : snapshot->perExchange) {
        std::vector<LiquidationOrder> ofExchange;
        std::copy_if(mine.begin(), mine.end(), std::back_inserter(ofExchange),
                     [&name](const LiquidationOrder& order) { return toString(order.exchange) == name; });
        if (!ofExchange.empty()) {
            data.liquidations = addOrders(data.liquidations, ofExchange, interval);
        }
    }
    if (auto status = validate(snapshot->data); !status) {
        emit errorOccurred(tr("Streamed liquidations rejected"), QString::fromStdString(status.error().message));
        return;
    }
    std::shared_ptr<const EstimateResult> previous;
    if (m_estimate && m_estimateModel == m_model) {
        previous = m_estimate;
    }
    m_snapshot = std::move(snapshot);
    clearDerived();
    emit dataLoaded();
    startEstimate(std::move(previous));
}

void DocumentController::setModel(const ModelSettings& model)
{
    if (!validate(model)) {
        emit errorOccurred(tr("Model settings rejected"), QString::fromStdString(validate(model).error().message));
        return;
    }
    if (model == m_model && m_estimate) {
        return;
    }
    m_model = model;
    if (m_snapshot) {
        startEstimate();
    }
}

void DocumentController::startEstimate(std::shared_ptr<const EstimateResult> previous)
{
    if (m_cancelEstimate) {
        *m_cancelEstimate = true;  // the running one is stale now
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancelEstimate = cancel;
    const int generation = ++m_estimateGeneration;
    setBusyDelta(m_pendingEstimates, +1);

    auto* watcher = new QFutureWatcher<EstimateJob>(this);
    connect(watcher, &QFutureWatcher<EstimateJob>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        setBusyDelta(m_pendingEstimates, -1);
        EstimateJob job = watcher->future().takeResult();  // moved out: a heatmap can be 80 MB
        if (job.cancelled && generation == m_estimateGeneration) {
            emit workCancelled(tr("Estimating"));  // cancelled by the trader, not superseded
        }
        if (generation != m_estimateGeneration || job.cancelled) {
            return;
        }
        if (!job.error.isEmpty()) {
            emit errorOccurred(tr("Estimate failed"), job.error);
            return;
        }
        m_estimate = std::move(job.result);
        m_estimateModel = std::move(job.model);
        m_estimateIncremental = job.incremental;
        m_clusters = std::move(job.clusters);
        m_layerClusters = std::move(job.layerClusters);
        m_calibration = std::move(job.calibration);
        m_calibrationNote = std::move(job.calibrationNote);
        m_signals = std::move(job.signalReport);
        m_signalError = std::move(job.signalError);
        emit estimateReady();
    });
    watcher->setFuture(QtConcurrent::run([snapshot = m_snapshot, model = m_model, cancel, previous, layers = m_layers,
                                          progress = progressReporter(tr("Estimating"), cancel)] {
        EstimateJob job;
        job.model = model;
        EstimateOptions options = screenOptions(model, layers);
        options.progress = progress;
        // Falls back to a full estimate itself when the previous one cannot be continued exactly.
        auto result = previous
                          ? liqheat::estimateIncremental(snapshot->data, model, *previous, options, &job.incremental)
                          : liqheat::estimate(snapshot->data, model, options);
        if (!result) {
            job.cancelled = result.error().code == Error::Code::Cancelled;
            job.error = QString::fromStdString(result.error().message);
            return job;
        }
        job.clusters = findClusters(result->map);
        if (result->visibleMap) {
            job.layerClusters = findClusters(*result->visibleMap);
        }
        if (auto report = signalsFor(snapshot->data, *result, job.clusters)) {
            job.signalReport = std::move(report).value();
        } else {
            job.signalError = QString::fromStdString(report.error().message);
        }
        if (snapshot->data.liquidations.empty()) {
            job.calibrationNote = tr("Realized liquidations: not in this snapshot, so the estimate cannot be scored.");
        } else if (auto report = calibrate(snapshot->data, result->sweep)) {
            job.calibration = std::move(report).value();
        } else {
            job.calibrationNote =
                tr("Cannot score the estimate: %1").arg(QString::fromStdString(report.error().message));
        }
        job.result = std::make_shared<const EstimateResult>(std::move(result).value());
        return job;
    }));
}

EstimateOptions DocumentController::screenOptions(const ModelSettings& model,
                                                  const std::optional<std::vector<bool>>& layers)
{
    EstimateOptions options;
    // Enough columns for a 4K screen at one pixel per column; more would only cost memory.
    options.maxColumns = 8192;
    // A layer set made for other tiers (the model changed under it) is not applied.
    if (layers && layers->size() == model.effectiveTiers().size()) {
        options.visibleTiers = layers;
    }
    return options;
}

void DocumentController::requestPlan(const TradeRequest& request)
{
    if (!m_estimate) {
        return;  // planned again when the estimate is ready
    }
    const int generation = ++m_planGeneration;
    using Planned = std::pair<TradeRequest, Result<TradePlan>>;
    auto* watcher = new QFutureWatcher<Planned>(this);
    connect(watcher, &QFutureWatcher<Planned>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_planGeneration) {
            return;  // the trader changed the inputs since
        }
        const Planned planned = watcher->result();
        if (planned.second) {
            emit planReady(planned.first, *planned.second);
        } else {
            emit planFailed(planned.first, QString::fromStdString(planned.second.error().message));
        }
    });
    watcher->setFuture(
        QtConcurrent::run([snapshot = m_snapshot, estimate = m_estimate, clusters = m_clusters, request]() -> Planned {
            return {request, planTrade(estimate->map, clusters, snapshot->data.candles, request)};
        }));
}

void DocumentController::requestCascade(const CascadeOptions& options)
{
    if (!m_estimate) {
        emit cascadeFailed(tr("No estimate yet."));
        return;
    }
    const int generation = ++m_cascadeGeneration;
    auto* watcher = new QFutureWatcher<Result<CascadeResult>>(this);
    connect(watcher, &QFutureWatcher<Result<CascadeResult>>::finished, this, [this, watcher, generation, options] {
        watcher->deleteLater();
        if (generation != m_cascadeGeneration) {
            return;
        }
        const Result<CascadeResult> result = watcher->result();
        if (result) {
            emit cascadeReady(options, *result);
        } else {
            emit cascadeFailed(QString::fromStdString(result.error().message));
        }
    });
    watcher->setFuture(
        QtConcurrent::run([estimate = m_estimate, options] { return simulateCascade(estimate->map, options); }));
}

void DocumentController::setLayers(const std::optional<std::vector<bool>>& layers)
{
    if (layers == m_layers) {
        return;
    }
    m_layers = layers;
    if (m_snapshot) {
        startEstimate();
    }
}

void DocumentController::clearDerived()
{
    m_estimate.reset();
    m_clusters.clear();
    m_layerClusters.clear();
    m_calibration.reset();
    m_calibrationNote.clear();
    m_signals.reset();
    m_signalError.clear();
    ++m_planGeneration;
    ++m_cascadeGeneration;
}

QString DocumentController::saveAs(const QString& path)
{
    if (!m_snapshot) {
        return tr("Nothing to save: no data is loaded.");
    }
    Snapshot copy = *m_snapshot;
    copy.model = m_model;
    copy.createdUtc.clear();
    const auto status = writeSnapshot(copy, QFile::encodeName(path).toStdString());
    if (!status) {
        return QString::fromStdString(status.error().message);
    }
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_displayName = QFileInfo(path).fileName();
    return {};
}

void DocumentController::setBusyDelta(int& counter, int delta)
{
    const bool before = isBusy();
    counter += delta;
    if (before != isBusy()) {
        emit busyChanged(isBusy());
    }
}

}  // namespace liqheat::ui
