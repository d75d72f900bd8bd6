#include "liqheat/live/watch_session.h"

namespace liqheat {

WatchUpdate refreshMarket(MarketFeed& feed, const WatchKey& key, const ModelSettings& model, AlertEngine* engine,
                          TimeMs now, std::optional<double> plannedLiquidation)
{
    WatchUpdate update;
    update.key = key;
    auto data = feed.latest(key);
    if (!data) {
        update.error = data.error().message;
        return update;
    }
    auto estimate = estimateForWatch(*data, model);
    if (!estimate) {
        update.error = toString(key) + ": estimate: " + estimate.error().message;
        return update;
    }
    auto evaluation = evaluateWatch(*data, *estimate, now);
    if (!evaluation) {
        update.error = toString(key) + ": " + evaluation.error().message;
        return update;
    }
    update.evaluation = std::move(*evaluation);
    if (engine != nullptr) {
        AlertInput input;
        input.exchange = toString(key.exchange);
        input.symbol = key.symbol;
        input.time = data->candles.time.back();
        input.data = &*data;
        input.estimate = &*estimate;
        input.evaluation = &*update.evaluation;
        input.plannedLiquidation = plannedLiquidation;
        update.alerts = engine->evaluate(input);
    }
    return update;
}

}  // namespace liqheat
