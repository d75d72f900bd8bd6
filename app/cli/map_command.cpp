#include "map_command.h"

#include "cli_support.h"
#include "model_options.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/io/export.h"
#include "liqheat/model/format.h"
#include "liqheat/model/time.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <sstream>

namespace liqheat::cli {
namespace {

using nlohmann::json;

struct MapOptions {
    std::string snapshot;
    std::string output;
    double rangePercent = 8.0;
    std::string format = "text";
    int rows = 30;
    ModelOptions model;
};

/// The buckets within the range around the price, clamped to the grid.
struct BucketSpan {
    int first = 0;
    int last = -1;
};

BucketSpan spanAround(const LiquidationMap& m, double rangePercent)
{
    return {std::max(0, m.grid.indexOf(m.price * (1.0 - rangePercent / 100.0))),
            std::min(m.grid.count - 1, m.grid.indexOf(m.price * (1.0 + rangePercent / 100.0)))};
}

__attribute__((format(printf, 1, 2))) std::string printfString(const char* format, ...)
{
    char buffer[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return buffer;
}

std::string money(double usd)
{
    const double a = std::abs(usd);
    if (a >= 1e9) {
        return printfString("%.2fB", usd / 1e9);
    }
    if (a >= 1e6) {
        return printfString("%.1fM", usd / 1e6);
    }
    if (a >= 1e3) {
        return printfString("%.0fk", usd / 1e3);
    }
    return printfString("%.0f", usd);
}

// --- text -------------------------------------------------------------------------------------

/// One printed row: `buckets` consecutive buckets summed.
struct Band {
    double low = 0.0;
    double high = 0.0;
    double longUsd = 0.0;
    double shortUsd = 0.0;
    bool holdsPrice = false;
};

int floorDiv(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

/// The span folded into about `rows` bands of equal width, lowest first. The bands are laid on a
/// lattice through the price's bucket, so exactly one band holds the price and none is cut short
/// at the range's edges.
std::vector<Band> foldIntoBands(const LiquidationMap& m, BucketSpan span, int rows)
{
    const int buckets = std::max(1, (span.last - span.first + rows) / rows);
    const int priceBucket = m.grid.indexOf(m.price);
    const int anchor = priceBucket - buckets / 2;  // the price band's first bucket
    const int firstBand = std::min(0, floorDiv(span.first - anchor, buckets));
    const int lastBand = std::max(0, floorDiv(span.last - anchor, buckets));
    std::vector<Band> bands;
    for (int k = firstBand; k <= lastBand; ++k) {
        const int first = anchor + k * buckets;
        const int last = first + buckets - 1;
        Band band{m.grid.lower(first), m.grid.upper(last), 0.0, 0.0, k == 0};
        for (int b = std::max(first, 0); b <= std::min(last, m.grid.count - 1); ++b) {
            band.longUsd += m.longUsd[static_cast<std::size_t>(b)];
            band.shortUsd += m.shortUsd[static_cast<std::size_t>(b)];
        }
        bands.push_back(band);
    }
    return bands;
}

/// Enough decimals to tell band edges apart: one for prices in the thousands, more for cheap coins.
int priceDecimals(double bandWidth)
{
    return bandWidth >= 1.0 ? 1 : std::clamp(static_cast<int>(std::ceil(-std::log10(bandWidth))) + 1, 1, 8);
}

std::string bandLine(const Band& band, double price, double biggest, int decimals)
{
    const std::string edges = printfString("%10.*f-%-10.*f", decimals, band.low, decimals, band.high);
    if (band.holdsPrice) {
        std::string line = edges + " ---------- price " + formatPrice(price) + " ----------";
        if (band.longUsd > 0.0 || band.shortUsd > 0.0) {
            line += "  long " + money(band.longUsd) + " below, short " + money(band.shortUsd) + " above";
        }
        return line + "\n";
    }
    const bool above = band.low >= price;
    const double usd = above ? band.shortUsd : band.longUsd;
    const auto barLength = static_cast<std::size_t>(std::lround(40.0 * usd / biggest));
    return edges +
           printfString(" %-5s %8s |", usd > 0 ? (above ? "short" : "long") : "", usd > 0 ? money(usd).c_str() : "") +
           std::string(barLength, above ? '#' : '=') + "\n";
}

std::string mapText(const Estimated& loaded, BucketSpan span, const MapOptions& o)
{
    const LiquidationMap& m = loaded.result.map;
    const std::vector<Band> bands = foldIntoBands(m, span, o.rows);
    double biggest = 1.0;
    for (const auto& b : bands) {
        biggest = std::max({biggest, b.longUsd, b.shortUsd});
    }
    std::ostringstream text;
    text << "Estimated liquidation map, " << loaded.snapshot.data.source.symbol << " at " << formatPrice(m.price)
         << " (" << formatTimeIso(m.time) << "), model " << loaded.model.preset << ", bucket " << m.grid.size << "\n";
    text << "shorts (above price) liquidate if price rises there; longs (below) if it falls there\n\n";
    const int decimals = priceDecimals(bands.front().high - bands.front().low);
    for (auto it = bands.rbegin(); it != bands.rend(); ++it) {
        text << bandLine(*it, m.price, biggest, decimals);
    }
    text << "\nwithin " << o.rangePercent << " %: shorts "
         << money(m.cumulativeShort[static_cast<std::size_t>(span.last)]) << " above, longs "
         << money(m.cumulativeLong[static_cast<std::size_t>(span.first)]) << " below\n";
    const auto clusters = findClusters(m);
    text << "\nlargest clusters:\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(5, clusters.size()); ++i) {
        const auto& c = clusters[i];
        text << printfString("  %-5s %10.*f-%-10.*f peak %10.*f  %8s  %5.2f %% away\n", toString(c.side).c_str(),
                             decimals, c.priceLow, decimals, c.priceHigh, decimals, c.peakPrice,
                             money(c.totalUsd).c_str(), c.distancePercent);
    }
    return text.str();
}

// --- json -------------------------------------------------------------------------------------

std::string mapJson(const Estimated& loaded, BucketSpan span)
{
    const LiquidationMap& m = loaded.result.map;
    json levels = json::array();
    for (int b = span.first; b <= span.last; ++b) {
        const auto i = static_cast<std::size_t>(b);
        levels.push_back({{"price_low", m.grid.lower(b)},
                          {"price_high", m.grid.upper(b)},
                          {"long_usd", m.longUsd[i]},
                          {"short_usd", m.shortUsd[i]},
                          {"cumulative_long_usd", m.cumulativeLong[i]},
                          {"cumulative_short_usd", m.cumulativeShort[i]}});
    }
    return dump({{"price", m.price},
                 {"time", formatTimeIso(m.time)},
                 {"bucket_size", m.grid.size},
                 {"model", modelJson(loaded.model)},
                 {"levels", levels}});
}

int runMap(const MapOptions& o)
{
    EstimateOptions options;
    options.maxColumns = 1;
    const Estimated loaded = loadAndEstimate(o.snapshot, o.model, options);
    const LiquidationMap& m = loaded.result.map;
    const BucketSpan span = spanAround(m, o.rangePercent);
    if (span.last < span.first) {
        fail("the map has no price levels within " + formatPrice(o.rangePercent) + " % of the price");
    }
    if (o.format == "csv") {
        emit(o.output, liquidationMapCsv(m, span.first, span.last));
    } else if (o.format == "json") {
        emit(o.output, mapJson(loaded, span));
    } else {
        emit(o.output, mapText(loaded, span, o));
    }
    return 0;
}

}  // namespace

Command addMapCommand(CLI::App& root)
{
    auto o = std::make_shared<MapOptions>();
    CLI::App* app = root.add_subcommand("map", "the current liquidation map around the price");
    addSnapshotArgument(*app, o->snapshot);
    app->add_option("--range", o->rangePercent, "percent of the price each side (default 8)")
        ->check(numberAbove(0.0, 100.0))
        ->type_name("PCT");
    app->add_option("--format", o->format, "text (default), csv or json")
        ->check(CLI::IsMember({"text", "csv", "json"}).description(""))
        ->type_name("text|csv|json");
    app->add_option("--rows", o->rows, "text: about N rows of equal width (default 30)")
        ->check(wholeNumberWithin(2, 1000))
        ->type_name("N");
    addOutputOption(*app, o->output);
    addModelOptions(*app, o->model);
    return {app, [o] { return runMap(*o); }};
}

}  // namespace liqheat::cli
