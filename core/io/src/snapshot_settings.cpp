#include "liqheat/io/snapshot.h"

#include "liqheat/io/file_io.h"
#include "liqheat/io/json_reader.h"
#include "snapshot_common.h"
#include "snapshot_settings.h"

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

Status readSnapshotSource(const json::Value& json, MarketSource& source, const SnapshotLimits& limits, int minor)
{
    return Reader(limits, minor).readSource(json, source);
}

Status readSnapshotModel(const json::Value& json, ModelSettings& model, const SnapshotLimits& limits, int minor)
{
    return Reader(limits, minor).readModel(json, model);
}

Status checkSnapshotFormatAndVersion(const json::Value& root, int& minor) { return checkFormatAndVersion(root, minor); }

}  // namespace liqheat
