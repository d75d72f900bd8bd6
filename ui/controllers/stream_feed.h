#pragma once

#include "liqheat/live/stream_messages.h"

#include <QObject>
#include <QString>

#include <memory>
#include <string>
#include <vector>

class QTimer;

namespace liqheat {
class MarketStore;
}  // namespace liqheat
namespace liqheat::stream {
class LiquidationStream;
}  // namespace liqheat::stream

namespace liqheat::ui {

class DocumentController;

/// The realized liquidations of the open live market, as they happen: the liquidation stream of
/// each of its exchanges (one, or all three for a merged market) for its symbol, whose orders go
/// (once a second, in a batch) to the document controller (addRealizedOrders: chart bubbles,
/// liquidations pane, Model Skill) and to the local store.
class StreamFeed final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamFeed)

public:
    explicit StreamFeed(DocumentController* document, QObject* parent = nullptr);
    ~StreamFeed() override;

    /// Follows the streams of `exchanges` for `symbol` (a no-op when already following them);
    /// OKX first fetches the contract size in the background, from `okxBaseUrl` when given (the
    /// fetch's own base URL), else as fetches resolve it. `storePath` empty: nothing is stored.
    void follow(const std::vector<std::string>& exchanges, const std::string& symbol, const std::string& storePath,
                const std::string& okxBaseUrl = {});
    void stop();
    /// "binance stream: connected", "... reconnecting in 4 s", each stream's joined by " · ";
    /// empty when not following.
    [[nodiscard]] QString stateText() const;
    [[nodiscard]] std::size_t ordersReceived() const { return m_received; }

signals:
    void stateChanged(const QString& text);
    void problem(const QString& message);

private:
    void followOne(Exchange exchange, const std::string& symbol, const std::string& okxBaseUrl);
    void startStream(Exchange exchange, const std::string& symbol, const ContractSizes& sizes);
    void flush();

    DocumentController* m_document = nullptr;
    std::vector<std::unique_ptr<stream::LiquidationStream>> m_streams;
    QTimer* m_batch = nullptr;
    QTimer* m_tick = nullptr;
    std::vector<LiquidationOrder> m_pending;
    std::string m_following;  ///< "exchange,exchange/symbol"
    std::string m_storePath;
    std::unique_ptr<MarketStore> m_store;  ///< opened at the first batch
    std::size_t m_received = 0;
    int m_generation = 0;
};

}  // namespace liqheat::ui
