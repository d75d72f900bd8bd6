// Realized liquidations come from /api/v5/public/liquidation-orders, which keeps only recent
// orders; the reference documents no paging for it, so one page of up to 100 is read. Each order's
// notional is sz (contracts) x ctVal x bkPx (the bankruptcy price).
#include "okx_common.h"

#include "liqheat/model/time.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace liqheat::detail::okx {
namespace {

constexpr std::size_t kLiquidationLimit = 100;  // liquidation-orders: max 100

struct Order {
    TimeMs time;
    bool longLiquidated;
    double usd;
};

/// The orders of one listing.
struct OrderPage {
    std::vector<Order> orders;  ///< those in the requested span
    std::size_t listed = 0;     ///< every order of the instrument, in the span or not
    TimeMs oldest = 0;          ///< time of the oldest order listed
};

/// One entry of an order's "details": time, size and which side was liquidated.
Result<Order> readOrder(const Json& detail, const std::string& at, double contractSize)
{
    auto time = timeField(detail, "ts", at);
    auto size = numberField(detail, "sz", at);
    auto price = numberField(detail, "bkPx", at);
    auto side = textField(detail, "side", at);
    if (const Error* e = firstError(time, size, price, side)) {
        return *e;
    }
    std::string posSide;
    if (const auto it = detail.find("posSide"); it != detail.end() && it->is_string()) {
        posSide = it->get<std::string>();
    }
    // posSide names the liquidated position; in net mode it is "net" and the closing
    // order's side tells: a sell closes a long.
    bool longLiquidated = false;
    if (posSide == "long" || posSide == "short") {
        longLiquidated = posSide == "long";
    } else if (*side == "sell" || *side == "buy") {
        longLiquidated = *side == "sell";
    } else {
        return makeError(Error::Code::ParseError, at + ": side '" + *side + "' is neither buy nor sell");
    }
    const double usd = *size * contractSize * *price;
    if (!(usd >= 0.0) || !std::isfinite(usd)) {
        return makeError(Error::Code::ParseError, at + ": sz x ctVal x bkPx is not a non-negative amount");
    }
    return Order{*time, longLiquidated, usd};
}

Result<OrderPage> readOrders(Session& session, const Json& body, const std::string& path, const std::string& instId,
                             double contractSize)
{
    auto rows = dataOf(session, body, path);
    if (!rows) {
        return rows.error();
    }
    OrderPage page;
    for (std::size_t i = 0; i < (*rows)->size(); ++i) {
        const Json& row = (**rows)[i];
        const std::string where = "GET " + path + ": data[" + std::to_string(i) + "]";
        if (!row.is_object()) {
            return makeError(Error::Code::ParseError, where + ": expected an object, got " + typeName(row));
        }
        // Filtering by uly may list other swaps of the family; keep this instrument's orders.
        if (const auto id = row.find("instId");
            id != row.end() && id->is_string() && id->get<std::string>() != instId) {
            continue;
        }
        auto details = member(row, "details", where);
        if (!details) {
            return details.error();
        }
        auto list = readArray(**details, where + ".details");
        if (!list) {
            return list.error();
        }
        for (std::size_t k = 0; k < (*list)->size(); ++k) {
            auto order = readOrder((**list)[k], where + ".details[" + std::to_string(k) + "]", contractSize);
            if (!order) {
                return order.error();
            }
            page.oldest = page.listed == 0 ? order->time : std::min(page.oldest, order->time);
            ++page.listed;
            if (session.inSpan(order->time)) {
                page.orders.push_back(*order);
            }
        }
    }
    return page;
}

/// Sums the orders per candle interval. Intervals from the oldest order's to the last candle's are
/// all emitted: the listing runs without gaps from now back to its oldest order, so an interval
/// without orders is a real zero.
Result<LiquidationSeries> readLiquidations(Session& session, const Json& body, const std::string& path,
                                           const std::string& instId, double contractSize, TimeMs lastCandle)
{
    const TimeMs interval = session.spec().intervalMs;
    auto page = readOrders(session, body, path, instId, contractSize);
    if (!page) {
        return page.error();
    }
    const std::vector<Order>& orders = page->orders;
    const std::size_t listed = page->listed;
    if (orders.empty() || interval <= 0) {
        session.note(session.name() + " returned " + std::to_string(listed) +
                     " liquidation orders, none in the requested span; realized liquidations left out");
        return LiquidationSeries{};
    }
    LiquidationSeries series;
    series.intervalMs = interval;
    const auto start = [interval](TimeMs t) { return t - (((t % interval) + interval) % interval); };
    TimeMs first = start(orders.front().time);
    TimeMs last = std::max(first, start(lastCandle));
    for (const Order& order : orders) {
        first = std::min(first, start(order.time));
        last = std::max(last, start(order.time));
    }
    // A full page was cut at its oldest order: the oldest interval misses the orders before it.
    const bool full = listed >= kLiquidationLimit;
    if (full && first < last) {
        first += interval;
    }
    for (TimeMs t = first; t <= last; t += interval) {
        series.time.push_back(t);
        series.longUsd.push_back(0.0);
        series.shortUsd.push_back(0.0);
    }
    for (const Order& order : orders) {
        if (start(order.time) < first) {
            continue;
        }
        const auto i = static_cast<std::size_t>((start(order.time) - first) / interval);
        (order.longLiquidated ? series.longUsd : series.shortUsd)[i] += order.usd;
    }
    session.note(
        session.name() + " realized liquidations reach back only to " + formatTimeIso(page->oldest) + " (" +
        std::to_string(listed) + " orders, one page" +
        (full ? " of " + std::to_string(kLiquidationLimit) + ", the oldest interval dropped as incomplete" : "") +
        "; the endpoint keeps only recent orders); series from " + formatTimeIso(first));
    return series;
}

}  // namespace

Status fetchLiquidations(Session& session, const std::string& instId, double contractSize, TimeMs lastCandle,
                         LiquidationSeries& series)
{
    const std::string path = "/api/v5/public/liquidation-orders";
    const std::string family = instId.substr(0, instId.rfind("-SWAP"));
    auto body = session.getJson(
        path,
        {{"instType", "SWAP"}, {"uly", family}, {"state", "filled"}, {"limit", std::to_string(kLiquidationLimit)}},
        classify, kPublicSpacing);
    Result<LiquidationSeries> read = body ? readLiquidations(session, *body, path, instId, contractSize, lastCandle)
                                          : Result<LiquidationSeries>(body.error());
    if (!read) {
        if (read.error().code == Error::Code::Cancelled) {
            return read.error();
        }
        // Realized liquidations are a comparison, not an input: their absence must not fail the fetch.
        // error() starts the message with "okx: "; the note names the exchange itself.
        const std::string why = session.error(read.error()).message.substr(session.name().size() + 2);
        session.note(session.name() + " realized liquidations left out (" + why + ")");
        series = {};
        return session.stepDone("liquidations unavailable");
    }
    series = std::move(*read);
    return session.stepDone("liquidations " + std::to_string(series.size()) + " intervals");
}

}  // namespace liqheat::detail::okx
