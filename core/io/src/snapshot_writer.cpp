#include "liqheat/io/snapshot.h"

#include "liqheat/io/file_io.h"
#include "snapshot_common.h"

#include <nlohmann/json.hpp>

#include <chrono>
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
                                       {"top_trader_account_ratio", &data.topTraderAccountRatio},
                                       {"top_trader_position_ratio", &data.topTraderPositionRatio},
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
    if (hasModelOptions(m)) {
        model["side_tilt"] = m.sideTilt;
        model["tilt_source"] = toString(m.tiltSource);
        model["close_winners_first"] = m.closeWinnersFirst;
        model["close_loser_scale_percent"] = m.closeLoserScalePercent;
        model["learn_mix"] = m.learnMix;
        model["learn_window_hours"] = m.learnWindowHours;
        model["learn_every_hours"] = m.learnEveryHours;
    }
    doc["model"] = std::move(model);

    return doc.dump();
}

Status writeSnapshot(const Snapshot& snapshot, const std::string& path, Compression compression)
{
    const bool gzip =
        compression == Compression::Gzip || (compression == Compression::ByExtension && path.ends_with(".gz"));
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
