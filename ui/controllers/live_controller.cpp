#include "controllers/live_controller.h"

#include "controllers/document_controller.h"
#include "controllers/fetch_controller.h"
#include "controllers/stream_feed.h"

#include <QDateTime>
#include <QStringList>
#include <QTimer>

#include <algorithm>

namespace liqheat::ui {

LiveController::LiveController(DocumentController* document, QObject* parent)
    : QObject(parent),
      m_document(document),
      m_fetch(new FetchController(this)),
      m_streamFeed(new StreamFeed(document, this))
{
    m_autoRefresh = new QTimer(this);
    m_autoRefresh->setObjectName(QStringLiteral("autoRefreshTimer"));
    connect(m_autoRefresh, &QTimer::timeout, this, [this] {
        if (!m_fetch->isRunning()) {
            refresh(true);
        }
    });
    m_ageTick = new QTimer(this);
    m_ageTick->setInterval(1000);
    connect(m_ageTick, &QTimer::timeout, this, [this] { emit ageChanged(ageText()); });

    // Opening a file or the sample takes the document offline; a fetch is not a "load".
    connect(m_document, &DocumentController::loadStarted, this, [this] {
        m_documentIsLive = false;
        m_lastFetchMs = 0;
        m_ageTick->stop();
        m_streamFeed->stop();
        emit ageChanged({});
        if (m_state != State::Fetching) {
            setState(State::Offline);
        }
    });

    connect(m_fetch, &FetchController::started, this, &LiveController::started);
    connect(m_fetch, &FetchController::progress, this, &LiveController::progress);
    connect(m_fetch, &FetchController::finished, this, [this](std::shared_ptr<const FetchResult> result) {
        m_lastFetchMs = QDateTime::currentMSecsSinceEpoch();
        QStringList notes;
        for (const auto& note : result->notes) {
            notes << QString::fromStdString(note);
        }
        const bool append = m_currentIsAutomatic && m_documentIsLive;
        m_documentIsLive = true;
        setState(State::Live);
        m_document->setFetched(*result, append);
        // The market's realized liquidations arrive live from its exchanges' streams (all three
        // for a merged market, whose realized series sums them).
        m_streamFeed->follow(result->merged.source.exchanges, result->merged.source.symbol, m_fetch->storePath(),
                             m_okxBaseUrl);
        m_ageTick->start();
        emit ageChanged(ageText());
        emit fetched(notes.isEmpty() ? tr("%1 requests, complete.").arg(result->requests)
                                     : notes.join(QLatin1Char('\n')));
    });
    connect(m_fetch, &FetchController::failed, this, [this](const QString& message, bool cancelled) {
        setState(m_documentIsLive ? State::Live : State::Offline);
        emit failed(message, !cancelled && !m_currentIsAutomatic);
    });
}

void LiveController::refresh(bool automatic)
{
    if (!m_requestSource) {
        return;
    }
    FetchRequest request = m_requestSource();
    // An automatic refresh of live data fetches only what is new (plus a little overlap, so the
    // candle that was still forming is replaced); anything else fetches the whole span.
    const bool append =
        automatic && m_documentIsLive && m_document->hasData() && !m_document->snapshot().data.candles.empty();
    if (append) {
        const auto& data = m_document->snapshot().data;
        const TimeMs interval = std::max<TimeMs>(data.candleIntervalMs(), 60'000);
        const TimeMs now = QDateTime::currentMSecsSinceEpoch();
        request.spanMs = std::max<TimeMs>(now - data.candles.time.back() + 3 * interval, 3'600'000);
    }
    m_currentIsAutomatic = automatic;
    const auto okx = request.baseUrls.find("okx");
    m_okxBaseUrl = okx != request.baseUrls.end() ? okx->second : std::string();
    if (!m_fetch->start(request)) {
        emit failed(tr("A fetch is already running."), false);
        return;
    }
    setState(State::Fetching);
}

void LiveController::cancel() { m_fetch->cancel(); }

void LiveController::setAutoRefresh(bool on, int seconds)
{
    m_autoRefresh->setInterval(std::max(seconds, 5) * 1000);
    if (on) {
        m_autoRefresh->start();
    } else {
        m_autoRefresh->stop();
    }
}

QString LiveController::ageText() const { return ageText(QDateTime::currentMSecsSinceEpoch()); }

QString LiveController::ageText(qint64 nowMs) const
{
    if (m_lastFetchMs <= 0) {
        return {};
    }
    const qint64 seconds = std::max<qint64>(0, (nowMs - m_lastFetchMs) / 1000);
    const QString age =
        seconds < 120 ? tr("updated %1 s ago").arg(seconds) : tr("updated %1 min ago").arg(seconds / 60);
    return isStale(nowMs) ? tr("stale: %1").arg(age) : age;
}

bool LiveController::isStale() const { return isStale(QDateTime::currentMSecsSinceEpoch()); }

bool LiveController::isStale(qint64 nowMs) const
{
    if (m_lastFetchMs <= 0 || !m_documentIsLive || !m_document->hasData()) {
        return false;
    }
    const TimeMs interval = m_document->snapshot().data.candleIntervalMs();
    return interval > 0 && nowMs - m_lastFetchMs > 2 * interval;
}

void LiveController::setState(State state)
{
    if (state != m_state) {
        m_state = state;
        emit stateChanged(state);
    }
}

}  // namespace liqheat::ui
