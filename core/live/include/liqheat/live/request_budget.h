#pragma once

// One request budget per exchange, shared by everything that refreshes in the background (the
// watchlist, `liqheat-cli watch`, the instrument lists), so that many symbols never add up to more
// than the exchange allows.

#include "liqheat/live/http_client.h"
#include "liqheat/model/exchange.h"
#include "liqheat/model/result.h"
#include "liqheat/model/time.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace liqheat {

/// The time source and the wait of a budget; tests pass a clock they move themselves.
struct BudgetClock {
    std::function<TimeMs()> now;              ///< default: nowUtcMs
    std::function<void(TimeMs delay)> sleep;  ///< default: std::this_thread::sleep_for
    static BudgetClock system();
};

/// A token bucket: up to `burst` requests at once, refilled at `perSecond` requests per second.
struct BudgetRate {
    double perSecond = 1.0;
    double burst = 1.0;
};

/// The stated budget of each exchange, in requests, below its published public limits
/// (docs/WATCH.md): Binance 2 / s, burst 20 (the /futures/data endpoints allow 1000 per 5 min =
/// 3.3 / s; 120 requests a minute of at most weight 10 stay under 2400 weight a minute); Bybit 5 / s,
/// burst 20 (600 per 5 s per IP); OKX 2 / s, burst 1 (a rubik statistic allows 5 per 2 s).
BudgetRate defaultBudgetRate(Exchange exchange);

class RequestBudget {
public:
    RequestBudget(BudgetRate rate, BudgetClock clock);

    /// Takes one token, waiting (through the clock's sleep) until one is there; Cancelled when
    /// `cancel` fires while waiting.
    Status acquire(const CancelToken* cancel = nullptr);
    /// How long until a token is there (0: now).
    [[nodiscard]] TimeMs waitMs();
    /// Tokens taken so far.
    [[nodiscard]] std::size_t taken() const;
    [[nodiscard]] BudgetRate rate() const { return m_rate; }

private:
    void refillLocked(TimeMs now);

    BudgetRate m_rate;
    BudgetClock m_clock;
    mutable std::mutex m_mutex;
    double m_tokens;
    TimeMs m_last = -1;
    std::size_t m_taken = 0;
};

/// One budget per exchange, created on first use with its default (or configured) rate.
class RequestBudgets {
public:
    explicit RequestBudgets(BudgetClock clock = BudgetClock::system(), std::map<Exchange, BudgetRate> rates = {});
    RequestBudget& forExchange(Exchange exchange);
    /// A beforeRequest hook for HttpClientOptions that draws on `exchange`'s budget.
    std::function<Status()> hook(Exchange exchange, const CancelToken* cancel = nullptr);

private:
    BudgetClock m_clock;
    std::map<Exchange, BudgetRate> m_rates;
    std::mutex m_mutex;
    std::map<Exchange, std::unique_ptr<RequestBudget>> m_budgets;
};

}  // namespace liqheat
