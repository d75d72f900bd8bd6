#include "liqheat/model/exchange.h"

namespace liqheat {

std::string toString(Exchange exchange)
{
    switch (exchange) {
    case Exchange::Binance: return "binance";
    case Exchange::Bybit: return "bybit";
    case Exchange::Okx: return "okx";
    }
    return "unknown";
}

std::optional<Exchange> exchangeFromString(const std::string& name)
{
    for (const Exchange exchange : allExchanges()) {
        if (toString(exchange) == name) {
            return exchange;
        }
    }
    return std::nullopt;
}

const std::vector<Exchange>& allExchanges()
{
    static const std::vector<Exchange> exchanges{Exchange::Binance, Exchange::Bybit, Exchange::Okx};
    return exchanges;
}

}  // namespace liqheat
