#include "liqheat/io/snapshot.h"

#include "liqheat/io/file_io.h"
#include "liqheat/io/json_reader.h"
#include "snapshot_common.h"
#include "strict_json_parser.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

namespace liqheat {
namespace {

using Json = json::Value;
using json::wrongType;

// Hands a read value to `out`, so that reading an optional field takes one statement.
template <typename T, typename Out>
Status assign(Result<T> read, Out& out)
{
    if (!read) {
        return read.error();
    }
    out = std::move(*read);
    return {};
}

class Reader {
public:
    Reader(const SnapshotLimits& limits, int minor)
        : m_limits(limits), m_strictKeys(minor <= kSnapshotMinorVersion), m_minor(minor)
    {}

    // Unknown keys are typos in a document of a version we fully know; a newer minor version may
    // add keys, and older readers skip them.
    Status checkKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> known) const
    {
        if (!m_strictKeys) {
            return {};
        }
        return json::rejectUnknownKeys(object, path, known);
    }

    Status checkRows(const Json& array, const std::string& path) const
    {
        if (array.size() > m_limits.maxRowsPerSeries) {
            return makeError(Error::Code::TooLarge, path + ": " + std::to_string(array.size()) +
                                                        " rows exceed the limit of " +
                                                        std::to_string(m_limits.maxRowsPerSeries) + " per series");
        }
        return {};
    }

    Status readNumbers(const Json& array, const std::string& path, std::vector<double>& out) const
    {
        if (!array.is_array()) {
            return wrongType(path, "an array of numbers", array);
        }
        if (auto s = checkRows(array, path); !s) {
            return s;
        }
        out.clear();
        out.reserve(array.size());
        for (std::size_t i = 0; i < array.size(); ++i) {
            const Json& value = array[i];
            const std::string at = path + "[" + std::to_string(i) + "]";
            if (value.is_null()) {
                // nlohmann writes NaN and infinity as null, so null is how they arrive here.
                return makeError(Error::Code::InvalidData, at + ": not a finite number (null)");
            }
            auto number = json::readFiniteNumber(value, at);
            if (!number) {
                return number.error();
            }
            out.push_back(*number);
        }
        return {};
    }

    Status readTimes(const Json& array, const std::string& path, std::vector<TimeMs>& out) const
    {
        if (!array.is_array()) {
            return wrongType(path, "an array of integer millisecond times", array);
        }
        if (auto s = checkRows(array, path); !s) {
            return s;
        }
        out.clear();
        out.reserve(array.size());
        for (std::size_t i = 0; i < array.size(); ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            auto time = json::readInt64(array[i], at, "an integer time in milliseconds");
            if (!time) {
                return time.error();
            }
            out.push_back(*time);
        }
        return {};
    }

    Status readSource(const Json& json, MarketSource& source) const
    {
        if (!json.is_object()) {
            return wrongType("source", "an object", json);
        }
        if (auto s = checkKeys(json, "source", {"exchanges", "symbol", "interval"}); !s) {
            return s;
        }
        if (const auto it = json.find("exchanges"); it != json.end()) {
            if (!it->is_array()) {
                return wrongType("source.exchanges", "an array of strings", *it);
            }
            if (auto s = checkRows(*it, "source.exchanges"); !s) {
                return s;
            }
            for (std::size_t i = 0; i < it->size(); ++i) {
                auto name = json::readString((*it)[i], "source.exchanges[" + std::to_string(i) + "]");
                if (!name) {
                    return name.error();
                }
                source.exchanges.push_back(std::move(*name));
            }
        }
        if (const auto it = json.find("symbol"); it != json.end()) {
            if (auto s = assign(json::readString(*it, "source.symbol"), source.symbol); !s) {
                return s;
            }
        }
        if (const auto it = json.find("interval"); it != json.end()) {
            std::string text;
            if (auto s = assign(json::readString(*it, "source.interval"), text); !s) {
                return s;
            }
            auto interval = parseIntervalText(text);
            if (!interval) {
                return interval.error();
            }
            source.intervalMs = *interval;
        }
        return {};
    }

