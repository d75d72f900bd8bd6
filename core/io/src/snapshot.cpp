#include "liqheat/io/snapshot.h"

#include "liqheat/io/file_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

namespace liqheat {
namespace {

using Json = nlohmann::json;
// Written with insertion order kept, so the file reads top-down like the documented layout.
using OrderedJson = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// Writing

std::string nowUtc()
{
    using namespace std::chrono;
    const auto now = floor<seconds>(system_clock::now());
    const auto day = floor<days>(now);
    const year_month_day ymd{day};
    const hh_mm_ss hms{now - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return text;
}

// formatInterval has no exact text for every value ("1500ms" does not parse back); fall back to
// plain milliseconds, which the reader accepts.
std::string intervalText(TimeMs ms)
{
    std::string text = formatInterval(ms);
    if (parseInterval(text) != ms) {
        text = std::to_string(ms) + "ms";
    }
    return text;
}

OrderedJson seriesJson(const std::vector<TimeMs>& time,
                       std::initializer_list<std::pair<const char*, const std::vector<double>*>> columns)
{
    OrderedJson series = OrderedJson::object();
    series["time"] = time;
    for (const auto& [name, values] : columns) {
        series[name] = *values;
    }
    return series;
}

// The "series" object of one market.
OrderedJson marketSeriesJson(const MarketData& data)
{
    OrderedJson series = OrderedJson::object();
    if (!data.candles.empty()) {
        const CandleSeries& c = data.candles;
        series["candles"] =
            seriesJson(c.time, {{"open", &c.open}, {"high", &c.high}, {"low", &c.low}, {"close", &c.close}});
        if (c.hasVolume()) {
            series["candles"]["volume"] = c.volume;
        }
    }
    if (!data.openInterest.empty()) {
        const OpenInterestSeries& oi = data.openInterest;
        series["open_interest"] = seriesJson(oi.time, {});
        if (!oi.base.empty()) {
            series["open_interest"]["base"] = oi.base;
        }
        if (!oi.quote.empty()) {
            series["open_interest"]["quote"] = oi.quote;
        }
    }
    for (const auto& [name, values] : {std::pair{"funding_rate", &data.fundingRate},
                                       {"long_short_ratio", &data.longShortRatio},
                                       {"taker_buy_sell_ratio", &data.takerBuySellRatio}}) {
        if (!values->empty()) {
            series[name] = seriesJson(values->time, {{"value", &values->value}});
        }
    }
    // A stated interval is kept even without rows, so a round trip loses nothing.
    if (!data.liquidations.empty() || data.liquidations.intervalMs != 0) {
        const LiquidationSeries& liq = data.liquidations;
        series["liquidations"] = seriesJson(liq.time, {{"long_usd", &liq.longUsd}, {"short_usd", &liq.shortUsd}});
        series["liquidations"]["interval_ms"] = liq.intervalMs;
    }
    return series;
}

// ---------------------------------------------------------------------------------------------
// Parsing: a SAX handler that builds the DOM while tracking where it is, so that errors the
// parser raises itself (number overflow, bad syntax) can name the field like every other error.

constexpr std::size_t kMaxDepth = 32;
constexpr std::size_t kMaxTokenInMessage = 80;

class DomBuilder {
public:
    DomBuilder(Json& root, std::size_t documentSize) : m_root(root), m_size(documentSize) {}

    bool null() { return insert(Json(nullptr)); }
    bool boolean(bool value) { return insert(Json(value)); }
    bool number_integer(Json::number_integer_t value) { return insert(Json(value)); }
    bool number_unsigned(Json::number_unsigned_t value) { return insert(Json(value)); }
    bool number_float(Json::number_float_t value, const Json::string_t&) { return insert(Json(value)); }
    bool string(Json::string_t& value) { return insert(Json(std::move(value))); }
    bool binary(Json::binary_t& value) { return insert(Json(std::move(value))); }

    bool start_object(std::size_t) { return open(Json::object()); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Json::string_t& name)
    {
        Level& level = m_stack.back();
        level.key = std::move(name);
        if (level.value->contains(level.key)) {
            // The DOM would silently keep one of the two; in a data file that hides an error.
            return fail(Error::Code::ParseError, path() + ": duplicate key");
        }
        return true;
    }

    bool parse_error(std::size_t position, const std::string& lastToken, const Json::exception& ex)
    {
        if (ex.id == 406) {  // out_of_range.406: a number too large for a double
            return fail(Error::Code::InvalidData,
                        where() + "not a finite number (" + clip(lastToken) + " overflows)");
        }
        std::string detail = ex.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
        if (const auto colon = detail.find(": ", detail.find("column")); colon != std::string::npos) {
            detail = detail.substr(colon + 2);
        }
        if (detail.size() > 200) {
            detail = detail.substr(0, 200) + "...";
        }
        const std::string at = m_stack.empty() ? std::string() : " (in " + path() + ")";
        if (position >= m_size) {
            return fail(Error::Code::ParseError, "document is truncated: unexpected end at byte " +
                                                     std::to_string(position) + at + ": " + detail);
        }
        return fail(Error::Code::ParseError,
                    "not valid JSON at byte " + std::to_string(position) + at + ": " + detail);
    }

    [[nodiscard]] bool failed() const { return m_failed; }
    [[nodiscard]] const Error& error() const { return m_error; }

private:
    struct Level {
        Json* value;
        std::string key;
    };

    // Places a value at the current position and returns where it now lives.
    Json* place(Json value)
    {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return &m_root;
        }
        Level& level = m_stack.back();
        if (level.value->is_array()) {
            level.value->push_back(std::move(value));
            return &level.value->back();
        }
        Json& slot = (*level.value)[level.key];
        slot = std::move(value);
        return &slot;
    }

    bool insert(Json value)
    {
        place(std::move(value));
        return true;
    }

    bool open(Json value)
    {
        if (m_stack.size() >= kMaxDepth) {
            return fail(Error::Code::ParseError,
                        path() + ": nested deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        Json* child = place(std::move(value));
        m_stack.push_back({child, {}});
        return true;
    }

    bool close()
    {
        m_stack.pop_back();
        return true;
    }

    bool fail(Error::Code code, std::string message)
    {
        m_failed = true;
        m_error = makeError(code, std::move(message));
        return false;
    }

    // Path of the value being parsed, e.g. "series.candles.high[12]".
    [[nodiscard]] std::string path() const
    {
        std::string text;
        for (std::size_t i = 0; i < m_stack.size(); ++i) {
            const Json& value = *m_stack[i].value;
            if (value.is_array()) {
                // Enclosing arrays already hold the open child; the innermost is about to get one.
                const std::size_t index = i + 1 == m_stack.size() ? value.size() : value.size() - 1;
                text += "[" + std::to_string(index) + "]";
            } else if (!m_stack[i].key.empty()) {
                text += (text.empty() ? "" : ".") + m_stack[i].key;
            }
        }
        return text.empty() ? std::string("document") : text;
    }

    [[nodiscard]] std::string where() const { return path() + ": "; }

    static std::string clip(const std::string& token)
    {
        return token.size() > kMaxTokenInMessage ? token.substr(0, kMaxTokenInMessage) + "..." : token;
    }

    Json& m_root;
    std::vector<Level> m_stack;
    std::size_t m_size;
    bool m_failed = false;
    Error m_error;
};

Result<Json> parseDocument(const std::string& text)
{
    Json root;
    DomBuilder builder(root, text.size());
    try {
        const bool ok = Json::sax_parse(text, &builder);
        if (!ok || builder.failed()) {
            return builder.failed() ? builder.error() : makeError(Error::Code::ParseError, "not valid JSON");
        }
    } catch (const Json::exception& ex) {
        // sax_parse reports through the handler; this is only a safety net.
        return makeError(Error::Code::ParseError, std::string("not valid JSON: ") + ex.what());
    }
    return root;
}

// ---------------------------------------------------------------------------------------------
// Converting the DOM

std::string typeName(const Json& value)
{
    if (value.is_number_float()) {
        return "a floating-point number";
    }
    if (value.is_number()) {
        return "an integer";
    }
    const std::string name = value.type_name();
    return (name == "array" || name == "object") ? "an " + name : "a " + name;
}

Error wrongType(const std::string& path, const std::string& expected, const Json& actual)
{
    return makeError(Error::Code::ParseError, path + ": expected " + expected + ", got " + typeName(actual));
}

class Reader {
public:
    Reader(const SnapshotLimits& limits, bool strictKeys) : m_limits(limits), m_strictKeys(strictKeys) {}

    // Unknown keys are typos in a document of a version we fully know; a newer minor version may
    // add keys, and older readers skip them.
    Status checkKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> known) const
    {
        if (!m_strictKeys) {
            return {};
        }
        for (const auto& item : object.items()) {
            if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
                std::string list;
                for (const auto& name : known) {
                    list += (list.empty() ? "" : ", ") + std::string(name);
                }
                return makeError(Error::Code::ParseError, (path.empty() ? "" : path + ": ") + "unknown key \"" +
                                                              item.key() + "\" (expected one of: " + list + ")");
            }
        }
        return {};
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
            if (!value.is_number()) {
                return wrongType(at, "a number", value);
            }
            const double number = value.get<double>();
            if (!std::isfinite(number)) {
                return makeError(Error::Code::InvalidData, at + ": not a finite number");
            }
            out.push_back(number);
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
            auto time = readInteger(array[i], at, "an integer time in milliseconds");
            if (!time) {
                return time.error();
            }
            out.push_back(*time);
        }
        return {};
    }

