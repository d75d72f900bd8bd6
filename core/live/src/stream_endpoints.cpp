// Stream URLs and keepalive rules, from ../shared/reference/streams.md sections 1-3.
#include "liqheat/live/stream_endpoints.h"

#include "liqheat/live/exchange_api.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace liqheat {
namespace {

constexpr TimeMs kHourMs = 3'600'000;

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return text;
}

}  // namespace

std::string defaultStreamUrl(Exchange exchange)
{
    switch (exchange) {
    case Exchange::Binance: return "wss://fstream.binance.com/market";  // forceOrder is on the /market route
    case Exchange::Bybit: return "wss://stream.bybit.com/v5/public/linear";
    case Exchange::Okx: return "wss://ws.okx.com:8443/ws/v5/public";
    }
    return {};
}

std::string streamUrlVariable(Exchange exchange)
{
    switch (exchange) {
    case Exchange::Binance: return "LIQHEAT_BINANCE_STREAM_URL";
    case Exchange::Bybit: return "LIQHEAT_BYBIT_STREAM_URL";
    case Exchange::Okx: return "LIQHEAT_OKX_STREAM_URL";
    }
    return {};
}

Result<std::string> resolveStreamUrl(Exchange exchange, const std::string& override)
{
    std::string url = override;
    std::string origin = "stream URL";
    if (url.empty()) {
        if (const char* value = std::getenv(streamUrlVariable(exchange).c_str()); value != nullptr && *value != '\0') {
            url = value;
            origin = streamUrlVariable(exchange);
        }
    }
    if (url.empty()) {
        return defaultStreamUrl(exchange);
    }
    const std::string given = url;
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    const bool ws = url.rfind("ws://", 0) == 0 && url.size() > 5;
    const bool wss = url.rfind("wss://", 0) == 0 && url.size() > 6;
    if ((!ws && !wss) || url.find_first_of(" \t\r\n?#") != std::string::npos) {
        return makeError(Error::Code::InvalidArgument,
                         toString(exchange) + " " + origin + " \"" + given + "\" is not a ws:// or wss:// URL");
    }
    return url;
}

Result<StreamPlan> planStream(Exchange exchange, const std::string& baseUrl, const std::vector<std::string>& symbols)
{
    if (symbols.empty()) {
        return makeError(Error::Code::InvalidArgument, toString(exchange) + " stream: no symbols");
    }
    StreamPlan plan;
    plan.exchange = exchange;
    std::vector<std::string> native;
    for (const std::string& symbol : symbols) {
        auto name = exchangeSymbol(exchange, symbol);
        if (!name) {
            return name.error();
        }
        native.push_back(*name);
    }
    switch (exchange) {
    case Exchange::Binance: {
        // Streams in the URL (combined mode): no subscribe message, events wrapped in
        // {"stream","data"}. The server pings every 3 min and cuts connections at 24 h.
        std::string streams;
        for (const std::string& name : native) {
            streams += (streams.empty() ? "" : "/") + lower(name) + "@forceOrder";
        }
        plan.url = baseUrl + "/stream?streams=" + streams;
        plan.maxConnectionMs = 23 * kHourMs;
        break;
    }
    case Exchange::Bybit: {
        nlohmann::json args = nlohmann::json::array();
        for (const std::string& name : native) {
            args.push_back("allLiquidation." + name);
        }
        plan.url = baseUrl;
        plan.subscribe.push_back(nlohmann::json{{"op", "subscribe"}, {"args", args}}.dump());
        plan.ping = R"({"op":"ping"})";
        plan.pingIntervalMs = 20'000;  // the documented recommendation
        plan.pongTimeoutMs = 20'000;
        // No forced disconnect is documented; a daily reconnect costs nothing and bounds surprises.
        plan.maxConnectionMs = 23 * kHourMs;
        break;
    }
    case Exchange::Okx: {
        // One channel for all swaps; the parser keeps the instruments it has contract sizes for.
        plan.url = baseUrl;
        plan.subscribe.push_back(R"({"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SWAP"}]})");
        plan.ping = "ping";
        plan.pingIntervalMs = 25'000;  // below the 30 s after which a silent connection is cut
        plan.pingOnlySilent = true;
        plan.pongTimeoutMs = 25'000;
        plan.maxConnectionMs = 23 * kHourMs;
        break;
    }
    }
    return plan;
}

}  // namespace liqheat
