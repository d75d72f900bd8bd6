#include "liqheat/model/market_data.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace liqheat {
namespace {

Error invalid(const std::string& series, std::size_t row, const std::string& field, const std::string& what)
{
    return makeError(Error::Code::InvalidData, series + " row " + std::to_string(row) + " (" + field + "): " + what);
}

Status checkTimes(const std::string& series, const std::vector<TimeMs>& time)
{
    for (std::size_t i = 1; i < time.size(); ++i) {
        if (time[i] <= time[i - 1]) {
            return invalid(series, i, "time",
                           time[i] == time[i - 1] ? "duplicate timestamp " + std::to_string(time[i])
                                                  : "time goes backwards (" + std::to_string(time[i]) + " after " +
                                                        std::to_string(time[i - 1]) + ")");
        }
    }
    return {};
}

Status checkLength(const std::string& series, const std::string& field, std::size_t expected, std::size_t actual,
                   bool optional)
{
    if (optional && actual == 0) {
        return {};
    }
    if (actual != expected) {
        return makeError(Error::Code::InvalidData, series + "." + field + " has " + std::to_string(actual) +
                                                       " values but " + std::to_string(expected) + " timestamps");
    }
    return {};
}

enum class Sign { Any, NonNegative, Positive };

Status checkValues(const std::string& series, const std::string& field, const std::vector<double>& values, Sign sign)
{
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!std::isfinite(v)) {
            return invalid(series, i, field, "not a finite number");
        }
        if (sign == Sign::NonNegative && v < 0.0) {
            return invalid(series, i, field, "negative value " + std::to_string(v));
        }
        if (sign == Sign::Positive && v <= 0.0) {
            return invalid(series, i, field, "must be positive, got " + std::to_string(v));
        }
    }
    return {};
}

Status validateCandles(const CandleSeries& c)
{
    const std::string name = "candles";
    const std::size_t n = c.time.size();
    for (const auto& [field, column] : std::array<std::pair<const char*, const std::vector<double>*>, 4>{
             {{"open", &c.open}, {"high", &c.high}, {"low", &c.low}, {"close", &c.close}}}) {
        if (auto s = checkLength(name, field, n, column->size(), false); !s) {
            return s;
        }
        if (auto s = checkValues(name, field, *column, Sign::Positive); !s) {
            return s;
        }
    }
    if (auto s = checkLength(name, "volume", n, c.volume.size(), true); !s) {
        return s;
    }
    if (auto s = checkValues(name, "volume", c.volume, Sign::NonNegative); !s) {
        return s;
    }
    if (auto s = checkTimes(name, c.time); !s) {
        return s;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (c.low[i] > c.high[i]) {
            return invalid(name, i, "low", "low above high");
        }
        // Some feeds round open/close a hair outside the range; only reject real contradictions.
        const double slack = 1e-9 * c.high[i];
        if (c.open[i] > c.high[i] + slack || c.open[i] < c.low[i] - slack) {
            return invalid(name, i, "open", "open outside [low, high]");
        }
        if (c.close[i] > c.high[i] + slack || c.close[i] < c.low[i] - slack) {
            return invalid(name, i, "close", "close outside [low, high]");
        }
    }
    return {};
}

Status validateOpenInterest(const OpenInterestSeries& oi)
{
    const std::string name = "open_interest";
    const std::size_t n = oi.time.size();
    if (n > 0 && oi.base.empty() && oi.quote.empty()) {
        return makeError(Error::Code::InvalidData, "open_interest has timestamps but neither base nor quote values");
    }
    if (auto s = checkLength(name, "base", n, oi.base.size(), true); !s) {
        return s;
    }
    if (auto s = checkLength(name, "quote", n, oi.quote.size(), true); !s) {
        return s;
    }
    if (auto s = checkValues(name, "base", oi.base, Sign::NonNegative); !s) {
        return s;
    }
    if (auto s = checkValues(name, "quote", oi.quote, Sign::NonNegative); !s) {
        return s;
    }
    return checkTimes(name, oi.time);
}

Status validateValues(const std::string& name, const ValueSeries& series, Sign sign)
{
    if (auto s = checkLength(name, "value", series.time.size(), series.value.size(), false); !s) {
        return s;
    }
    if (auto s = checkValues(name, "value", series.value, sign); !s) {
        return s;
    }
    return checkTimes(name, series.time);
}