    static Result<std::int64_t> readInteger(const Json& value, const std::string& path, const std::string& expected)
    {
        if (value.is_number_unsigned()) {
            if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return makeError(Error::Code::InvalidData, path + ": " + value.dump() + " is out of the 64-bit range");
            }
            return static_cast<std::int64_t>(value.get<std::uint64_t>());
        }
        if (value.is_number_integer()) {
            return value.get<std::int64_t>();
        }
        // A whole number beyond int64 is parsed as a double; say what is really wrong with it.
        constexpr double kTwoPow63 = 9223372036854775808.0;
        if (value.is_number_float() && std::abs(value.get<double>()) >= kTwoPow63) {
            return makeError(Error::Code::InvalidData, path + ": " + value.dump() + " is out of the 64-bit range");
        }
        return wrongType(path, expected, value);
    }

    static Status readString(const Json& value, const std::string& path, std::string& out)
    {
        if (!value.is_string()) {
            return wrongType(path, "a string", value);
        }
        out = value.get<std::string>();
        return {};
    }

    static Status readDouble(const Json& value, const std::string& path, double& out)
    {
        if (!value.is_number()) {
            return wrongType(path, "a number", value);
        }
        out = value.get<double>();
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
                std::string name;
                if (auto s = readString((*it)[i], "source.exchanges[" + std::to_string(i) + "]", name); !s) {
                    return s;
                }
                source.exchanges.push_back(std::move(name));
            }
        }
        if (const auto it = json.find("symbol"); it != json.end()) {
            if (auto s = readString(*it, "source.symbol", source.symbol); !s) {
                return s;
            }
        }
        if (const auto it = json.find("interval"); it != json.end()) {
            std::string text;
            if (auto s = readString(*it, "source.interval", text); !s) {
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
        if (auto s = checkKeys(json, "series",
                               {"candles", "open_interest", "funding_rate", "long_short_ratio",
                                "taker_buy_sell_ratio", "liquidations"});
            !s) {
            return s;
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
                                    {{"base", &oi.base, true}, {"quote", &oi.quote, true}},
                                    {"time", "base", "quote"});
                !s) {
                return s;
            }
        }
        const std::initializer_list<std::pair<const char*, ValueSeries*>> valueSeries{
            {"funding_rate", &data.fundingRate},
            {"long_short_ratio", &data.longShortRatio},
            {"taker_buy_sell_ratio", &data.takerBuySellRatio}};
        for (const auto& [name, series] : valueSeries) {
            if (const auto it = json.find(name); it != json.end()) {
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
                auto ms = readInteger(*interval, "series.liquidations.interval_ms",
                                      "an integer number of milliseconds");
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
        if (auto s = checkKeys(json, "model",
                               {"preset", "tiers", "bucket_size", "decay_half_life_hours", "entry",
                                "entry_spread_points", "maintenance_margin_rate"});
            !s) {
            return s;
        }
        if (const auto it = json.find("preset"); it != json.end()) {
            if (auto s = readString(*it, "model.preset", model.preset); !s) {
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
                    if (auto s = readDouble(*field, at + "." + name, *target); !s) {
                        return s;
                    }
                }
                model.tiers.push_back(tier);
            }
        }
        if (const auto it = json.find("bucket_size"); it != json.end()) {
            if (auto s = readDouble(*it, "model.bucket_size", model.bucketSize); !s) {
                return s;
            }
        }
        if (const auto it = json.find("decay_half_life_hours"); it != json.end()) {
            if (auto s = readDouble(*it, "model.decay_half_life_hours", model.decayHalfLifeHours); !s) {
                return s;
            }
        }
        if (const auto it = json.find("entry"); it != json.end()) {
            std::string text;
            if (auto s = readString(*it, "model.entry", text); !s) {
                return s;
            }
            const auto entry = entryPlacementFromString(text);
            if (!entry) {
                return makeError(Error::Code::InvalidData, "model.entry: unknown entry placement \"" + text +
                                                               "\" (expected \"close\", \"typical\" or \"spread\")");
            }
            model.entry = *entry;
        }
        if (const auto it = json.find("entry_spread_points"); it != json.end()) {
            auto points = readInteger(*it, "model.entry_spread_points", "an integer");
            if (!points) {
                return points.error();
            }
            if (*points < std::numeric_limits<int>::min() || *points > std::numeric_limits<int>::max()) {
                return makeError(Error::Code::InvalidData, "model.entry_spread_points: out of range");
            }
            model.entrySpreadPoints = static_cast<int>(*points);
        }
        if (const auto it = json.find("maintenance_margin_rate"); it != json.end()) {
            if (auto s = readDouble(*it, "model.maintenance_margin_rate", model.maintenanceMarginRate); !s) {
                return s;
            }
        }
        if (auto s = validate(model); !s) {
            return makeError(Error::Code::InvalidData, "model: " + s.error().message);
        }
        return {};
    }

