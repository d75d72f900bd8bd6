// The three exchanges' liquidation stream messages, normalised to LiquidationOrder. Sides follow
// ../shared/reference/streams.md section 7: Binance and OKX name the closing order's side (a sell
// closes a long), Bybit names the position side (Buy = a long was liquidated).
#include "liqheat/live/stream_messages.h"

#include "exchange_common.h"

#include "liqheat/live/exchange_api.h"

#include <algorithm>
#include <cmath>

namespace liqheat {
namespace {

using detail::Json;
using detail::numberField;
using detail::textField;
using detail::timeField;

Error streamError(Exchange exchange, const Error& error)
{
    return makeError(error.code, toString(exchange) + " stream: " + error.message);
}

Error streamError(Exchange exchange, Error::Code code, const std::string& message)
{
    return makeError(code, toString(exchange) + " stream: " + message);
}

Result<Json> parseObject(Exchange exchange, std::string_view text)
{
    Json value = Json::parse(text.begin(), text.end(), nullptr, false);
    if (value.is_discarded()) {
        return streamError(exchange, Error::Code::ParseError,
                           "not JSON: \"" + std::string(text.substr(0, 60)) + (text.size() > 60 ? "...\"" : "\""));
    }
    if (!value.is_object()) {
        return streamError(exchange, Error::Code::ParseError, "expected an object, got " + json::typeName(value));
    }
    return value;
}

std::string stringOr(const Json& object, const char* key, const std::string& fallback = {})
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return fallback;
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

/// Fills symbol (canonical), price, quantity and usd; errors name `where`.
Status finishOrder(LiquidationOrder& order, const std::string& rawSymbol, double price, double quantity,
                   const std::string& where)
{
    auto symbol = canonicalSymbol(rawSymbol);
    if (!symbol) {
        return makeError(Error::Code::InvalidData, where + ": " + symbol.error().message);
    }
    order.symbol = *symbol;
    order.price = price;
    order.baseQty = quantity;
    order.usd = price * quantity;
    if (!(price > 0.0) || !(quantity >= 0.0) || !std::isfinite(order.usd)) {
        return makeError(Error::Code::InvalidData, where + ": price must be positive and size non-negative");
    }
    return {};
}

StreamMessage controlMessage(StreamControl::Kind kind, std::string text = {})
{
    StreamMessage message;
    message.control = StreamControl{kind, std::move(text)};
    return message;
}

// --- Binance ---------------------------------------------------------------------------------

Result<LiquidationOrder> readBinanceOrder(const Json& event)
{
    auto o = json::member(event, "o", "forceOrder");
    if (!o) {
        return o.error();
    }
    const Json& order = **o;
    const std::string where = "forceOrder.o";
    auto symbol = textField(order, "s", where);
    auto side = textField(order, "S", where);
    auto time = timeField(order, "T", where);
    auto filled = numberField(order, "z", where);
    auto average = numberField(order, "ap", where);
    if (const Error* e = detail::firstError(symbol, side, time, filled, average)) {
        return *e;
    }
    if (*side != "SELL" && *side != "BUY") {
        return makeError(Error::Code::InvalidData, where + ".S: \"" + *side + "\" is neither BUY nor SELL");
    }
    // z is the filled size (l is only the last fill); an order reported before any fill has no
    // average price yet, so its limit price stands in.
    double price = *average;
    if (!(price > 0.0)) {
        auto limit = numberField(order, "p", where);
        if (!limit) {
            return limit.error();
        }
        price = *limit;
    }
    LiquidationOrder out;
    out.exchange = Exchange::Binance;
    out.time = *time;
    out.side = *side == "SELL" ? LiquidatedSide::Long : LiquidatedSide::Short;
    if (auto s = finishOrder(out, *symbol, price, *filled, where); !s) {
        return s.error();
    }
    return out;
}

// --- Bybit -----------------------------------------------------------------------------------

Result<LiquidationOrder> readBybitItem(const Json& item, const std::string& where, bool legacy)
{
    if (!item.is_object()) {
        return json::wrongType(where, "an object", item);
    }
    auto symbol = textField(item, legacy ? "symbol" : "s", where);
    auto side = textField(item, legacy ? "side" : "S", where);
    auto time = timeField(item, legacy ? "updatedTime" : "T", where);
    auto size = numberField(item, legacy ? "size" : "v", where);
    auto price = numberField(item, legacy ? "price" : "p", where);
    if (const Error* e = detail::firstError(symbol, side, time, size, price)) {
        return *e;
    }
    if (*side != "Buy" && *side != "Sell") {
        return makeError(Error::Code::InvalidData, where + ": side \"" + *side + "\" is neither Buy nor Sell");
    }
    LiquidationOrder out;
    out.exchange = Exchange::Bybit;
    out.time = *time;
    out.side = *side == "Buy" ? LiquidatedSide::Long : LiquidatedSide::Short;  // the position's side
    if (auto s = finishOrder(out, *symbol, *price, *size, where); !s) {
        return s.error();
    }
    return out;
}

// --- OKX -------------------------------------------------------------------------------------

Result<LiquidationOrder> readOkxDetail(const Json& detail, const std::string& where, const std::string& instId,
                                       double contractSize)
{
    if (!detail.is_object()) {
        return json::wrongType(where, "an object", detail);
    }
    auto time = timeField(detail, "ts", where);
    auto size = numberField(detail, "sz", where);
    auto price = numberField(detail, "bkPx", where);
    auto side = textField(detail, "side", where);
    if (const Error* e = detail::firstError(time, size, price, side)) {
        return *e;
    }
    const std::string posSide = stringOr(detail, "posSide");
    LiquidationOrder out;
    out.exchange = Exchange::Okx;
    out.time = *time;
    if (posSide == "long" || posSide == "short") {
        out.side = posSide == "long" ? LiquidatedSide::Long : LiquidatedSide::Short;
    } else if (*side == "sell" || *side == "buy") {  // net mode: a sell closes a long
        out.side = *side == "sell" ? LiquidatedSide::Long : LiquidatedSide::Short;
    } else {
        return makeError(Error::Code::InvalidData, where + ": side \"" + *side + "\" is neither buy nor sell");
    }
    // sz is in contracts: base = sz x ctVal.
    if (auto s = finishOrder(out, instId, *price, *size * contractSize, where); !s) {
        return s.error();
    }
    return out;
}

}  // namespace

Result<StreamMessage> parseBinanceStreamMessage(std::string_view text)
{
    auto parsed = parseObject(Exchange::Binance, text);
    if (!parsed) {
        return parsed.error();
    }
    const Json* event = &*parsed;
    if (const auto data = parsed->find("data"); data != parsed->end() && parsed->contains("stream")) {
        event = &*data;
        if (!event->is_object()) {
            return streamError(Exchange::Binance, json::wrongType("data", "an object", *event));
        }
    }
    if (event->contains("result") && event->contains("id")) {
        return controlMessage(StreamControl::Kind::SubscribeAck, "id " + stringOr(*event, "id"));
    }
    if (event->contains("code") && event->contains("msg")) {
        return controlMessage(StreamControl::Kind::Error,
                              "code " + stringOr(*event, "code") + ": " + stringOr(*event, "msg"));
    }
    const std::string type = stringOr(*event, "e");
    if (type != "forceOrder") {
        return streamError(Exchange::Binance, Error::Code::ParseError,
                           "unexpected message (event \"" + type + "\"), not a forceOrder");
    }
    auto order = readBinanceOrder(*event);
    if (!order) {
        return streamError(Exchange::Binance, order.error());
    }
    StreamMessage message;
    message.orders.push_back(std::move(*order));
    return message;
}

Result<StreamMessage> parseBybitStreamMessage(std::string_view text)
{
    auto parsed = parseObject(Exchange::Bybit, text);
    if (!parsed) {
        return parsed.error();
    }
    const Json& body = *parsed;
    const std::string op = stringOr(body, "op");
    if (op == "pong" || (op == "ping" && stringOr(body, "ret_msg") == "pong")) {
        return controlMessage(StreamControl::Kind::Pong);
    }
    if (const auto success = body.find("success"); success != body.end()) {
        if (success->is_boolean() && success->get<bool>()) {
            return controlMessage(StreamControl::Kind::SubscribeAck, op);
        }
        return controlMessage(StreamControl::Kind::Error, op + ": " + stringOr(body, "ret_msg", "refused"));
    }
    const std::string topic = stringOr(body, "topic");
    const bool current = topic.rfind("allLiquidation.", 0) == 0;
    const bool legacy = topic.rfind("liquidation.", 0) == 0;
    if (!current && !legacy) {
        return streamError(Exchange::Bybit, Error::Code::ParseError,
                           "unexpected message (topic \"" + topic + "\"), not allLiquidation");
    }
    auto data = json::member(body, "data", topic);
    if (!data) {
        return streamError(Exchange::Bybit, data.error());
    }
    StreamMessage message;
    // The documentation's table calls data an object, its example an array; accept both.
    const Json& items = **data;
    const auto readItem = [&](const Json& item, const std::string& where) -> Status {
        auto order = readBybitItem(item, where, legacy);
        if (!order) {
            return streamError(Exchange::Bybit, order.error());
        }
        message.orders.push_back(std::move(*order));
        return {};
    };
    if (items.is_array()) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (auto s = readItem(items[i], topic + ".data[" + std::to_string(i) + "]"); !s) {
                return s.error();
            }
        }
    } else if (auto s = readItem(items, topic + ".data"); !s) {
        return s.error();
    }
    return message;
}

