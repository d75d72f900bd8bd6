// libFuzzer target for the liquidation stream parsers (all three exchanges read every input).
// Seed corpus: tests/fixtures/streams (messages captured from the exchanges).
#include "liqheat/live/stream_messages.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const liqheat::ContractSizes sizes{{"BTC-USDT-SWAP", 0.01}, {"CELO-USDT-SWAP", 10.0}};
    for (const liqheat::Exchange exchange : liqheat::allExchanges()) {
        const auto message = liqheat::parseStreamMessage(exchange, text, sizes);
        if (!message.ok()) {
            continue;
        }
        // Accepted orders must be usable: a symbol, a positive price, a finite notional.
        for (const auto& order : message->orders) {
            if (order.symbol.empty() || !(order.price > 0.0) || !(order.baseQty >= 0.0) || !std::isfinite(order.usd)) {
                __builtin_trap();
            }
        }
    }
    return 0;
}
