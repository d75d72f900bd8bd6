#include "liqheat/live/instruments.h"

#include "liqheat/io/file_io.h"
#include "liqheat/live/exchange_api.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

namespace liqheat {
namespace {

using nlohmann::json;

Result<json> parseBody(const std::string& body, const std::string& where)
{
    json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return makeError(Error::Code::ParseError,
                         where + ": the response is not a JSON object (" + bodyExcerpt(body) + ")");
    }
    return doc;
}

std::string text(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// A decimal string or a number; 0 when absent or unreadable.
double decimal(const json& object, const char* key)
{
    const auto it = object.find(key);
    if (it == object.end()) {
        return 0.0;
    }
    if (it->is_number()) {
        return it->get<double>();
    }
    if (it->is_string()) {
        char* end = nullptr;
        const std::string s = it->get<std::string>();
        const double v = std::strtod(s.c_str(), &end);
        return end != s.c_str() ? v : 0.0;
    }
    return 0.0;
}

std::optional<Instrument> named(Exchange exchange, const std::string& exchangeSymbol)
{
    auto canonical = canonicalSymbol(exchangeSymbol);
    if (!canonical) {
        return std::nullopt;  // a quote liqheat does not read (e.g. a BTC-settled pair)
    }
    Instrument i;
    i.exchange = exchange;
    i.exchangeSymbol = exchangeSymbol;
    i.symbol = *canonical;
    return i;
}

}  // namespace

Result<std::vector<Instrument>> parseBinanceExchangeInfo(const std::string& body)
{
    auto doc = parseBody(body, "binance exchangeInfo");
    if (!doc) {
        return doc.error();
    }
    const auto symbols = doc->find("symbols");
    if (symbols == doc->end() || !symbols->is_array()) {
        return makeError(Error::Code::ParseError, "binance exchangeInfo: no \"symbols\" array");
    }
    std::vector<Instrument> out;
    for (const json& s : *symbols) {
        if (!s.is_object() || text(s, "contractType") != "PERPETUAL" || text(s, "status") != "TRADING") {
            continue;
        }
        auto i = named(Exchange::Binance, text(s, "symbol"));
        if (!i) {
            continue;
        }
        i->base = text(s, "baseAsset");
        i->quote = text(s, "quoteAsset");
        if (const auto filters = s.find("filters"); filters != s.end() && filters->is_array()) {
            for (const json& f : *filters) {
                if (text(f, "filterType") == "PRICE_FILTER") {
                    i->tickSize = decimal(f, "tickSize");
                } else if (text(f, "filterType") == "LOT_SIZE") {
                    i->minQuantity = decimal(f, "minQty");
                }
            }
        }
        out.push_back(std::move(*i));
    }
    return out;
}

Result<InstrumentPage> parseBybitInstruments(const std::string& body)
{
    auto doc = parseBody(body, "bybit instruments-info");
    if (!doc) {
        return doc.error();
    }
    const json& code = (*doc)["retCode"];
    if (!((code.is_number() && code.get<long long>() == 0) || (code.is_string() && code.get<std::string>() == "0"))) {
        return makeError(Error::Code::Network,
                         "bybit instruments-info: retCode " + code.dump() + " " + text(*doc, "retMsg"));
    }
    const json& result = (*doc)["result"];
    if (!result.is_object() || !result.contains("list") || !result["list"].is_array()) {
        return makeError(Error::Code::ParseError, "bybit instruments-info: no result.list array");
    }
    InstrumentPage page;
    page.nextCursor = text(result, "nextPageCursor");
    for (const json& s : result["list"]) {
        if (!s.is_object() || text(s, "contractType") != "LinearPerpetual" || text(s, "status") != "Trading") {
            continue;
        }
        auto i = named(Exchange::Bybit, text(s, "symbol"));
        if (!i) {
            continue;
        }
        i->base = text(s, "baseCoin");
        i->quote = text(s, "quoteCoin");
        if (s.contains("priceFilter")) {
            i->tickSize = decimal(s["priceFilter"], "tickSize");
        }
        if (s.contains("lotSizeFilter")) {
            i->minQuantity = decimal(s["lotSizeFilter"], "minOrderQty");
        }
        page.instruments.push_back(std::move(*i));
    }
    return page;
}

Result<std::vector<Instrument>> parseOkxInstruments(const std::string& body)
{
    auto doc = parseBody(body, "okx instruments");
    if (!doc) {
        return doc.error();
    }
    if (text(*doc, "code") != "0") {
        return makeError(Error::Code::Network, "okx instruments: code " + text(*doc, "code") + " " + text(*doc, "msg"));
    }
    const auto data = doc->find("data");
    if (data == doc->end() || !data->is_array()) {
        return makeError(Error::Code::ParseError, "okx instruments: no \"data\" array");
    }
    std::vector<Instrument> out;
    for (const json& s : *data) {
        if (!s.is_object() || text(s, "ctType") != "linear" || text(s, "state") != "live") {
            continue;
        }
        auto i = named(Exchange::Okx, text(s, "instId"));
        if (!i) {
            continue;
        }
        i->base = text(s, "ctValCcy");
        i->quote = text(s, "settleCcy");
        i->tickSize = decimal(s, "tickSz");
        i->contractValue = decimal(s, "ctVal") * (decimal(s, "ctMult") > 0.0 ? decimal(s, "ctMult") : 1.0);
        i->minQuantity = decimal(s, "minSz");
        out.push_back(std::move(*i));
    }
    return out;
}

Result<std::vector<Instrument>> fetchInstruments(Exchange exchange, HttpClient& http, const std::string& baseUrl)
{
    const auto get = [&](const std::string& path) -> Result<std::string> {
        auto response = http.get({baseUrl + path, {}, {}, {}});
        if (!response) {
            return makeError(response.error().code, toString(exchange) + " instruments: " + response.error().message);
        }
        return std::move(response->body);
    };
    switch (exchange) {
    case Exchange::Binance: {
        auto body = get("/fapi/v1/exchangeInfo");
        return body ? parseBinanceExchangeInfo(*body) : Result<std::vector<Instrument>>(body.error());
    }
    case Exchange::Okx: {
        auto body = get("/api/v5/public/instruments?instType=SWAP");
        return body ? parseOkxInstruments(*body) : Result<std::vector<Instrument>>(body.error());
    }
    case Exchange::Bybit: {
        std::vector<Instrument> all;
        std::string cursor;
        for (int page = 0; page < 50; ++page) {  // 1000 a page: far more than Bybit lists
            std::string path = "/v5/market/instruments-info?category=linear&limit=1000";
            if (!cursor.empty()) {
                path += "&cursor=" + cursor;  // already percent-encoded by Bybit
            }
            auto body = get(path);
            if (!body) {
                return body.error();
            }
            auto parsed = parseBybitInstruments(*body);
            if (!parsed) {
                return parsed.error();
            }
            all.insert(all.end(), parsed->instruments.begin(), parsed->instruments.end());
            if (parsed->nextCursor.empty() || parsed->nextCursor == cursor) {
                return all;
            }
            cursor = parsed->nextCursor;
        }
        return makeError(Error::Code::InvalidData, "bybit instruments: more than 50 pages");
    }
    }
    return invalidArgument("unknown exchange");
}

JsonFileInstrumentCache::JsonFileInstrumentCache(std::string directory) : m_directory(std::move(directory)) {}

std::optional<InstrumentList> JsonFileInstrumentCache::load(Exchange exchange)
{
    auto text = readFile(m_directory + "/" + toString(exchange) + ".json", std::size_t{32} << 20);
    if (!text) {
        return std::nullopt;
    }
    const json doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("instruments")) {
        return std::nullopt;  // a damaged cache is fetched again
    }
    InstrumentList list;
    try {
        list.fetchedAt = doc.value("fetched_at", TimeMs{0});
        for (const json& j : doc["instruments"]) {
            Instrument i;
            i.exchange = exchange;
            i.symbol = j.at("symbol").get<std::string>();
            i.exchangeSymbol = j.at("exchange_symbol").get<std::string>();
            i.base = j.value("base", std::string());
            i.quote = j.value("quote", std::string());
            i.tickSize = j.value("tick_size", 0.0);
            i.contractValue = j.value("contract_value", 1.0);
            i.minQuantity = j.value("min_quantity", 0.0);
            list.instruments.push_back(std::move(i));
        }
    } catch (const json::exception&) {
        return std::nullopt;
    }
    return list;
}

