// The liquidation stream parsers against messages captured from the exchanges
// (tests/fixtures/streams, copied verbatim from shared/reference/responses/streams). Expected
// values are the message's own fields put through the documented rules: side per streams.md
// section 7, USD = base quantity x price.
#include "liqheat/live/stream_messages.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace liqheat {
namespace {

std::string capture(const std::string& name)
{
    std::ifstream in(std::string(LIQHEAT_FIXTURES_DIR) + "/streams/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void expectOrder(const LiquidationOrder& order, Exchange exchange, const std::string& symbol, TimeMs time,
                 LiquidatedSide side, double price, double baseQty)
{
    EXPECT_EQ(order.exchange, exchange);
    EXPECT_EQ(order.symbol, symbol);
    EXPECT_EQ(order.time, time);
    EXPECT_EQ(order.side, side);
    EXPECT_DOUBLE_EQ(order.price, price);
    EXPECT_DOUBLE_EQ(order.baseQty, baseQty);
    EXPECT_DOUBLE_EQ(order.usd, price * baseQty);
}

TEST(BinanceStream, CombinedEnvelopeSellIsALongLiquidatedAtTheAverageFillOfTheFilledSize)
{
    // S SELL, z 0.190 (l 0.155 is only the last fill), ap 82651.90, T 1791565602120.
    auto message = parseBinanceStreamMessage(capture("binance_usdm_forceOrder_combined_2026-10-09_BTCUSDT.json"));
    ASSERT_TRUE(message.ok()) << message.error().message;
    ASSERT_EQ(message->orders.size(), 1U);
    EXPECT_FALSE(message->control);
    expectOrder(message->orders[0], Exchange::Binance, "BTCUSDT", 1791565602120, LiquidatedSide::Long, 82651.90, 0.190);
}

TEST(BinanceStream, BuyIsAShortLiquidated)
{
    auto combined = parseBinanceStreamMessage(capture("binance_usdm_forceOrder_combined_2026-10-01_BTCUSDT.json"));
    ASSERT_TRUE(combined.ok()) << combined.error().message;
    ASSERT_EQ(combined->orders.size(), 1U);
    expectOrder(combined->orders[0], Exchange::Binance, "BTCUSDT", 1790845665206, LiquidatedSide::Short, 83598.50,
                0.001);

    auto raw = parseBinanceStreamMessage(capture("binance_usdm_forceOrder_raw_2026-10-08_XRPUSDT.json"));
    ASSERT_TRUE(raw.ok()) << raw.error().message;
    ASSERT_EQ(raw->orders.size(), 1U);
    expectOrder(raw->orders[0], Exchange::Binance, "XRPUSDT", 1791435249136, LiquidatedSide::Short, 1.4043, 15.4);
}

TEST(BinanceStream, RawPayloadsOldAndNew)
{
    auto ain = parseBinanceStreamMessage(capture("binance_usdm_forceOrder_raw_2026-10-08_AINUSDT.json"));
    ASSERT_TRUE(ain.ok()) << ain.error().message;
    expectOrder(ain->orders.at(0), Exchange::Binance, "AINUSDT", 1791435150342, LiquidatedSide::Long, 0.0387407, 1861);

    auto old = parseBinanceStreamMessage(capture("binance_usdm_forceOrder_raw_2023-09-26_BTCUSDT.json"));
    ASSERT_TRUE(old.ok()) << old.error().message;
    expectOrder(old->orders.at(0), Exchange::Binance, "BTCUSDT", 1695714031881, LiquidatedSide::Long, 26245.10, 0.115);

    auto iotx = parseBinanceStreamMessage(capture("binance_usdm_forceOrder_combined_2021-10-19_IOTXUSDT.json"));
    ASSERT_TRUE(iotx.ok()) << iotx.error().message;
    expectOrder(iotx->orders.at(0), Exchange::Binance, "IOTXUSDT", 1634653599180, LiquidatedSide::Long, 0.06669, 3661);
}

TEST(BinanceStream, ControlMessagesAndErrors)
{
    auto ack = parseBinanceStreamMessage(R"({"result":null,"id":1})");
    ASSERT_TRUE(ack.ok());
    ASSERT_TRUE(ack->control);
    EXPECT_EQ(ack->control->kind, StreamControl::Kind::SubscribeAck);
    EXPECT_TRUE(ack->orders.empty());

    auto refused = parseBinanceStreamMessage(R"({"code": 2, "msg": "Invalid request: unknown stream"})");
    ASSERT_TRUE(refused.ok());
    EXPECT_EQ(refused->control->kind, StreamControl::Kind::Error);
    EXPECT_NE(refused->control->text.find("Invalid request"), std::string::npos);

    auto notJson = parseBinanceStreamMessage("{\"e\":\"forceOrder\"");
    ASSERT_FALSE(notJson.ok());
    EXPECT_EQ(notJson.error().message.rfind("binance stream: ", 0), 0U) << notJson.error().message;

    auto wrongSide = parseBinanceStreamMessage(
        R"({"e":"forceOrder","E":1700000000000,"o":{"s":"BTCUSDT","S":"HOLD","q":"1","p":"1","ap":"1","z":"1","T":1700000000000}})");
    ASSERT_FALSE(wrongSide.ok());
    EXPECT_NE(wrongSide.error().message.find("o.S"), std::string::npos) << wrongSide.error().message;

    auto other = parseBinanceStreamMessage(R"({"e":"aggTrade","E":1})");
    ASSERT_FALSE(other.ok());
}

TEST(BybitStream, BuyIsTheLongPositionAtTheBankruptcyPriceAndEveryItemCounts)
{
    auto message = parseBybitStreamMessage(capture("bybit_allLiquidation_2026-10-09_BTCUSDT.json"));
    ASSERT_TRUE(message.ok()) << message.error().message;
    ASSERT_EQ(message->orders.size(), 2U);
    expectOrder(message->orders[0], Exchange::Bybit, "BTCUSDT", 1791565600992, LiquidatedSide::Long, 82396.90, 0.006);
    expectOrder(message->orders[1], Exchange::Bybit, "BTCUSDT", 1791565601058, LiquidatedSide::Long, 82394.30, 0.038);
}

TEST(BybitStream, RetiredLiquidationTopicStillReads)
{
    auto message = parseBybitStreamMessage(capture("bybit_liquidation_legacy_2023-01-09_GALAUSDT.json"));
    ASSERT_TRUE(message.ok()) << message.error().message;
    ASSERT_EQ(message->orders.size(), 1U);
    expectOrder(message->orders[0], Exchange::Bybit, "GALAUSDT", 1673251091822, LiquidatedSide::Long, 0.03803, 1637);
}

TEST(BybitStream, SellIsAShortAndControlMessages)
{
    auto sell = parseBybitStreamMessage(
        R"({"topic":"allLiquidation.ROSEUSDT","type":"snapshot","ts":1739502303204,"data":[{"T":1739502302929,"s":"ROSEUSDT","S":"Sell","v":"20000","p":"0.04499"}]})");
    ASSERT_TRUE(sell.ok()) << sell.error().message;
    expectOrder(sell->orders.at(0), Exchange::Bybit, "ROSEUSDT", 1739502302929, LiquidatedSide::Short, 0.04499, 20000);

    // The documented linear pong has op "ping" and ret_msg "pong".
    auto pong =
        parseBybitStreamMessage(R"({"success":true,"ret_msg":"pong","conn_id":"465772b1","req_id":"","op":"ping"})");
    ASSERT_TRUE(pong.ok());
    EXPECT_EQ(pong->control->kind, StreamControl::Kind::Pong);

    auto ack =
        parseBybitStreamMessage(R"({"success":true,"ret_msg":"","conn_id":"3cd8","req_id":"","op":"subscribe"})");
    ASSERT_TRUE(ack.ok());
    EXPECT_EQ(ack->control->kind, StreamControl::Kind::SubscribeAck);

    auto refused = parseBybitStreamMessage(
        R"({"success":false,"ret_msg":"error:handler not found,topic:liquidation.BTCUSDT","op":"subscribe"})");
    ASSERT_TRUE(refused.ok());
    EXPECT_EQ(refused->control->kind, StreamControl::Kind::Error);
    EXPECT_NE(refused->control->text.find("handler not found"), std::string::npos);

    EXPECT_FALSE(
        parseBybitStreamMessage(R"({"topic":"allLiquidation.BTCUSDT","data":[{"T":1700000000000,"s":"BTCUSDT"}]})")
            .ok());
}

TEST(OkxStream, SizeInContractsTimesCtValAtTheBankruptcyPrice)
{
    // ctVal 0.01 BTC: tests/fixtures/responses/okx_public_instruments_SWAP.json (BTC-USDT-SWAP).
    const ContractSizes sizes{{"BTC-USDT-SWAP", 0.01}};
    auto message = parseOkxStreamMessage(capture("okx_liquidation-orders_2026-10-09_BTC-USDT-SWAP.json"), sizes);
    ASSERT_TRUE(message.ok()) << message.error().message;
    ASSERT_EQ(message->orders.size(), 1U);
    expectOrder(message->orders[0], Exchange::Okx, "BTCUSDT", 1791565600771, LiquidatedSide::Long, 82655.7,
                8.55 * 0.01);
}

TEST(OkxStream, PosSideShortIsAShortAndUnknownInstrumentsAreSkipped)
{
    const std::string celo = capture("okx_liquidation-orders_2026-10-09_CELO-USDT-SWAP.json");
    auto skipped = parseOkxStreamMessage(celo, {{"BTC-USDT-SWAP", 0.01}});
    ASSERT_TRUE(skipped.ok()) << skipped.error().message;
    EXPECT_TRUE(skipped->orders.empty());
    EXPECT_EQ(skipped->skipped, 1U);

    const double ctVal = 10.0;  // any contract size: the base quantity scales with it
    auto message = parseOkxStreamMessage(celo, {{"CELO-USDT-SWAP", ctVal}});
    ASSERT_TRUE(message.ok()) << message.error().message;
    expectOrder(message->orders.at(0), Exchange::Okx, "CELOUSDT", 1791565462608, LiquidatedSide::Short, 0.09583,
                19979 * ctVal);
}

TEST(OkxStream, NetModeTakesTheOrderSideAndTextPong)
{
    auto net = parseOkxStreamMessage(
        R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"100","ccy":"","posSide":"net","side":"buy","sz":"3","ts":"1700000000000"}],"instId":"ETH-USDT-SWAP","instType":"SWAP"}]})",
        {{"ETH-USDT-SWAP", 0.1}});
    ASSERT_TRUE(net.ok()) << net.error().message;
    expectOrder(net->orders.at(0), Exchange::Okx, "ETHUSDT", 1700000000000, LiquidatedSide::Short, 100, 3 * 0.1);

    auto pong = parseOkxStreamMessage("pong", {});
    ASSERT_TRUE(pong.ok());
    EXPECT_EQ(pong->control->kind, StreamControl::Kind::Pong);

    auto notice = parseOkxStreamMessage(
        R"({"event": "notice","code": "64008","msg": "The connection will soon be closed for a service upgrade. Please reconnect.","connId": "a4d3ae55"})",
        {});
    ASSERT_TRUE(notice.ok());
    EXPECT_EQ(notice->control->kind, StreamControl::Kind::Notice);

    auto error = parseOkxStreamMessage(R"({"event":"error","code":"60012","msg":"Invalid request"})", {});
    ASSERT_TRUE(error.ok());
    EXPECT_EQ(error->control->kind, StreamControl::Kind::Error);

    EXPECT_FALSE(parseOkxStreamMessage("ping", {}).ok());
}

TEST(StreamOrders, AddToTheIntervalTheyFallInOnTheirSide)
{
    LiquidationSeries series;
    series.time = {600'000};
    series.longUsd = {10.0};
    series.shortUsd = {0.0};
    const TimeMs interval = 300'000;
    std::vector<LiquidationOrder> orders(3);
    orders[0].time = 600'000 + 299'999;  // the last ms of the stored interval
    orders[0].side = LiquidatedSide::Short;
    orders[0].usd = 5.0;
    orders[1].time = 0 + 1;  // an earlier interval, inserted before
    orders[1].usd = 7.0;
    orders[2].time = 900'000;  // the next interval starts here
    orders[2].usd = 2.5;
    const LiquidationSeries out = addOrders(series, orders, interval);
    EXPECT_EQ(out.time, (std::vector<TimeMs>{0, 600'000, 900'000}));
    EXPECT_EQ(out.longUsd, (std::vector<double>{7.0, 10.0, 2.5}));
    EXPECT_EQ(out.shortUsd, (std::vector<double>{0.0, 5.0, 0.0}));
    EXPECT_EQ(out.intervalMs, interval);
}

}  // namespace
}  // namespace liqheat
