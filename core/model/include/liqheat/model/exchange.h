#pragma once

#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// The exchanges liqheat knows: Binance USD-M futures, Bybit v5 linear, OKX v5 swaps. Every part
/// (live adapters, liquidation formulas, the store) names an exchange with this one enum.
enum class Exchange { Binance, Bybit, Okx };

std::string toString(Exchange exchange);  ///< "binance", "bybit", "okx"
std::optional<Exchange> exchangeFromString(const std::string& name);
const std::vector<Exchange>& allExchanges();

}  // namespace liqheat
