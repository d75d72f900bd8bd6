#include "liqheat/sync/store_instrument_cache.h"

namespace liqheat {

StoreInstrumentCache::StoreInstrumentCache(MarketStore store) : m_store(std::move(store)) {}

std::optional<InstrumentList> StoreInstrumentCache::load(Exchange exchange)
{
    const std::lock_guard lock(m_mutex);
    auto list = m_store.readInstrumentList(exchange);
    if (!list) {
        return std::nullopt;
    }
    return std::move(*list);
}

Status StoreInstrumentCache::save(Exchange exchange, const InstrumentList& list)
{
    const std::lock_guard lock(m_mutex);
    return m_store.writeInstrumentList(exchange, list);
}

std::shared_ptr<InstrumentCache> openInstrumentCache(const std::string& storePath, const std::string& fallbackDirectory,
                                                     std::string* note)
{
    std::string why = "no store";
    if (!storePath.empty()) {
        auto store = MarketStore::open(storePath);
        if (store) {
            if (note != nullptr) {
                note->clear();
            }
            return std::make_shared<StoreInstrumentCache>(std::move(*store));
        }
        why = store.error().message;
    }
    if (note != nullptr) {
        *note = why;
    }
    return std::make_shared<JsonFileInstrumentCache>(fallbackDirectory);
}

}  // namespace liqheat
