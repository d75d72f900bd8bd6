#pragma once

#include "liqheat/live/fetch.h"

#include <QObject>
#include <QString>

#include <functional>

class QTimer;

namespace liqheat::ui {

class DocumentController;
class FetchController;
class StreamFeed;

/// Live data for the open document: manual and automatic refreshes, whether what is on screen
/// is live or a file, and how old the last fetch is. An automatic refresh of live data fetches
/// only the new candles and extends the document; anything else replaces it. Errors of an
/// automatic refresh are quiet (status bar); a refresh the trader asked for reports loudly.
class LiveController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveController)

public:
    enum class State { Offline, Fetching, Live };

    LiveController(DocumentController* document, QObject* parent = nullptr);

    [[nodiscard]] State state() const { return m_state; }
    /// The document shows fetched data (not a file or the sample).
    [[nodiscard]] bool documentIsLive() const { return m_documentIsLive; }
    [[nodiscard]] FetchController& fetcher() { return *m_fetch; }
    /// The liquidation stream of the live market (one exchange): followed while the document is
    /// live, stopped when a file or the sample is opened.
    [[nodiscard]] StreamFeed& streamFeed() { return *m_streamFeed; }
    /// Where a refresh gets its exchange, symbol, interval and span (the data source dock).
    void setRequestSource(std::function<FetchRequest()> source) { m_requestSource = std::move(source); }

    /// Starts a refresh; `automatic` marks a timer tick. Refused while one runs.
    void refresh(bool automatic);
    void cancel();
    void setAutoRefresh(bool on, int seconds);
    /// "updated 12 s ago", "stale: updated 12 min ago" once stale, or empty before the first fetch.
    [[nodiscard]] QString ageText() const;
    /// The same at `nowMs` (ms since the epoch), so the wording can be checked without waiting.
    [[nodiscard]] QString ageText(qint64 nowMs) const;
    /// Live data is stale when the last fetch is older than two candle intervals of the document.
    [[nodiscard]] bool isStale() const;
    [[nodiscard]] bool isStale(qint64 nowMs) const;

signals:
    void stateChanged(liqheat::ui::LiveController::State state);
    void started(const QString& what);
    void progress(int done, int total, const QString& message);
    /// A fetch landed in the document; `summary` says what it brought.
    void fetched(const QString& summary);
    /// One line. `loud`: the trader asked for this refresh, so show a dialog.
    void failed(const QString& message, bool loud);
    /// Every second while there is live data, for the status bar's age (isStale() says how to show it).
    void ageChanged(const QString& text);

private:
    void setState(State state);

    DocumentController* m_document = nullptr;
    FetchController* m_fetch = nullptr;
    StreamFeed* m_streamFeed = nullptr;
    QTimer* m_autoRefresh = nullptr;
    QTimer* m_ageTick = nullptr;
    std::function<FetchRequest()> m_requestSource;
    std::string m_okxBaseUrl;  ///< the last fetch's, for the OKX stream's contract size
    State m_state = State::Offline;
    bool m_documentIsLive = false;
    bool m_currentIsAutomatic = false;
    qint64 m_lastFetchMs = 0;
};

}  // namespace liqheat::ui