private:
    const SnapshotLimits& m_limits;
    bool m_strictKeys;
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
    if (!version->is_object() || major == version->end() || !major->is_number_integer() ||
        minorIt == version->end() || !minorIt->is_number_integer() || minorIt->get<std::int64_t>() < 0) {
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

Error withPrefix(const Error& error, const std::string& prefix)
{
    return makeError(error.code, prefix + error.message);
}

}  // namespace

std::string toJson(const Snapshot& snapshot)
{
    const MarketData& data = snapshot.data;
    OrderedJson doc = OrderedJson::object();
    doc["format"] = kSnapshotFormatName;
    // 1.0 unless per-exchange series need 1.1: older readers keep reading what they can.
    doc["version"] = {{"major", kSnapshotMajorVersion}, {"minor", snapshot.perExchange.empty() ? 0 : 1}};
    doc["created"] = snapshot.createdUtc.empty() ? nowUtc() : snapshot.createdUtc;

    OrderedJson source = OrderedJson::object();
    source["exchanges"] = data.source.exchanges;
    source["symbol"] = data.source.symbol;
    if (data.source.intervalMs > 0) {
        source["interval"] = intervalText(data.source.intervalMs);
    }
    doc["source"] = std::move(source);

    doc["series"] = marketSeriesJson(data);
    if (!snapshot.perExchange.empty()) {
        OrderedJson perExchange = OrderedJson::object();
        for (const auto& [name, exchangeData] : snapshot.perExchange) {
            perExchange[name] = marketSeriesJson(exchangeData);
        }
        doc["per_exchange"] = std::move(perExchange);
    }

    const ModelSettings& m = snapshot.model;
    OrderedJson model = OrderedJson::object();
    model["preset"] = m.preset;
    if (!m.tiers.empty()) {
        OrderedJson tiers = OrderedJson::array();
        for (const LeverageTier& tier : m.tiers) {
            tiers.push_back({{"leverage", tier.leverage}, {"weight", tier.weight}});
        }
        model["tiers"] = std::move(tiers);
    }
    model["bucket_size"] = m.bucketSize;
    model["decay_half_life_hours"] = m.decayHalfLifeHours;
    model["entry"] = toString(m.entry);
    model["entry_spread_points"] = m.entrySpreadPoints;
    model["maintenance_margin_rate"] = m.maintenanceMarginRate;
    doc["model"] = std::move(model);

    return doc.dump();
}

