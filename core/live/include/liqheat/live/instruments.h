#pragma once

// The exchanges' instrument lists for the symbol picker: parsers of the recorded response
// formats, the fetch (Bybit pages with a cursor), and a cache behind an interface (the local
// store through StoreInstrumentCache in core/sync; JSON files in the user's cache directory when
// there is no store).

#include "liqheat/live/http_client.h"
#include "liqheat/model/exchange.h"
#include "liqheat/model/instrument.h"
#include "liqheat/model/result.h"
#include "liqheat/model/time.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// Binance GET /fapi/v1/exchangeInfo: the PERPETUAL symbols with status TRADING.
Result<std::vector<Instrument>> parseBinanceExchangeInfo(const std::string& body);

struct InstrumentPage {
    std::vector<Instrument> instruments;
    std::string nextCursor;  ///< empty on the last page
};
/// Bybit GET /v5/market/instruments-info?category=linear: the LinearPerpetual symbols with status
/// Trading, and the cursor of the next page.
Result<InstrumentPage> parseBybitInstruments(const std::string& body);

/// OKX GET /api/v5/public/instruments?instType=SWAP: the linear swaps in state live.
Result<std::vector<Instrument>> parseOkxInstruments(const std::string& body);

/// Fetches the whole list from `baseUrl` (every Bybit page).
Result<std::vector<Instrument>> fetchInstruments(Exchange exchange, HttpClient& http, const std::string& baseUrl);

/// Where fetched instrument lists are kept between runs.
class InstrumentCache {
public:
    virtual ~InstrumentCache() = default;
    virtual std::optional<InstrumentList> load(Exchange exchange) = 0;
    virtual Status save(Exchange exchange, const InstrumentList& list) = 0;
};

/// One JSON file per exchange in `directory` (e.g. ~/.cache/liqheat/instruments), written atomically.
class JsonFileInstrumentCache final : public InstrumentCache {
public:
    explicit JsonFileInstrumentCache(std::string directory);
    std::optional<InstrumentList> load(Exchange exchange) override;
    Status save(Exchange exchange, const InstrumentList& list) override;

private:
    std::string m_directory;
};

/// $XDG_CACHE_HOME/liqheat/instruments, else ~/.cache/liqheat/instruments.
std::string defaultInstrumentCacheDirectory();

/// The list of `exchange`: the cached one while younger than `ttlMs`, else fetched with `fetch`
/// and cached; a failed fetch falls back to an older cached list (`stale` tells).
Result<InstrumentList> instrumentsFor(Exchange exchange, InstrumentCache& cache,
                                      const std::function<Result<std::vector<Instrument>>()>& fetch, TimeMs now,
                                      TimeMs ttlMs = 86'400'000, bool* stale = nullptr);

}  // namespace liqheat