Result<StreamMessage> parseOkxStreamMessage(std::string_view text, const ContractSizes& sizes)
{
    if (text == "pong") {  // the answer to the text "ping", not JSON
        return controlMessage(StreamControl::Kind::Pong);
    }
    auto parsed = parseObject(Exchange::Okx, text);
    if (!parsed) {
        return parsed.error();
    }
    const Json& body = *parsed;
    const std::string event = stringOr(body, "event");
    if (event == "subscribe") {
        return controlMessage(StreamControl::Kind::SubscribeAck, stringOr(body, "arg"));
    }
    if (event == "error") {
        return controlMessage(StreamControl::Kind::Error,
                              "code " + stringOr(body, "code") + ": " + stringOr(body, "msg"));
    }
    if (event == "notice") {
        return controlMessage(StreamControl::Kind::Notice,
                              "code " + stringOr(body, "code") + ": " + stringOr(body, "msg"));
    }
    if (!event.empty()) {  // unsubscribe, channel-conn-count and the like: nothing to record
        return controlMessage(StreamControl::Kind::SubscribeAck, event);
    }
    const auto arg = body.find("arg");
    if (arg == body.end() || !arg->is_object() || stringOr(*arg, "channel") != "liquidation-orders") {
        return streamError(Exchange::Okx, Error::Code::ParseError, "unexpected message, not liquidation-orders");
    }
    auto data = json::member(body, "data", "liquidation-orders");
    if (!data || !(*data)->is_array()) {
        return streamError(Exchange::Okx,
                           data ? json::wrongType("liquidation-orders.data", "an array", **data) : data.error());
    }
    StreamMessage message;
    for (std::size_t i = 0; i < (*data)->size(); ++i) {
        const Json& row = (**data)[i];
        const std::string where = "data[" + std::to_string(i) + "]";
        auto instId = textField(row, "instId", where);
        if (!instId) {
            return streamError(Exchange::Okx, instId.error());
        }
        auto details = json::member(row, "details", where);
        if (!details || !(*details)->is_array()) {
            return streamError(Exchange::Okx,
                               details ? json::wrongType(where + ".details", "an array", **details) : details.error());
        }
        const auto size = sizes.find(*instId);
        if (size == sizes.end()) {
            message.skipped += (*details)->size();
            continue;
        }
        for (std::size_t j = 0; j < (*details)->size(); ++j) {
            const std::string at = where + ".details[" + std::to_string(j) + "]";
            auto order = readOkxDetail((**details)[j], at, *instId, size->second);
            if (!order) {
                return streamError(Exchange::Okx, order.error());
            }
            message.orders.push_back(std::move(*order));
        }
    }
    return message;
}

