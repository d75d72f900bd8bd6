#pragma once

// Shared by the OKX adapter's files. Internal to liqheat_core.

#include "exchange_common.h"

#include <chrono>
#include <string>

namespace liqheat::detail::okx {

/// Budget of the public endpoints (instruments, mark price, liquidation orders): 20 requests per
/// 2 s, kept with a 10 % margin.
inline constexpr std::chrono::milliseconds kPublicSpacing{110};

/// Whether to retry, fail or accept an answer: by its HTTP status and its "code" ("50011": rate
/// limit).
RetryDecision classify(const HttpResponse& response);

/// The "data" array of an answer {"code": "0", "msg": "", "data": [...]}; errors name the exchange.
Result<const Json*> dataOf(Session& session, const Json& body, const std::string& path);

/// The contract size ctVal x ctMult of the linear swap `instId`, in base coin (BTC-USDT-SWAP: 0.01).
Result<double> fetchContractSize(Session& session, const std::string& instId);

/// Realized liquidations of `instId` per candle interval, from the recent orders OKX keeps.
/// `contractSize` is ctVal x ctMult in base coin. They are a comparison, not an input: a failure
/// becomes a note and an empty series; only Cancelled is returned.
Status fetchLiquidations(Session& session, const std::string& instId, double contractSize, TimeMs lastCandle,
                         LiquidationSeries& series);

}  // namespace liqheat::detail::okx