Status validateLiquidations(const LiquidationSeries& liq)
{
    const std::string name = "liquidations";
    const std::size_t n = liq.time.size();
    if (auto s = checkLength(name, "long_usd", n, liq.longUsd.size(), false); !s) {
        return s;
    }
    if (auto s = checkLength(name, "short_usd", n, liq.shortUsd.size(), false); !s) {
        return s;
    }
    if (auto s = checkValues(name, "long_usd", liq.longUsd, Sign::NonNegative); !s) {
        return s;
    }
    if (auto s = checkValues(name, "short_usd", liq.shortUsd, Sign::NonNegative); !s) {
        return s;
    }
    if (liq.intervalMs < 0) {
        return makeError(Error::Code::InvalidData, "liquidations.interval_ms is negative");
    }
    return checkTimes(name, liq.time);
}

/// Rows of `base` before `from`, then all of `newer`, for the time column and each value column.
template <typename Series, typename... Columns>
Series spliceSeries(const Series& base, const Series& newer, Columns... columns)
{
    if (newer.time.empty()) {
        return base;
    }
    const auto keep = static_cast<std::size_t>(
        std::lower_bound(base.time.begin(), base.time.end(), newer.time.front()) - base.time.begin());
    Series out = newer;
    out.time.assign(base.time.begin(), base.time.begin() + static_cast<std::ptrdiff_t>(keep));
    out.time.insert(out.time.end(), newer.time.begin(), newer.time.end());
    auto splice = [&](auto member) {
        const auto& a = base.*member;
        const auto& b = newer.*member;
        auto& o = out.*member;
        if (a.size() < keep || (b.empty() && !a.empty()) || (!b.empty() && a.empty() && keep > 0)) {
            // Columns that do not line up (one side lacks it): keep only what the newer data has.
            o = b;
            return;
        }
        o.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(keep));
        o.insert(o.end(), b.begin(), b.end());
    };
    (splice(columns), ...);
    return out;
}

}  // namespace

MarketData appendNewer(const MarketData& base, const MarketData& newer)
{
    MarketData out = base;
    out.candles = spliceSeries(base.candles, newer.candles, &CandleSeries::open, &CandleSeries::high,
                               &CandleSeries::low, &CandleSeries::close, &CandleSeries::volume);
    out.openInterest =
        spliceSeries(base.openInterest, newer.openInterest, &OpenInterestSeries::base, &OpenInterestSeries::quote);
    out.fundingRate = spliceSeries(base.fundingRate, newer.fundingRate, &ValueSeries::value);
    out.longShortRatio = spliceSeries(base.longShortRatio, newer.longShortRatio, &ValueSeries::value);
    out.topTraderAccountRatio =
        spliceSeries(base.topTraderAccountRatio, newer.topTraderAccountRatio, &ValueSeries::value);
    out.topTraderPositionRatio =
        spliceSeries(base.topTraderPositionRatio, newer.topTraderPositionRatio, &ValueSeries::value);
    out.takerBuySellRatio = spliceSeries(base.takerBuySellRatio, newer.takerBuySellRatio, &ValueSeries::value);
    out.liquidations =
        spliceSeries(base.liquidations, newer.liquidations, &LiquidationSeries::longUsd, &LiquidationSeries::shortUsd);
    return out;
}

TimeMs MarketData::candleIntervalMs() const
{
    return source.intervalMs > 0 ? source.intervalMs : medianSpacing(candles.time);
}

TimeMs MarketData::liquidationIntervalMs() const
{
    return liquidations.intervalMs > 0 ? liquidations.intervalMs : medianSpacing(liquidations.time);
}

Status validate(const MarketData& data)
{
    if (data.source.intervalMs < 0) {
        return makeError(Error::Code::InvalidData, "source.interval is negative");
    }
    if (auto s = validateCandles(data.candles); !s) {
        return s;
    }
    if (auto s = validateOpenInterest(data.openInterest); !s) {
        return s;
    }
    if (auto s = validateValues("funding_rate", data.fundingRate, Sign::Any); !s) {
        return s;
    }
    if (auto s = validateValues("long_short_ratio", data.longShortRatio, Sign::NonNegative); !s) {
        return s;
    }
    if (auto s = validateValues("top_trader_account_ratio", data.topTraderAccountRatio, Sign::NonNegative); !s) {
        return s;
    }
    if (auto s = validateValues("top_trader_position_ratio", data.topTraderPositionRatio, Sign::NonNegative); !s) {
        return s;
    }
    if (auto s = validateValues("taker_buy_sell_ratio", data.takerBuySellRatio, Sign::NonNegative); !s) {
        return s;
    }
    return validateLiquidations(data.liquidations);
}

TimeMs medianSpacing(const std::vector<TimeMs>& time)
{
    if (time.size() < 2) {
        return 0;
    }
    std::vector<TimeMs> gaps;
    gaps.reserve(time.size() - 1);
    for (std::size_t i = 1; i < time.size(); ++i) {
        gaps.push_back(time[i] - time[i - 1]);
    }
    const auto mid = gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2);
    std::nth_element(gaps.begin(), mid, gaps.end());
    return *mid;
}

}  // namespace liqheat
