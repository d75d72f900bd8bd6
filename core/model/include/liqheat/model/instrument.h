#pragma once

// An exchange's tradable perpetuals, as its instrument list gives them. Plain data: the exchange
// adapters (live) fill it, the store keeps it, the symbol picker shows it.

#include "liqheat/model/exchange.h"
#include "liqheat/model/time.h"

#include <string>
#include <vector>

namespace liqheat {

/// One tradable perpetual.
struct Instrument {
    Exchange exchange = Exchange::Binance;
    std::string symbol;          ///< canonical, e.g. "BTCUSDT"
    std::string exchangeSymbol;  ///< the exchange's own, e.g. "BTC-USDT-SWAP"
    std::string base;            ///< "BTC"
    std::string quote;           ///< "USDT"
    double tickSize = 0.0;
    double contractValue = 1.0;  ///< base units per contract (OKX ctVal; 1 elsewhere)
    double minQuantity = 0.0;    ///< in contracts on OKX, in base units elsewhere

    friend bool operator==(const Instrument&, const Instrument&) = default;
};

/// One exchange's whole list and when it was fetched.
struct InstrumentList {
    TimeMs fetchedAt = 0;
    std::vector<Instrument> instruments;
};

}  // namespace liqheat
