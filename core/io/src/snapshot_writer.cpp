#include "liqheat/io/snapshot.h"

#include "liqheat/io/file_io.h"
#include "snapshot_common.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <utility>
#include <vector>

namespace liqheat {
namespace {

// Written with insertion order kept, so the file reads top-down like the documented layout.
using OrderedJson = nlohmann::ordered_json;

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

void appendNumber(std::string& out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";  // as nlohmann writes it; the reader refuses it with the field's name
        return;
    }
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    out.append(text, result.ptr);
    // Shortest round-trip digits; a whole number keeps ".0" so that it reads back as a double.
    if (std::find_if(text, result.ptr, [](char c) { return c == '.' || c == 'e'; }) == result.ptr) {
        out += ".0";
    }
}

void appendNumber(std::string& out, TimeMs value)
{
    char text[24];
    const auto result = std::to_chars(text, text + sizeof text, value);
    out.append(text, result.ptr);
}

template <typename T>
void appendColumn(std::string& out, const char* name, const std::vector<T>& values)
{
    out += '"';
    out += name;
    out += "\":[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        appendNumber(out, values[i]);
    }
    out += ']';
}

// {"time":[...],"<name>":[...],...}, written straight to text: a year of 1-minute candles is
// millions of numbers, and a DOM of them would cost several times the text.
void appendSeries(std::string& out, const char* name, const std::vector<TimeMs>& time,
                  std::initializer_list<std::pair<const char*, const std::vector<double>*>> columns, bool& first)
{
    out += first ? "\"" : ",\"";
    first = false;
    out += name;
    out += "\":{";
    appendColumn(out, "time", time);
    for (const auto& [column, values] : columns) {
        if (values != nullptr) {
            out += ',';
            appendColumn(out, column, *values);
        }
    }
    out += '}';
}

// The "series" object of one market.
void appendMarketSeries(std::string& out, const MarketData& data)
{
    out += '{';
    bool first = true;
    if (!data.candles.empty()) {
        const CandleSeries& c = data.candles;
        appendSeries(out, "candles", c.time,
                     {{"open", &c.open},
                      {"high", &c.high},
                      {"low", &c.low},
                      {"close", &c.close},
                      {"volume", c.hasVolume() ? &c.volume : nullptr}},
                     first);
    }
    if (!data.openInterest.empty()) {
        const OpenInterestSeries& oi = data.openInterest;
        appendSeries(
            out, "open_interest", oi.time,
            {{"base", oi.base.empty() ? nullptr : &oi.base}, {"quote", oi.quote.empty() ? nullptr : &oi.quote}}, first);
    }
    for (const auto& [name, values] : {std::pair{"funding_rate", &data.fundingRate},
                                       {"long_short_ratio", &data.longShortRatio},
                                       {"top_trader_account_ratio", &data.topTraderAccountRatio},
                                       {"top_trader_position_ratio", &data.topTraderPositionRatio},
                                       {"taker_buy_sell_ratio", &data.takerBuySellRatio}}) {
        if (!values->empty()) {
            appendSeries(out, name, values->time, {{"value", &values->value}}, first);
        }
    }
    // A stated interval is kept even without rows, so a round trip loses nothing.
    if (!data.liquidations.empty() || data.liquidations.intervalMs != 0) {
        const LiquidationSeries& liq = data.liquidations;
        appendSeries(out, "liquidations", liq.time, {{"long_usd", &liq.longUsd}, {"short_usd", &liq.shortUsd}}, first);
        out.pop_back();
        out += ",\"interval_ms\":";
        appendNumber(out, liq.intervalMs);
        out += '}';
    }
    out += '}';
}

std::size_t valueCount(const MarketData& data)
{
    return data.candles.size() * 6 + data.openInterest.size() * 3 + data.fundingRate.size() * 2 +
           data.longShortRatio.size() * 2 + data.topTraderAccountRatio.size() * 2 +
           data.topTraderPositionRatio.size() * 2 + data.takerBuySellRatio.size() * 2 + data.liquidations.size() * 3;
}

