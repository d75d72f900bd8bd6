// The per-exchange token bucket, on a clock the test moves.
#include "liqheat/live/request_budget.h"

#include <gtest/gtest.h>

using namespace liqheat;

TEST(RequestBudget, NeverExceedsBurstPlusRate)
{
    TimeMs now = 1'000'000;
    std::vector<TimeMs> granted;
    BudgetClock clock{[&] { return now; }, [&](TimeMs delay) { now += delay; }};
    RequestBudget budget({2.0, 20.0}, clock);
    for (int i = 0; i < 100; ++i) {
        ASSERT_TRUE(budget.acquire());
        granted.push_back(now);
    }
    // The first 20 at once, then one every 500 ms: the 100th at (100 - 20) / 2 s = 40 s.
    EXPECT_EQ(granted[19], 1'000'000);
    EXPECT_EQ(granted[20], 1'000'500);
    EXPECT_EQ(granted.back() - 1'000'000, 40'000);
    // In every window of w ms, at most 20 + 2 w / 1000 requests.
    for (std::size_t a = 0; a < granted.size(); ++a) {
        for (std::size_t b = a; b < granted.size(); ++b) {
            const double allowed = 20.0 + 2.0 * static_cast<double>(granted[b] - granted[a]) / 1000.0;
            EXPECT_LE(static_cast<double>(b - a + 1), allowed + 1e-9);
        }
    }
    EXPECT_EQ(budget.taken(), 100u);
}

TEST(RequestBudget, CancelStopsTheWait)
{
    TimeMs now = 0;
    CancelToken cancel;
    int sleeps = 0;
    BudgetClock clock{[&] { return now; },
                      [&](TimeMs) {
                          if (++sleeps == 3) {
                              cancel.cancel();
                          }
                      }};
    RequestBudget budget({1.0, 1.0}, clock);
    ASSERT_TRUE(budget.acquire(&cancel));
    const Status second = budget.acquire(&cancel);  // the clock never moves: only the cancel ends it
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, Error::Code::Cancelled);
}

TEST(RequestBudget, StatedBudgetsStayBelowPublishedLimits)
{
    // Binance /futures/data: 1000 requests / 5 min; Bybit: 600 / 5 s; OKX rubik: 5 / 2 s.
    EXPECT_LT(defaultBudgetRate(Exchange::Binance).perSecond * 300.0 + defaultBudgetRate(Exchange::Binance).burst,
              1000.0);
    EXPECT_LT(defaultBudgetRate(Exchange::Bybit).perSecond * 5.0 + defaultBudgetRate(Exchange::Bybit).burst, 600.0);
    EXPECT_LE(defaultBudgetRate(Exchange::Okx).perSecond * 2.0 + defaultBudgetRate(Exchange::Okx).burst, 5.0);
}
