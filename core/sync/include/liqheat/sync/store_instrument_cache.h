#pragma once

// The exchanges' instrument lists kept in the local store, so the symbol picker's lists live
// beside the markets they name (one file to back up, one place to look).

#include "liqheat/live/instruments.h"
#include "liqheat/store/market_store.h"

#include <memory>
#include <mutex>
#include <string>

namespace liqheat {

/// An InstrumentCache over one store connection. Safe to share between threads (the symbol
/// picker loads each exchange on its own thread): one call at a time uses the connection.
class StoreInstrumentCache final : public InstrumentCache {
public:
    explicit StoreInstrumentCache(MarketStore store);
    /// The stored list; nullopt when none is stored or it cannot be read (it is fetched again).
    std::optional<InstrumentList> load(Exchange exchange) override;
    /// Replaces the exchange's stored list in one transaction.
    Status save(Exchange exchange, const InstrumentList& list) override;

private:
    std::mutex m_mutex;
    MarketStore m_store;
};

/// The cache the apps use: the store at `storePath` when it opens, else JSON files in
/// `fallbackDirectory` (a store that cannot be opened must not cost the picker its lists).
/// `note`, when given, is set to why the store was not used (empty when it was).
std::shared_ptr<InstrumentCache> openInstrumentCache(const std::string& storePath, const std::string& fallbackDirectory,
                                                     std::string* note = nullptr);

}  // namespace liqheat