LiquidationSeries addOrders(LiquidationSeries series, const std::vector<LiquidationOrder>& orders, TimeMs intervalMs)
{
    const TimeMs interval = series.intervalMs > 0 ? series.intervalMs : intervalMs;
    if (interval <= 0) {
        return series;
    }
    series.intervalMs = interval;
    for (const LiquidationOrder& order : orders) {
        const TimeMs start = order.time - (((order.time % interval) + interval) % interval);
        const auto it = std::lower_bound(series.time.begin(), series.time.end(), start);
        const auto index = static_cast<std::size_t>(it - series.time.begin());
        if (it == series.time.end() || *it != start) {
            series.time.insert(it, start);
            series.longUsd.insert(series.longUsd.begin() + static_cast<std::ptrdiff_t>(index), 0.0);
            series.shortUsd.insert(series.shortUsd.begin() + static_cast<std::ptrdiff_t>(index), 0.0);
        }
        (order.side == LiquidatedSide::Long ? series.longUsd : series.shortUsd)[index] += order.usd;
    }
    return series;
}

Result<StreamMessage> parseStreamMessage(Exchange exchange, std::string_view text, const ContractSizes& sizes)
{
    switch (exchange) {
    case Exchange::Binance: return parseBinanceStreamMessage(text);
    case Exchange::Bybit: return parseBybitStreamMessage(text);
    case Exchange::Okx: return parseOkxStreamMessage(text, sizes);
    }
    return makeError(Error::Code::InvalidArgument, "unknown exchange");
}

}  // namespace liqheat
