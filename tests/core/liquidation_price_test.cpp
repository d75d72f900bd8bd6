#include "liqheat/liquidation/liquidation_price.h"

#include <gtest/gtest.h>

using namespace liqheat;

namespace {

PositionSpec position(Exchange exchange, Side side, double entry, double qty, double leverage, double topUp = 0.0)
{
    PositionSpec p;
    p.exchange = exchange;
    p.side = side;
    p.entryPrice = entry;
    p.quantity = qty;
    p.leverage = leverage;
    p.topUp = topUp;
    return p;
}

}  // namespace

// Bybit help centre, "Liquidation Price (USDT Contract)", example 1: long 1 BTC at 20,000, 50x,
// MMR 0.5 %: IM 400, MM 100, LP = 20,000 - (400 - 100) = 19,700.
TEST(LiquidationPrice, BybitPublishedLongExample)
{
    const auto q =
        bybitLiquidation(position(Exchange::Bybit, Side::Long, 20'000, 1, 50), MaintenanceTable::single(0.005));
    ASSERT_TRUE(q.ok()) << q.error().message;
    EXPECT_NEAR(q->liquidationPrice, 19'700.0, 1e-9);
    EXPECT_NEAR(q->initialMargin, 400.0, 1e-9);
    EXPECT_NEAR(q->maintenanceMargin, 100.0, 1e-9);
    EXPECT_NEAR(q->bankruptcyPrice, 20'000.0 * (1.0 - 1.0 / 50.0), 1e-9);
}

TEST(LiquidationPrice, BybitShortMirrorsAndTopUpShiftsByMarginOverSize)
{
    const auto table = MaintenanceTable::single(0.005);
    const auto shortQuote = bybitLiquidation(position(Exchange::Bybit, Side::Short, 20'000, 1, 50), table);
    ASSERT_TRUE(shortQuote.ok());
    EXPECT_NEAR(shortQuote->liquidationPrice, 20'300.0, 1e-9);
    // Adding 150 USDT to a 2 BTC long moves LP down by exactly 150 / 2.
    const auto base = bybitLiquidation(position(Exchange::Bybit, Side::Long, 20'000, 2, 50), table);
    const auto topped = bybitLiquidation(position(Exchange::Bybit, Side::Long, 20'000, 2, 50, 150), table);
    ASSERT_TRUE(base.ok() && topped.ok());
    EXPECT_NEAR(base->liquidationPrice - topped->liquidationPrice, 75.0, 1e-9);
    // A funding deduction (negative top-up) moves it toward the entry.
    const auto deducted = bybitLiquidation(position(Exchange::Bybit, Side::Long, 20'000, 2, 50, -40), table);
    ASSERT_TRUE(deducted.ok());
    EXPECT_NEAR(deducted->liquidationPrice - base->liquidationPrice, 20.0, 1e-9);
}

// exchanges.md 4.4 (third-party, derived): Q=1, EP=84,000, 10x (WB 8,400), MMR 0.4 %, cum 0:
// long (84,000 - 8,400) / 0.996, short (84,000 + 8,400) / 1.004.
TEST(LiquidationPrice, BinanceIsolatedOneWayBothSides)
{
    const auto table = MaintenanceTable::single(0.004);
    const auto longQuote = binanceLiquidation(position(Exchange::Binance, Side::Long, 84'000, 1, 10), table);
    const auto shortQuote = binanceLiquidation(position(Exchange::Binance, Side::Short, 84'000, 1, 10), table);
    ASSERT_TRUE(longQuote.ok() && shortQuote.ok());
    EXPECT_NEAR(longQuote->liquidationPrice, 75'903.614457831, 1e-6);
    EXPECT_NEAR(shortQuote->liquidationPrice, 92'031.872509960, 1e-6);
    EXPECT_NEAR(longQuote->bankruptcyPrice, 75'600.0, 1e-9);
    EXPECT_NEAR(shortQuote->bankruptcyPrice, 92'400.0, 1e-9);
    EXPECT_NEAR(longQuote->distancePercent, (84'000 - 75'903.614457831) / 84'000 * 100, 1e-6);
}

TEST(LiquidationPrice, BinanceTopUpMovesLongDownByMarginOverOneMinusMmr)
{
    const auto table = MaintenanceTable::single(0.004);
    const auto base = binanceLiquidation(position(Exchange::Binance, Side::Long, 84'000, 1, 10), table);
    const auto topped = binanceLiquidation(position(Exchange::Binance, Side::Long, 84'000, 1, 10, 1'000), table);
    ASSERT_TRUE(base.ok() && topped.ok());
    EXPECT_NEAR(base->liquidationPrice - topped->liquidationPrice, 1'000 / 0.996, 1e-6);
    const auto shortBase = binanceLiquidation(position(Exchange::Binance, Side::Short, 84'000, 1, 10), table);
    const auto shortTopped = binanceLiquidation(position(Exchange::Binance, Side::Short, 84'000, 1, 10, 1'000), table);
    ASSERT_TRUE(shortBase.ok() && shortTopped.ok());
    EXPECT_NEAR(shortTopped->liquidationPrice - shortBase->liquidationPrice, 1'000 / 1.004, 1e-6);
}

// Entry notional 55,000 sits in tier 2 of the 2024-10 BTCUSDT table, but at the liquidation price
// the notional is below 50,000, so Binance's rule re-evaluates with tier 1 (0.4 %, cum 0):
// LP = (55,000 - 11,000) / 0.996. Tier 2 would give (55,000 - 11,000 - 50) / 0.995, whose notional
// falls outside tier 2.
TEST(LiquidationPrice, BinanceBracketReevaluatedAtLiquidationNotional)
{
    const auto* table = findMaintenanceTable("binance-btcusdt-2024-10");
    ASSERT_NE(table, nullptr);
    const auto q = binanceLiquidation(position(Exchange::Binance, Side::Long, 55'000, 1, 5), *table);
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->tierIndex, 1);
    EXPECT_NEAR(q->liquidationPrice, 44'000 / 0.996, 1e-6);

    // A short entered at 45,000 (tier 1) liquidates at a notional above 50,000: tier 2.
    const auto s = binanceLiquidation(position(Exchange::Binance, Side::Short, 45'000, 1, 5), *table);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->tierIndex, 2);
    EXPECT_NEAR(s->liquidationPrice, (45'000 + 9'000 + 50) / 1.005, 1e-6);
}

TEST(LiquidationPrice, BinanceCrossUsesWalletBalanceAsMargin)
{
    PositionSpec p = position(Exchange::Binance, Side::Long, 50'000, 2, 0);
    p.margin = 30'000;  // cross wallet balance available to the position
    const auto q = binanceLiquidation(p, MaintenanceTable::single(0.004));
    ASSERT_TRUE(q.ok());
    EXPECT_NEAR(q->liquidationPrice, (2 * 50'000 - 30'000) / (2 * 0.996), 1e-6);
}

TEST(LiquidationPrice, LowLeverageLongHasNoLiquidationPrice)
{
    const auto q =
        binanceLiquidation(position(Exchange::Binance, Side::Long, 50'000, 1, 1), MaintenanceTable::single(0.004));
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->liquidationPrice, 0.0);  // shown as "--" by the exchange
}

TEST(LiquidationPrice, RejectsNonsense)
{
    const auto table = MaintenanceTable::single(0.004);
    EXPECT_FALSE(binanceLiquidation(position(Exchange::Binance, Side::Long, -1, 1, 10), table).ok());
    EXPECT_FALSE(binanceLiquidation(position(Exchange::Binance, Side::Long, 100, 0, 10), table).ok());
    EXPECT_FALSE(binanceLiquidation(position(Exchange::Binance, Side::Long, 100, 1, 0), table).ok());
    EXPECT_FALSE(bybitLiquidation(position(Exchange::Bybit, Side::Long, 100, 1, 10, -50), table).ok());
}

// Binance FAQ: 264,000 USDT notional -> 1 % MMR; 500,000 -> maintenance amount 1,300 (2021 table).
TEST(MaintenanceTables, BuiltInTablesAreContinuousAndMatchTheFaq)
{
    for (const auto& t : maintenanceTables()) {
        const auto status = validate(t);
        EXPECT_TRUE(status.ok()) << t.name << ": " << (status.ok() ? "" : status.error().message);
    }
    const auto* faq = findMaintenanceTable("binance-btcusdt-2021-03");
    ASSERT_NE(faq, nullptr);
    EXPECT_DOUBLE_EQ(faq->tierFor(264'000).rate, 0.01);
    EXPECT_DOUBLE_EQ(faq->tierFor(500'000).amount, 1'300);
}

TEST(MaintenanceTables, DiscontinuousTableIsRejected)
{
    MaintenanceTable broken{"broken", {{0, 50e3, 125, 0.004, 0}, {50e3, 250e3, 100, 0.005, 60}}};
    const auto status = validate(broken);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().message.find("should be 50"), std::string::npos) << status.error().message;
}

TEST(LiquidationPrice, EstimatorShortcutMatchesExactFormulaWithoutMaintenanceAmount)
{
    const double lf = isolatedLiquidationFactor(Side::Long, 10, 0.004);
    const auto q =
        binanceLiquidation(position(Exchange::Binance, Side::Long, 84'000, 1, 10), MaintenanceTable::single(0.004));
    ASSERT_TRUE(q.ok());
    EXPECT_NEAR(84'000 * lf, q->liquidationPrice, 1e-6);
    EXPECT_NEAR(isolatedLiquidationFactor(Side::Short, 100, 0.004), 1.01 / 1.004, 1e-12);
}
