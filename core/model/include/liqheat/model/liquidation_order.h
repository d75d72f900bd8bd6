#pragma once

#include "liqheat/model/exchange.h"
#include "liqheat/model/time.h"

#include <string>

namespace liqheat {

/// Which position an exchange force-closed: a long (closed by a sell) or a short (by a buy).
enum class LiquidatedSide { Long, Short };

/// One realized liquidation order, as an exchange's stream or REST endpoint reports it, in the
/// units every other part uses: base quantity and USD (quote) notional.
struct LiquidationOrder {
    Exchange exchange = Exchange::Binance;
    std::string symbol;  ///< canonical, e.g. "BTCUSDT"
    TimeMs time = 0;     ///< when the order executed (or was reported)
    LiquidatedSide side = LiquidatedSide::Long;
    double price = 0.0;    ///< average fill price, or the price the exchange gives
    double baseQty = 0.0;  ///< base units (OKX contracts already times ctVal)
    double usd = 0.0;      ///< quote notional
    /// The exchange's own identity of the order or trade when it sends one, else empty; part of
    /// the store's de-duplication key together with time, side, price and quantity.
    std::string id;
};

}  // namespace liqheat