Status JsonFileInstrumentCache::save(Exchange exchange, const InstrumentList& list)
{
    std::error_code ec;
    std::filesystem::create_directories(m_directory, ec);
    json items = json::array();
    for (const Instrument& i : list.instruments) {
        items.push_back({{"symbol", i.symbol},
                         {"exchange_symbol", i.exchangeSymbol},
                         {"base", i.base},
                         {"quote", i.quote},
                         {"tick_size", i.tickSize},
                         {"contract_value", i.contractValue},
                         {"min_quantity", i.minQuantity}});
    }
    const json doc = {{"exchange", toString(exchange)}, {"fetched_at", list.fetchedAt}, {"instruments", items}};
    return writeFileAtomic(m_directory + "/" + toString(exchange) + ".json", doc.dump());
}

std::string defaultInstrumentCacheDirectory()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/') {
        return std::string(xdg) + "/liqheat/instruments";
    }
    const char* home = std::getenv("HOME");
    return std::string(home != nullptr ? home : ".") + "/.cache/liqheat/instruments";
}

Result<InstrumentList> instrumentsFor(Exchange exchange, InstrumentCache& cache,
                                      const std::function<Result<std::vector<Instrument>>()>& fetch, TimeMs now,
                                      TimeMs ttlMs, bool* stale)
{
    if (stale != nullptr) {
        *stale = false;
    }
    std::optional<InstrumentList> cached = cache.load(exchange);
    if (cached && now - cached->fetchedAt < ttlMs && !cached->instruments.empty()) {
        return *cached;
    }
    auto fetched = fetch();
    if (!fetched) {
        if (cached && !cached->instruments.empty()) {
            if (stale != nullptr) {
                *stale = true;
            }
            return *cached;
        }
        return fetched.error();
    }
    InstrumentList list{now, std::move(*fetched)};
    (void)cache.save(exchange, list);  // a cache that cannot be written only costs a fetch next time
    return list;
}

}  // namespace liqheat
