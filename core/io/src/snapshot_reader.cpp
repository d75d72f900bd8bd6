#include "byte_source.h"
#include "json_stream.h"
#include "liqheat/io/file_io.h"
#include "liqheat/io/snapshot.h"
#include "series_columns.h"
#include "snapshot_common.h"
#include "snapshot_settings.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

// The snapshot is read as it streams from the file or the inflater: the series arrays go straight
// into their vectors and only the small settings objects become json::Value. Every limit applies
// while reading, so a hostile document is refused at the value that breaks it.

namespace liqheat {
namespace {

using Json = json::Value;
using json::StreamLexer;

/// Values allowed in the settings ("format", "version", "created", "source", "model") together.
constexpr std::size_t kSettingsValueBudget = 100'000;

// Which list of keys an object is checked against once the minor version is known.
enum class KeySet { Root, Series, Candles, OpenInterest, Value, Liquidations };

Status rejectUnknown(KeySet set, const Json& keys, const std::string& path, int minor)
{
    using json::rejectUnknownKeys;
    switch (set) {
    case KeySet::Root:
        // "per_exchange" came with 1.1; in a 1.0 document it is as unknown as any other key.
        return minor >= 1
                   ? rejectUnknownKeys(keys, path,
                                       {"format", "version", "created", "source", "series", "model", "per_exchange"})
                   : rejectUnknownKeys(keys, path, {"format", "version", "created", "source", "series", "model"});
    case KeySet::Series:
        // The top-trader ratios came with 1.2; in an older document they are as unknown as any key.
        return minor >= 2 ? rejectUnknownKeys(keys, path,
                                              {"candles", "open_interest", "funding_rate", "long_short_ratio",
                                               "top_trader_account_ratio", "top_trader_position_ratio",
                                               "taker_buy_sell_ratio", "liquidations"})
                          : rejectUnknownKeys(keys, path,
                                              {"candles", "open_interest", "funding_rate", "long_short_ratio",
                                               "taker_buy_sell_ratio", "liquidations"});
    case KeySet::Candles: return rejectUnknownKeys(keys, path, {"time", "open", "high", "low", "close", "volume"});
    case KeySet::OpenInterest: return rejectUnknownKeys(keys, path, {"time", "base", "quote"});
    case KeySet::Value: return rejectUnknownKeys(keys, path, {"time", "value"});
    case KeySet::Liquidations: return rejectUnknownKeys(keys, path, {"time", "long_usd", "short_usd", "interval_ms"});
    }
    return {};
}

struct Column {
    const char* name;
    std::vector<double>* values;
    bool optional;
};

// One series object: its time column, value columns and the keys it may hold.
struct SeriesLayout {
    KeySet keys;
    std::vector<TimeMs>* time;
    std::vector<Column> columns;
    TimeMs* intervalMs = nullptr;  ///< liquidations only
};

class DocumentReader {
public:
    DocumentReader(ByteSource& source, const SnapshotLimits& limits) : m_lex(source), m_limits(limits) {}

    Result<Snapshot> read();

private:
    Error lexError() const { return m_lex.error(); }

    Status openObject(const std::string& path, std::size_t depth, bool& more);
    Status readSeries(const std::string& path, std::size_t depth, SeriesLayout layout);
    Status readMarket(const std::string& path, std::size_t depth, MarketData& data);
    Status readPerExchange(std::size_t depth);
    Status readSettingsValue(const std::string& key);
    Status checkKeys(KeySet set, Json keys, const std::string& path);
    Status finish(Snapshot& snapshot);

