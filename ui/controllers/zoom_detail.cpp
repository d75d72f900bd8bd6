#include "zoom_detail.h"

#include "document_controller.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace liqheat::ui {
namespace {

constexpr int kDebounceMs = 200;

/// How many of `times` lie in [from, to].
std::size_t countWithin(const std::vector<TimeMs>& times, double from, double to)
{
    const auto first = std::lower_bound(times.begin(), times.end(), static_cast<TimeMs>(std::ceil(from)));
    const auto last = std::upper_bound(first, times.end(), static_cast<TimeMs>(std::floor(to)));
    return static_cast<std::size_t>(last - first);
}

}  // namespace

ZoomDetail::ZoomDetail(DocumentController* document, QObject* parent) : QObject(parent), m_document(document)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ZoomDetail::start);
    // New data or a new estimate: the detail refined the old one. The view is re-checked so a
    // zoomed chart gets detail of the new estimate.
    connect(document, &DocumentController::dataLoaded, this, &ZoomDetail::drop);
    connect(document, &DocumentController::estimateReady, this, [this] {
        drop();
        if (m_lastPixels > 0) {
            viewChanged(m_lastView.first, m_lastView.second, m_lastPixels);
        }
    });
}

ZoomDetail::~ZoomDetail()
{
    if (m_cancel) {
        *m_cancel = true;
    }
}

bool ZoomDetail::needsDetail(double fromMs, double toMs, int plotPixels) const
{
    const std::shared_ptr<const EstimateResult> base = m_document->sharedEstimate();
    if (!base || !m_document->hasData() || plotPixels <= 0) {
        return false;
    }
    const std::size_t candles = countWithin(m_document->snapshot().data.candles.time, fromMs, toMs);
    const std::size_t columns = countWithin(base->heatmap.columnTime, fromMs, toMs);
    const std::size_t wanted = std::min(candles, static_cast<std::size_t>(plotPixels));
    // Columns wider than two pixels while the candles could fill them in.
    return columns * 2 < wanted;
}

void ZoomDetail::viewChanged(double fromMs, double toMs, int plotPixels)
{
    m_lastView = {fromMs, toMs};
    m_lastPixels = plotPixels;
    if (!needsDetail(fromMs, toMs, plotPixels)) {
        m_debounce.stop();
        if (m_detail) {
            drop();
        }
        return;
    }
    if (m_detail && estimateFor(fromMs, toMs) == m_detail &&
        countWithin(m_detail->heatmap.columnTime, fromMs, toMs) * 2 >= static_cast<std::size_t>(plotPixels)) {
        return;  // the detail on hand covers this view finely enough
    }
    // Half the view's width either side: panning a little, or zooming out one step, needs no run.
    const double margin = (toMs - fromMs) / 2.0;
    m_wanted = {static_cast<TimeMs>(std::floor(fromMs - margin)), static_cast<TimeMs>(std::ceil(toMs + margin))};
    m_wantedColumns = plotPixels * 2;
    m_debounce.start();
}

std::shared_ptr<const EstimateResult> ZoomDetail::estimateFor(double fromMs, double toMs) const
{
    std::shared_ptr<const EstimateResult> base = m_document->sharedEstimate();
    if (m_detail && m_detailBase == base && static_cast<double>(m_detailSpan.first) <= fromMs &&
        toMs <= static_cast<double>(m_detailSpan.second)) {
        return m_detail;
    }
    return base;
}

void ZoomDetail::drop()
{
    m_debounce.stop();
    if (m_cancel) {
        *m_cancel = true;
        m_cancel.reset();
    }
    ++m_generation;
    const bool had = m_detail != nullptr;
    m_detail.reset();
    m_detailBase.reset();
    if (had) {
        emit detailChanged();
    }
}

void ZoomDetail::start()
{
    std::shared_ptr<const EstimateResult> base = m_document->sharedEstimate();
    std::shared_ptr<const MarketData> data = m_document->sharedData();
    if (!base || !data) {
        return;
    }
    if (m_cancel) {
        *m_cancel = true;
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    const int generation = ++m_generation;
    EstimateOptions options = DocumentController::screenOptions(m_document->estimateModel(), m_document->layers());
    options.maxColumns = static_cast<std::size_t>(std::max(m_wantedColumns, 1));
    options.columnSpan = m_wanted;
    options.progress = [cancel](std::size_t, std::size_t) { return !*cancel; };
    const std::pair<TimeMs, TimeMs> span = m_wanted;

    using Job = Result<EstimateResult>;
    auto* watcher = new QFutureWatcher<std::shared_ptr<Job>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Job>>::finished, this, [this, watcher, generation, base, span] {
        watcher->deleteLater();
        if (generation != m_generation) {
            return;  // dropped or superseded
        }
        m_cancel.reset();
        const std::shared_ptr<Job> job = watcher->result();
        if (!*job || m_document->sharedEstimate() != base) {
            return;  // a failed detail run leaves the coarse columns, which are still right
        }
        m_detail = std::make_shared<const EstimateResult>(std::move(*job).value());
        m_detailBase = base;
        m_detailSpan = span;
        emit detailChanged();
    });
    watcher->setFuture(QtConcurrent::run([data, model = m_document->estimateModel(), options] {
        return std::make_shared<Job>(liqheat::estimate(*data, model, options));
    }));
}

}  // namespace liqheat::ui