    static Result<TimeMs> parseIntervalText(const std::string& text)
    {
        if (text == "unknown") {
            return TimeMs{0};
        }
        if (const TimeMs ms = parseInterval(text); ms > 0) {
            return ms;
        }
        // Written for intervals with no unit form, e.g. "1500ms".
        if (text.size() > 2 && text.size() <= 20 && text.ends_with("ms") &&
            std::all_of(text.begin(), text.end() - 2, [](char ch) { return ch >= '0' && ch <= '9'; })) {
            const std::string digits = text.substr(0, text.size() - 2);
            if (digits.size() < 19 && digits.front() != '0') {
                return static_cast<TimeMs>(std::stoll(digits));
            }
        }
        return makeError(Error::Code::ParseError, "source.interval: unrecognised interval \"" + text +
                                                      "\" (expected e.g. \"5m\", \"1h\", \"1d\" or \"unknown\")");
    }

    // Reads "time" plus the named columns of one series; optional columns may be absent.
    struct Column {
        const char* name;
        std::vector<double>* values;
        bool optional;
    };

    Status readSeries(const Json& json, const std::string& path, std::vector<TimeMs>& time,
                      std::initializer_list<Column> columns, std::initializer_list<std::string_view> keys) const
    {
        if (!json.is_object()) {
            return wrongType(path, "an object", json);
        }
        if (auto s = checkKeys(json, path, keys); !s) {
            return s;
        }
        const auto timeIt = json.find("time");
        if (timeIt == json.end()) {
            return makeError(Error::Code::ParseError, path + ": missing \"time\"");
        }
        if (auto s = readTimes(*timeIt, path + ".time", time); !s) {
            return s;
        }
        for (const Column& column : columns) {
            const auto it = json.find(column.name);
            if (it == json.end()) {
                if (column.optional) {
                    continue;
                }
                return makeError(Error::Code::ParseError, path + ": missing \"" + column.name + "\"");
            }
            if (auto s = readNumbers(*it, path + "." + column.name, *column.values); !s) {
                return s;
            }
        }
        return {};
    }

    Status readAllSeries(const Json& json, MarketData& data) const
    {
        if (!json.is_object()) {
            return wrongType("series", "an object", json);
        }
        // The top-trader ratios came with 1.2; in an older document they are as unknown as any key.
        const Status keys =
            m_minor >= 2
                ? checkKeys(json, "series",
                            {"candles", "open_interest", "funding_rate", "long_short_ratio", "top_trader_account_ratio",
                             "top_trader_position_ratio", "taker_buy_sell_ratio", "liquidations"})
                : checkKeys(json, "series",
                            {"candles", "open_interest", "funding_rate", "long_short_ratio", "taker_buy_sell_ratio",
                             "liquidations"});
        if (!keys) {
            return keys;
        }
        if (const auto it = json.find("candles"); it != json.end()) {
            CandleSeries& c = data.candles;
            if (auto s = readSeries(*it, "series.candles", c.time,
                                    {{"open", &c.open, false},
                                     {"high", &c.high, false},
                                     {"low", &c.low, false},
                                     {"close", &c.close, false},
                                     {"volume", &c.volume, true}},
                                    {"time", "open", "high", "low", "close", "volume"});
                !s) {
                return s;
            }
        }
        if (const auto it = json.find("open_interest"); it != json.end()) {
            OpenInterestSeries& oi = data.openInterest;
            if (auto s = readSeries(*it, "series.open_interest", oi.time,
                                    {{"base", &oi.base, true}, {"quote", &oi.quote, true}}, {"time", "base", "quote"});
                !s) {
                return s;
            }
        }
        const std::initializer_list<std::pair<const char*, ValueSeries*>> valueSeries{
            {"funding_rate", &data.fundingRate},
            {"long_short_ratio", &data.longShortRatio},
            {"top_trader_account_ratio", &data.topTraderAccountRatio},
            {"top_trader_position_ratio", &data.topTraderPositionRatio},
            {"taker_buy_sell_ratio", &data.takerBuySellRatio}};
        for (const auto& [name, series] : valueSeries) {
            const bool topTrader = std::string_view(name).starts_with("top_trader");
            if (const auto it = json.find(name); it != json.end() && (m_minor >= 2 || !topTrader)) {
                if (auto s = readSeries(*it, std::string("series.") + name, series->time,
                                        {{"value", &series->value, false}}, {"time", "value"});
                    !s) {
                    return s;
                }
            }
        }
        if (const auto it = json.find("liquidations"); it != json.end()) {
            LiquidationSeries& liq = data.liquidations;
            if (auto s = readSeries(*it, "series.liquidations", liq.time,
                                    {{"long_usd", &liq.longUsd, false}, {"short_usd", &liq.shortUsd, false}},
                                    {"time", "long_usd", "short_usd", "interval_ms"});
                !s) {
                return s;
            }
            if (const auto interval = it->find("interval_ms"); interval != it->end()) {
                auto ms =
                    json::readInt64(*interval, "series.liquidations.interval_ms", "an integer number of milliseconds");
                if (!ms) {
                    return ms.error();
                }
                if (*ms < 0) {
                    return makeError(Error::Code::InvalidData, "series.liquidations.interval_ms: must not be negative");
                }
                liq.intervalMs = *ms;
            }
        }
        return {};
    }

