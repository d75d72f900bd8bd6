#pragma once

// One refresh of one watched market: its latest data from a MarketFeed, the estimate, the
// watchlist row and the alerts that fire. The GUI watchlist and `liqheat-cli watch` both call it.

#include "liqheat/analysis/alerts.h"
#include "liqheat/analysis/watch_row.h"
#include "liqheat/live/market_feed.h"
#include "liqheat/model/model_settings.h"

#include <optional>
#include <string>
#include <vector>

namespace liqheat {

struct WatchUpdate {
    WatchKey key;
    std::optional<WatchEvaluation> evaluation;  ///< empty when `error` is set
    std::vector<AlertEvent> alerts;
    std::string error;  ///< one line: why this market has no row this time
};

/// Fetches `key` through `feed`, estimates with `model`, computes the row at `now` and runs
/// `engine` (when given) at the time of the last candle, so cooldowns count in market time.
/// `plannedLiquidation`: the liquidation price of the trader's planned position, if any.
WatchUpdate refreshMarket(MarketFeed& feed, const WatchKey& key, const ModelSettings& model, AlertEngine* engine,
                          TimeMs now, std::optional<double> plannedLiquidation = std::nullopt);

}  // namespace liqheat
