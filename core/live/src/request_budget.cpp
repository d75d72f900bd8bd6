#include "liqheat/live/request_budget.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace liqheat {

BudgetClock BudgetClock::system()
{
    return {[] { return static_cast<TimeMs>(nowUtcMs()); },
            [](TimeMs delay) { std::this_thread::sleep_for(std::chrono::milliseconds{delay}); }};
}

BudgetRate defaultBudgetRate(Exchange exchange)
{
    switch (exchange) {
    case Exchange::Binance: return {2.0, 20.0};
    case Exchange::Bybit: return {5.0, 20.0};
    case Exchange::Okx: return {2.0, 1.0};
    }
    return {1.0, 1.0};
}

RequestBudget::RequestBudget(BudgetRate rate, BudgetClock clock)
    : m_rate(rate), m_clock(std::move(clock)), m_tokens(rate.burst)
{
    if (!m_clock.now || !m_clock.sleep) {
        m_clock = BudgetClock::system();
    }
}

void RequestBudget::refillLocked(TimeMs now)
{
    if (m_last >= 0 && now > m_last) {
        m_tokens = std::min(m_rate.burst, m_tokens + static_cast<double>(now - m_last) / 1000.0 * m_rate.perSecond);
    }
    m_last = std::max(m_last, now);
}

TimeMs RequestBudget::waitMs()
{
    const std::lock_guard lock(m_mutex);
    refillLocked(m_clock.now());
    if (m_tokens >= 1.0) {
        return 0;
    }
    return static_cast<TimeMs>(std::ceil((1.0 - m_tokens) / m_rate.perSecond * 1000.0));
}

Status RequestBudget::acquire(const CancelToken* cancel)
{
    // Waits in slices of at most 200 ms so that a cancel is noticed soon.
    constexpr TimeMs kSlice = 200;
    for (;;) {
        if (cancel != nullptr && cancel->cancelled()) {
            return makeError(Error::Code::Cancelled, "cancelled");
        }
        TimeMs wait = 0;
        {
            const std::lock_guard lock(m_mutex);
            refillLocked(m_clock.now());
            if (m_tokens >= 1.0) {
                m_tokens -= 1.0;
                ++m_taken;
                return {};
            }
            wait = static_cast<TimeMs>(std::ceil((1.0 - m_tokens) / m_rate.perSecond * 1000.0));
        }
        m_clock.sleep(std::clamp<TimeMs>(wait, 1, kSlice));
    }
}

std::size_t RequestBudget::taken() const
{
    const std::lock_guard lock(m_mutex);
    return m_taken;
}

RequestBudgets::RequestBudgets(BudgetClock clock, std::map<Exchange, BudgetRate> rates)
    : m_clock(std::move(clock)), m_rates(std::move(rates))
{}

RequestBudget& RequestBudgets::forExchange(Exchange exchange)
{
    const std::lock_guard lock(m_mutex);
    auto& slot = m_budgets[exchange];
    if (!slot) {
        const auto it = m_rates.find(exchange);
        slot = std::make_unique<RequestBudget>(it != m_rates.end() ? it->second : defaultBudgetRate(exchange), m_clock);
    }
    return *slot;
}

std::function<Status()> RequestBudgets::hook(Exchange exchange, const CancelToken* cancel)
{
    RequestBudget* budget = &forExchange(exchange);
    return [budget, cancel] { return budget->acquire(cancel); };
}

}  // namespace liqheat