    // "per_exchange": {"binance": {<series layout>}, ...}; each exchange's series share the
    // document's symbol and interval.
    Status readPerExchange(const Json& json, const MarketSource& source, std::map<std::string, MarketData>& out) const
    {
        if (!json.is_object()) {
            return wrongType("per_exchange", "an object", json);
        }
        if (auto s = checkRows(json, "per_exchange"); !s) {
            return s;
        }
        for (const auto& item : json.items()) {
            const std::string path = "per_exchange." + item.key();
            if (item.key().empty()) {
                return makeError(Error::Code::ParseError, "per_exchange: an exchange name is empty");
            }
            MarketData data;
            data.source.exchanges = {item.key()};
            data.source.symbol = source.symbol;
            data.source.intervalMs = source.intervalMs;
            if (auto s = readAllSeries(item.value(), data); !s) {
                // readAllSeries names fields "series..."; here they live under the exchange.
                std::string message = s.error().message;
                if (message.rfind("series", 0) == 0) {
                    message = path + message.substr(6);
                }
                return makeError(s.error().code, message);
            }
            if (auto s = validate(data); !s) {
                return makeError(s.error().code, path + "." + s.error().message);
            }
            out.emplace(item.key(), std::move(data));
        }
        return {};
    }

    Status readModel(const Json& json, ModelSettings& model) const
    {
        if (!json.is_object()) {
            return wrongType("model", "an object", json);
        }
        // The issue-16 options came with 1.3; in an older document they are as unknown as any key.
        const Status keys = m_minor >= 3
                                ? checkKeys(json, "model",
                                            {"preset", "tiers", "bucket_size", "decay_half_life_hours", "entry",
                                             "entry_spread_points", "maintenance_margin_rate", "side_tilt",
                                             "tilt_source", "close_winners_first", "close_loser_scale_percent",
                                             "learn_mix", "learn_window_hours", "learn_every_hours"})
                                : checkKeys(json, "model",
                                            {"preset", "tiers", "bucket_size", "decay_half_life_hours", "entry",
                                             "entry_spread_points", "maintenance_margin_rate"});
        if (!keys) {
            return keys;
        }
        if (auto s = readModelOptions(json, model); !s) {
            return s;
        }
        if (const auto it = json.find("preset"); it != json.end()) {
            if (auto s = assign(json::readString(*it, "model.preset"), model.preset); !s) {
                return s;
            }
        }
        if (const auto it = json.find("tiers"); it != json.end()) {
            if (!it->is_array()) {
                return wrongType("model.tiers", "an array of {\"leverage\", \"weight\"} objects", *it);
            }
            if (auto s = checkRows(*it, "model.tiers"); !s) {
                return s;
            }
            for (std::size_t i = 0; i < it->size(); ++i) {
                const Json& item = (*it)[i];
                const std::string at = "model.tiers[" + std::to_string(i) + "]";
                if (!item.is_object()) {
                    return wrongType(at, "an object", item);
                }
                if (auto s = checkKeys(item, at, {"leverage", "weight"}); !s) {
                    return s;
                }
                LeverageTier tier;
                for (const auto& [name, target] : {std::pair{"leverage", &tier.leverage}, {"weight", &tier.weight}}) {
                    const auto field = item.find(name);
                    if (field == item.end()) {
                        return makeError(Error::Code::ParseError, at + ": missing \"" + name + "\"");
                    }
                    if (auto s = assign(json::readFiniteNumber(*field, at + "." + name), *target); !s) {
                        return s;
                    }
                }
                model.tiers.push_back(tier);
            }
        }
        if (const auto it = json.find("bucket_size"); it != json.end()) {
            if (auto s = assign(json::readFiniteNumber(*it, "model.bucket_size"), model.bucketSize); !s) {
                return s;
            }
        }
        if (const auto it = json.find("decay_half_life_hours"); it != json.end()) {
            if (auto s = assign(json::readFiniteNumber(*it, "model.decay_half_life_hours"), model.decayHalfLifeHours);
                !s) {
                return s;
            }
        }
        if (const auto it = json.find("entry"); it != json.end()) {
            std::string text;
            if (auto s = assign(json::readString(*it, "model.entry"), text); !s) {
                return s;
            }
            const auto entry = entryPlacementFromString(text);
            if (!entry) {
                return makeError(Error::Code::InvalidData, "model.entry: unknown entry placement \"" + text +
                                                               "\" (expected \"close\", \"typical\", \"spread\" or \"profile\")");
            }
            model.entry = *entry;
        }
        if (const auto it = json.find("entry_spread_points"); it != json.end()) {
            auto points = json::readInt64(*it, "model.entry_spread_points", "an integer");
            if (!points) {
                return points.error();
            }
            if (*points < std::numeric_limits<int>::min() || *points > std::numeric_limits<int>::max()) {
                return makeError(Error::Code::InvalidData, "model.entry_spread_points: out of range");
            }
            model.entrySpreadPoints = static_cast<int>(*points);
        }
        if (const auto it = json.find("maintenance_margin_rate"); it != json.end()) {
            if (auto s =
                    assign(json::readFiniteNumber(*it, "model.maintenance_margin_rate"), model.maintenanceMarginRate);
                !s) {
                return s;
            }
        }
        if (auto s = validate(model); !s) {
            return makeError(Error::Code::InvalidData, "model: " + s.error().message);
        }
        return {};
    }

private:
    /// The options of issue 16 (format 1.3); absent keys keep their defaults (off).
    Status readModelOptions(const Json& json, ModelSettings& model) const
    {
        if (m_minor < 3) {
            return {};
        }
        for (const auto& [name, target] : {std::pair{"side_tilt", &model.sideTilt},
                                           {"close_winners_first", &model.closeWinnersFirst},
                                           {"close_loser_scale_percent", &model.closeLoserScalePercent},
                                           {"learn_mix", &model.learnMix},
                                           {"learn_window_hours", &model.learnWindowHours},
                                           {"learn_every_hours", &model.learnEveryHours}}) {
            if (const auto it = json.find(name); it != json.end()) {
                if (auto s = assign(json::readFiniteNumber(*it, std::string("model.") + name), *target); !s) {
                    return s;
                }
            }
        }
        if (const auto it = json.find("tilt_source"); it != json.end()) {
            std::string text;
            if (auto s = assign(json::readString(*it, "model.tilt_source"), text); !s) {
                return s;
            }
            const auto source = tiltSourceFromString(text);
            if (!source) {
                return makeError(Error::Code::InvalidData, "model.tilt_source: unknown source \"" + text +
                                                               "\" (expected taker, accounts, top-accounts or "
                                                               "top-positions)");
            }
            model.tiltSource = *source;
        }
        return {};
    }