    StreamLexer m_lex;
    const SnapshotLimits& m_limits;
    SeriesColumnReader m_columns{m_lex, m_limits};
    std::optional<int> m_minor;  ///< known once "format" and "version" are read and accepted
    Json m_settings = Json::object();
    std::size_t m_settingsBudget = kSettingsValueBudget;
    bool m_hasSeries = false;
    struct Deferred {
        KeySet set;
        Json keys;
        std::string path;
    };
    std::vector<Deferred> m_deferredKeyChecks;
    std::optional<Error> m_deferredMissing;
    Snapshot m_snapshot;
};

// Checks now when the version is known, else once it is (the writer puts it first).
Status DocumentReader::checkKeys(KeySet set, Json keys, const std::string& path)
{
    if (!m_minor) {
        m_deferredKeyChecks.push_back({set, std::move(keys), path});
        return {};
    }
    if (*m_minor > kSnapshotMinorVersion) {
        return {};  // a newer minor version may add keys, and older readers skip them
    }
    return rejectUnknown(set, keys, path, *m_minor);
}

// Reads a key and its ':' inside an object; `keys` collects the names to catch duplicates.
#define LIQHEAT_READ_KEY(keys, path, key)                                                      \
    do {                                                                                       \
        if (m_lex.peek() != '"') {                                                             \
            if (!m_lex.failed()) {                                                             \
                m_lex.syntaxError("expected string literal");                                  \
            }                                                                                  \
            return lexError();                                                                 \
        }                                                                                      \
        if (!m_lex.readString(key)) {                                                          \
            return lexError();                                                                 \
        }                                                                                      \
        if ((keys).contains(key)) {                                                            \
            return makeError(Error::Code::ParseError,                                          \
                             ((path).empty() ? key : (path) + "." + key) + ": duplicate key"); \
        }                                                                                      \
        (keys)[key] = nullptr;                                                                 \
        if (!m_lex.expect(':')) {                                                              \
            return lexError();                                                                 \
        }                                                                                      \
    } while (false)

// Past the '{' of the object at `path` (checked to be one, and not nested too deep), with the
// lexer's context at `path`; `more` is false for an empty object, whose '}' is read too.
Status DocumentReader::openObject(const std::string& path, std::size_t depth, bool& more)
{
    if (m_lex.peek() != '{') {
        return m_lex.failed() ? lexError() : m_columns.wrongType(path, "an object");
    }
    if (depth >= json::kMaxDepth) {
        return makeError(Error::Code::ParseError, path + ": nested deeper than 32 levels");
    }
    m_lex.advance();
    m_lex.setContext(&path);
    more = m_lex.peek() != '}';
    if (!more) {
        m_lex.advance();
    }
    return {};
}

Status DocumentReader::readSeries(const std::string& path, std::size_t depth, SeriesLayout layout)
{
    bool more = false;
    if (auto s = openObject(path, depth, more); !s) {
        return s;
    }
    Json keys = Json::object();
    std::string key;
    m_columns.setSizeHint(0);
    while (more) {
        LIQHEAT_READ_KEY(keys, path, key);
        const std::string at = path + "." + key;
        const auto column = std::find_if(layout.columns.begin(), layout.columns.end(),
                                         [&key](const Column& c) { return key == c.name; });
        if (key == "time") {
            if (auto s = m_columns.readTimes(at, depth + 1, *layout.time); !s) {
                return s;
            }
            m_columns.setSizeHint(layout.time->size());
        } else if (column != layout.columns.end()) {
            if (auto s = m_columns.readNumbers(at, depth + 1, *column->values); !s) {
                return s;
            }
        } else if (layout.intervalMs != nullptr && key == "interval_ms") {
            Json value;
            std::size_t budget = 1;
            std::string where = at;
            if (!m_lex.readValue(&value, budget, depth + 1, where)) {
                return lexError();
            }
            auto ms = json::readInt64(value, at, "an integer number of milliseconds");
            if (!ms) {
                return ms.error();
            }
            if (*ms < 0) {
                return makeError(Error::Code::InvalidData, at + ": must not be negative");
            }
            *layout.intervalMs = *ms;
        } else if (auto s = m_columns.skipValue(at, depth + 1); !s) {
            return s;
        }
        m_lex.setContext(&path);
        if (!m_lex.separator('}', more)) {
            return lexError();
        }
    }
    if (auto s = checkKeys(layout.keys, keys, path); !s) {
        return s;
    }
    std::optional<Error> missing;
    if (!keys.contains("time")) {
        missing = makeError(Error::Code::ParseError, path + ": missing \"time\"");
    }
    for (const Column& column : layout.columns) {
        if (!missing && !column.optional && !keys.contains(column.name)) {
            missing = makeError(Error::Code::ParseError, path + ": missing \"" + column.name + "\"");
        }
    }
    if (missing && !m_minor) {
        // A misspelt column is named as an unknown key first, once the version says it is unknown.
        if (!m_deferredMissing) {
            m_deferredMissing = std::move(missing);
        }
        return {};
    }
    return missing ? Status{*missing} : Status{};
}

// The "series" object of one market ("series" itself or "per_exchange.<name>").
Status DocumentReader::readMarket(const std::string& path, std::size_t depth, MarketData& data)
{
    bool more = false;
    if (auto s = openObject(path, depth, more); !s) {
        return s;
    }
    Json keys = Json::object();
    std::string key;
    CandleSeries& c = data.candles;
    OpenInterestSeries& oi = data.openInterest;
    LiquidationSeries& liq = data.liquidations;
    const std::pair<const char*, ValueSeries*> valueSeries[] = {
        {"funding_rate", &data.fundingRate},
        {"long_short_ratio", &data.longShortRatio},
        {"top_trader_account_ratio", &data.topTraderAccountRatio},
        {"top_trader_position_ratio", &data.topTraderPositionRatio},
        {"taker_buy_sell_ratio", &data.takerBuySellRatio}};
    while (more) {
        LIQHEAT_READ_KEY(keys, path, key);
        const std::string at = path + "." + key;
        Status status;
        const auto value = std::find_if(std::begin(valueSeries), std::end(valueSeries),
                                        [&key](const auto& entry) { return key == entry.first; });
        // A 1.0 or 1.1 document does not hold the top-trader ratios: the key check names them.
        const bool topTrader = key.starts_with("top_trader");
        if (key == "candles") {
            status = readSeries(at, depth + 1,
                                {KeySet::Candles,
                                 &c.time,
                                 {{"open", &c.open, false},
                                  {"high", &c.high, false},
                                  {"low", &c.low, false},
                                  {"close", &c.close, false},
                                  {"volume", &c.volume, true}}});
        } else if (key == "open_interest") {
            status =
                readSeries(at, depth + 1,
                           {KeySet::OpenInterest, &oi.time, {{"base", &oi.base, true}, {"quote", &oi.quote, true}}});
        } else if (value != std::end(valueSeries) && (!topTrader || !m_minor || *m_minor >= 2)) {
            status = readSeries(at, depth + 1,
                                {KeySet::Value, &value->second->time, {{"value", &value->second->value, false}}});
        } else if (key == "liquidations") {
            status = readSeries(at, depth + 1,
                                {KeySet::Liquidations,
                                 &liq.time,
                                 {{"long_usd", &liq.longUsd, false}, {"short_usd", &liq.shortUsd, false}},
                                 &liq.intervalMs});
        } else {
            status = m_columns.skipValue(at, depth + 1);
        }
        if (!status) {
            return status;
        }
        m_lex.setContext(&path);
        if (!m_lex.separator('}', more)) {
            return lexError();
        }
    }
    return checkKeys(KeySet::Series, keys, path);
}

// "per_exchange": {"binance": {<series layout>}, ...}.
Status DocumentReader::readPerExchange(std::size_t depth)
{
    const std::string path = "per_exchange";
    bool more = false;
    if (auto s = openObject(path, depth, more); !s) {
        return s;
    }
    Json keys = Json::object();
    std::string key;
    while (more) {
        LIQHEAT_READ_KEY(keys, path, key);
        if (key.empty()) {
            return makeError(Error::Code::ParseError, "per_exchange: an exchange name is empty");
        }
        if (keys.size() > m_limits.maxExchanges) {
            return makeError(Error::Code::TooLarge,
                             "per_exchange: more than " + std::to_string(m_limits.maxExchanges) + " exchanges");
        }
        MarketData& data = m_snapshot.perExchange[key];
        data.source.exchanges = {key};
        if (auto s = readMarket(path + "." + key, depth + 1, data); !s) {
            return s;
        }
        m_lex.setContext(&path);
        if (!m_lex.separator('}', more)) {
            return lexError();
        }
    }
    return {};
}

Status DocumentReader::readSettingsValue(const std::string& key)
{
    std::string path = key;
    if (!m_lex.readValue(&m_settings[key], m_settingsBudget, 1, path)) {
        return lexError();
    }
    // The format and version decide how the rest is read; check them as soon as both are in.
    if (!m_minor && (key == "format" || key == "version")) {
        const auto format = m_settings.find("format");
        if (format != m_settings.end() && (!format->is_string() || *format != kSnapshotFormatName)) {
            int ignored = 0;
            return checkSnapshotFormatAndVersion(m_settings, ignored);
        }
        if (format != m_settings.end() && m_settings.contains("version")) {
            int minor = 0;
            if (auto s = checkSnapshotFormatAndVersion(m_settings, minor); !s) {
                return s;
            }
            m_minor = minor;
        }
    }
    return {};
}

Result<Snapshot> DocumentReader::read()
{
    const int first = m_lex.peek();
    if (first == StreamLexer::kFail) {
        return lexError();
    }
    if (first == StreamLexer::kEnd) {
        return makeError(Error::Code::ParseError, "document is empty");
    }
    if (first != '{') {
        // Read it whole (within the settings budget) so that syntax errors come first, as for any document.
        Json root;
        std::string path;
        if (!m_lex.readValue(&root, m_settingsBudget, 0, path)) {
            return lexError();
        }
        if (m_lex.peek() != StreamLexer::kEnd) {
            m_lex.syntaxError("unexpected data; expected end of input");
            return lexError();
        }
        return makeError(Error::Code::ParseError,
                         "not a liqheat snapshot: the document is " + json::typeName(root) + ", not an object");
    }
    m_lex.advance();
    const std::string rootPath;
    m_lex.setContext(&rootPath);
    Json keys = Json::object();
    std::string key;
    bool more = m_lex.peek() != '}';
    if (!more) {
        m_lex.advance();
    }
    while (more) {
        LIQHEAT_READ_KEY(keys, rootPath, key);
        Status status;
        if (key == "format" || key == "version" || key == "created" || key == "source" || key == "model") {
            status = readSettingsValue(key);
        } else if (key == "series") {
            m_hasSeries = true;
            status = readMarket("series", 1, m_snapshot.data);
        } else if (key == "per_exchange" && (!m_minor || *m_minor >= 1)) {
            status = readPerExchange(1);
        } else {
            status = m_columns.skipValue(key, 1);
        }
        if (!status) {
            return status.error();
        }
        m_lex.setContext(&rootPath);
        if (!m_lex.separator('}', more)) {
            return lexError();
        }
    }
    const int after = m_lex.peek();
    if (after == StreamLexer::kFail) {
        return lexError();
    }
    if (after != StreamLexer::kEnd) {
        m_lex.syntaxError("unexpected data; expected end of input");
        return lexError();
    }
    if (auto s = checkKeys(KeySet::Root, keys, ""); !s) {
        return s.error();
    }
    if (auto s = finish(m_snapshot); !s) {
        return s.error();
    }
    return std::move(m_snapshot);
}

// The checks that need the whole document: version, settings, and each market's consistency.
Status DocumentReader::finish(Snapshot& snapshot)
{
    int minor = 0;
    if (auto s = checkSnapshotFormatAndVersion(m_settings, minor); !s) {
        return s;
    }
    m_minor = minor;
    for (const Deferred& check : m_deferredKeyChecks) {
        if (auto s = checkKeys(check.set, check.keys, check.path); !s) {
            return s;
        }
    }
    if (m_deferredMissing) {
        return *m_deferredMissing;
    }
    if (const auto it = m_settings.find("created"); it != m_settings.end()) {
        auto created = json::readString(*it, "created");
        if (!created) {
            return created.error();
        }
        snapshot.createdUtc = std::move(*created);
    }
    if (const auto it = m_settings.find("source"); it != m_settings.end()) {
        if (auto s = readSnapshotSource(*it, snapshot.data.source, m_limits, minor); !s) {
            return s;
        }
    }
    if (!m_hasSeries) {
        return makeError(Error::Code::ParseError, "missing \"series\"");
    }
    if (auto s = validate(snapshot.data); !s) {
        // validate() names series as "candles row 3 (time)"; anchor them in the document.
        const bool isSource = s.error().message.starts_with("source.");
        return withPrefix(s.error(), isSource ? "" : "series.");
    }
    for (auto& [name, data] : snapshot.perExchange) {
        data.source.symbol = snapshot.data.source.symbol;
        data.source.intervalMs = snapshot.data.source.intervalMs;
        if (auto s = validate(data); !s) {
            return makeError(s.error().code, "per_exchange." + name + "." + s.error().message);
        }
    }
    if (const auto it = m_settings.find("model"); it != m_settings.end()) {
        if (auto s = readSnapshotModel(*it, snapshot.model, m_limits, minor); !s) {
            return s;
        }
    }
    return {};
}

#undef LIQHEAT_READ_KEY

Result<Snapshot> readStream(ByteSource& source, const SnapshotLimits& limits)
{
    DocumentReader reader(source, limits);
    return reader.read();
}

}  // namespace

Result<Snapshot> snapshotFromJson(const std::string& text, const SnapshotLimits& limits)
{
    if (text.size() > limits.maxBytes) {
        return makeError(Error::Code::TooLarge, "document is " + std::to_string(text.size()) +
                                                    " bytes, over the limit of " + std::to_string(limits.maxBytes));
    }
    MemorySource source(text);
    return readStream(source, limits);
}

Result<Snapshot> readSnapshotBytes(const std::string& bytes, const SnapshotLimits& limits)
{
    if (!isGzip(bytes)) {
        return snapshotFromJson(bytes, limits);
    }
    MemorySource compressed(bytes);
    GzipSource inflated(compressed, limits.maxBytes);
    return readStream(inflated, limits);
}

Result<Snapshot> readSnapshot(const std::string& path, const SnapshotLimits& limits, const ReadProgress& progress)
{
    FileSource file;
    file.setProgress(progress);
    auto result = [&]() -> Result<Snapshot> {
        if (auto s = file.open(path, limits.maxBytes); !s) {
            return s.error();
        }
        auto gzip = file.startsWithGzip();
        if (!gzip) {
            return gzip.error();
        }
        if (!*gzip) {
            return readStream(file, limits);
        }
        GzipSource inflated(file, limits.maxBytes);
        return readStream(inflated, limits);
    }();
    if (!result) {
        return withPrefix(result.error(), displayPath(path) + ": ");
    }
    return result;
}

}  // namespace liqheat