Result<Snapshot> snapshotFromJson(const std::string& text, const SnapshotLimits& limits)
{
    if (text.size() > limits.maxBytes) {
        return makeError(Error::Code::TooLarge, "document is " + std::to_string(text.size()) +
                                                    " bytes, over the limit of " + std::to_string(limits.maxBytes));
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return makeError(Error::Code::ParseError, "document is empty");
    }
    auto parsed = parseDocument(text);
    if (!parsed) {
        return parsed.error();
    }
    const Json& root = *parsed;
    if (!root.is_object()) {
        return makeError(Error::Code::ParseError, "not a liqheat snapshot: the document is " + typeName(root) +
                                                      ", not an object");
    }
    int minor = 0;
    if (auto s = checkFormatAndVersion(root, minor); !s) {
        return s.error();
    }

    const Reader reader(limits, minor <= kSnapshotMinorVersion);
    // "per_exchange" came with 1.1; in a 1.0 document it is as unknown as any other key.
    const Status keys = minor >= 1 ? reader.checkKeys(root, "", {"format", "version", "created", "source", "series",
                                                                 "model", "per_exchange"})
                                   : reader.checkKeys(root, "", {"format", "version", "created", "source", "series",
                                                                 "model"});
    if (!keys) {
        return keys.error();
    }

    Snapshot snapshot;
    if (const auto it = root.find("created"); it != root.end()) {
        if (auto s = Reader::readString(*it, "created", snapshot.createdUtc); !s) {
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

Status writeSnapshot(const Snapshot& snapshot, const std::string& path, Compression compression)
{
    const bool gzip = compression == Compression::Gzip ||
                      (compression == Compression::ByExtension && path.ends_with(".gz"));
    std::string bytes = toJson(snapshot);
    if (gzip) {
        auto compressed = gzipCompress(bytes);
        if (!compressed) {
            return withPrefix(compressed.error(), path + ": ");
        }
        bytes = std::move(*compressed);
    }
    return writeFileAtomic(path, bytes);
}

}  // namespace liqheat