    const SnapshotLimits& m_limits;
    bool m_strictKeys;
    int m_minor;  ///< the document's minor version: which keys it may hold
};

Status checkFormatAndVersion(const Json& root, int& minor)
{
    const auto format = root.find("format");
    if (format == root.end()) {
        return makeError(Error::Code::ParseError, "not a liqheat snapshot: missing \"format\"");
    }
    if (!format->is_string() || format->get<std::string>() != kSnapshotFormatName) {
        return makeError(Error::Code::ParseError, "not a liqheat snapshot: \"format\" is " + format->dump() +
                                                      ", expected \"" + kSnapshotFormatName + "\"");
    }
    const auto version = root.find("version");
    if (version == root.end()) {
        return makeError(Error::Code::UnsupportedVersion, "unsupported snapshot: missing \"version\"");
    }
    const auto major = version->is_object() ? version->find("major") : version->end();
    const auto minorIt = version->is_object() ? version->find("minor") : version->end();
    if (!version->is_object() || major == version->end() || !major->is_number_integer() || minorIt == version->end() ||
        !minorIt->is_number_integer() || minorIt->get<std::int64_t>() < 0) {
        return makeError(Error::Code::UnsupportedVersion,
                         "unsupported snapshot: \"version\" must be {\"major\": N, \"minor\": N}, got " +
                             version->dump().substr(0, 100));
    }
    if (major->get<std::int64_t>() != kSnapshotMajorVersion) {
        return makeError(Error::Code::UnsupportedVersion,
                         "unsupported snapshot version " + std::to_string(major->get<std::int64_t>()) + "." +
                             std::to_string(minorIt->get<std::int64_t>()) + ": this build reads version " +
                             std::to_string(kSnapshotMajorVersion) + ".x");
    }
    minor = static_cast<int>(std::min<std::int64_t>(minorIt->get<std::int64_t>(), std::numeric_limits<int>::max()));
    return {};
}

}  // namespace