bool hasTopTraderRatios(const MarketData& data)
{
    return !data.topTraderAccountRatio.empty() || !data.topTraderPositionRatio.empty();
}

/// Whether the model uses an option of format 1.3 (issue 16): written only then.
bool hasModelOptions(const ModelSettings& m)
{
    const ModelSettings defaults;
    return m.entry == EntryPlacement::Profile || m.sideTilt != defaults.sideTilt ||
           m.tiltSource != defaults.tiltSource || m.closeWinnersFirst != defaults.closeWinnersFirst ||
           m.closeLoserScalePercent != defaults.closeLoserScalePercent || m.learnMix != defaults.learnMix ||
           m.learnWindowHours != defaults.learnWindowHours || m.learnEveryHours != defaults.learnEveryHours;
}

/// The oldest minor version that holds everything written, so older readers keep reading what
/// they can: 1.3 with the model options of issue 16, 1.2 with top-trader ratios, 1.1 with per-exchange series, else 1.0.
int minorVersionFor(const Snapshot& snapshot)
{
    bool topTrader = hasTopTraderRatios(snapshot.data);
    for (const auto& [name, data] : snapshot.perExchange) {
        topTrader = topTrader || hasTopTraderRatios(data);
    }
    if (hasModelOptions(snapshot.model)) {
        return 3;
    }
    return topTrader ? 2 : snapshot.perExchange.empty() ? 0 : 1;
}

}  // namespace

std::string toJson(const Snapshot& snapshot)
{
    const MarketData& data = snapshot.data;
    OrderedJson doc = OrderedJson::object();
    doc["format"] = kSnapshotFormatName;
    // 1.0 unless per-exchange series need 1.1: older readers keep reading what they can.
    doc["version"] = {{"major", kSnapshotMajorVersion}, {"minor", minorVersionFor(snapshot)}};
    doc["created"] = snapshot.createdUtc.empty() ? nowUtc() : snapshot.createdUtc;

    OrderedJson source = OrderedJson::object();
    source["exchanges"] = data.source.exchanges;
    source["symbol"] = data.source.symbol;
    if (data.source.intervalMs > 0) {
        source["interval"] = intervalText(data.source.intervalMs);
    }
    doc["source"] = std::move(source);

    std::size_t values = valueCount(data);
    for (const auto& [name, exchangeData] : snapshot.perExchange) {
        values += valueCount(exchangeData);
    }
    std::string text = doc.dump();
    text.reserve(text.size() + values * 16 + 1024);
    text.pop_back();  // the closing brace: the series follow
    text += ",\"series\":";
    appendMarketSeries(text, data);
    if (!snapshot.perExchange.empty()) {
        text += ",\"per_exchange\":{";
        bool first = true;
        for (const auto& [name, exchangeData] : snapshot.perExchange) {
            text += first ? "" : ",";
            first = false;
            text += OrderedJson(name).dump();
            text += ':';
            appendMarketSeries(text, exchangeData);
        }
        text += '}';
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
    if (hasModelOptions(m)) {
        model["side_tilt"] = m.sideTilt;
        model["tilt_source"] = toString(m.tiltSource);
        model["close_winners_first"] = m.closeWinnersFirst;
        model["close_loser_scale_percent"] = m.closeLoserScalePercent;
        model["learn_mix"] = m.learnMix;
        model["learn_window_hours"] = m.learnWindowHours;
        model["learn_every_hours"] = m.learnEveryHours;
    }
    text += ",\"model\":";
    text += model.dump();
    text += '}';
    return text;
}

Status writeSnapshot(const Snapshot& snapshot, const std::string& path, Compression compression)
{
    const bool gzip =
        compression == Compression::Gzip || (compression == Compression::ByExtension && path.ends_with(".gz"));
    std::string bytes = toJson(snapshot);
    if (gzip) {
        // zlib's fastest level: about 4 times faster than its default on a year of candles, for
        // a file about a third larger.
        auto compressed = gzipCompress(bytes, 1);
        if (!compressed) {
            return withPrefix(compressed.error(), path + ": ");
        }
        bytes = std::move(*compressed);
    }
    return writeFileAtomic(path, bytes);
}

}  // namespace liqheat