Result<Snapshot> snapshotFromJson(const std::string& text, const SnapshotLimits& limits)
{
    if (text.size() > limits.maxBytes) {
        return makeError(Error::Code::TooLarge, "document is " + std::to_string(text.size()) +
                                                    " bytes, over the limit of " + std::to_string(limits.maxBytes));
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return makeError(Error::Code::ParseError, "document is empty");
    }
    auto parsed = json::parseStrictJson(text);
    if (!parsed) {
        return parsed.error();
    }
    const Json& root = *parsed;
    if (!root.is_object()) {
        return makeError(Error::Code::ParseError,
                         "not a liqheat snapshot: the document is " + json::typeName(root) + ", not an object");
    }
    int minor = 0;
    if (auto s = checkFormatAndVersion(root, minor); !s) {
        return s.error();
    }

    const Reader reader(limits, minor);
    // "per_exchange" came with 1.1; in a 1.0 document it is as unknown as any other key.
    const Status keys =
        minor >= 1
            ? reader.checkKeys(root, "", {"format", "version", "created", "source", "series", "model", "per_exchange"})
            : reader.checkKeys(root, "", {"format", "version", "created", "source", "series", "model"});
    if (!keys) {
        return keys.error();
    }

    Snapshot snapshot;
    if (const auto it = root.find("created"); it != root.end()) {
        if (auto s = assign(json::readString(*it, "created"), snapshot.createdUtc); !s) {
            return s.error();
        }
    }
    if (const auto it = root.find("source"); it != root.end()) {
        if (auto s = reader.readSource(*it, snapshot.data.source); !s) {
            return s.error();
        }
    }
    const auto series = root.find("series");
    if (series == root.end()) {
        return makeError(Error::Code::ParseError, "missing \"series\"");
    }
    if (auto s = reader.readAllSeries(*series, snapshot.data); !s) {
        return s.error();
    }
    if (auto s = validate(snapshot.data); !s) {
        // validate() names series as "candles row 3 (time)"; anchor them in the document.
        const bool isSource = s.error().message.starts_with("source.");
        return withPrefix(s.error(), isSource ? "" : "series.");
    }
    if (const auto it = root.find("per_exchange"); it != root.end() && minor >= 1) {
        if (auto s = reader.readPerExchange(*it, snapshot.data.source, snapshot.perExchange); !s) {
            return s.error();
        }
    }
    if (const auto it = root.find("model"); it != root.end()) {
        if (auto s = reader.readModel(*it, snapshot.model); !s) {
            return s.error();
        }
    }
    return snapshot;
}

Result<Snapshot> readSnapshotBytes(const std::string& bytes, const SnapshotLimits& limits)
{
    if (!isGzip(bytes)) {
        return snapshotFromJson(bytes, limits);
    }
    auto text = gzipDecompress(bytes, limits.maxBytes);
    if (!text) {
        return text.error();
    }
    return snapshotFromJson(*text, limits);
}

Result<Snapshot> readSnapshot(const std::string& path, const SnapshotLimits& limits)
{
    // readFile already names the path in its errors.
    auto bytes = readFile(path, limits.maxBytes);
    if (!bytes) {
        return bytes.error();
    }
    auto snapshot = readSnapshotBytes(*bytes, limits);
    if (!snapshot) {
        return withPrefix(snapshot.error(), path + ": ");
    }
    return snapshot;
}

}  // namespace liqheat
