#include "panes/pane_units.h"

#include <QStringList>

#include <algorithm>

namespace liqheat::ui {

ValueSeries openInterestIn(const OpenInterestSeries& oi, const CandleSeries& candles, bool quote)
{
    const std::vector<double>& own = quote ? oi.quote : oi.base;
    const std::vector<double>& other = quote ? oi.base : oi.quote;
    ValueSeries out;
    if (own.size() == oi.time.size() && !own.empty()) {
        out.time = oi.time;
        out.value = own;
        return out;
    }
    if (other.size() != oi.time.size()) {
        return out;
    }
    out.time.reserve(oi.time.size());
    out.value.reserve(oi.time.size());
    for (std::size_t i = 0; i < oi.time.size(); ++i) {
        const auto after = std::upper_bound(candles.time.cbegin(), candles.time.cend(), oi.time[i]);
        if (after == candles.time.cbegin()) {
            continue;
        }
        const double close = candles.close[static_cast<std::size_t>(after - candles.time.cbegin()) - 1];
        if (!(close > 0.0)) {
            continue;
        }
        out.time.push_back(oi.time[i]);
        out.value.push_back(quote ? other[i] * close : other[i] / close);
    }
    return out;
}

QString baseAssetOf(const QString& symbol)
{
    // "BTC-USDT-SWAP" (OKX) names the base first; "BTCUSDT" ends with the quote.
    const QString upper = symbol.toUpper().section(QLatin1Char('-'), 0, 0);
    for (const QString& quote :
         {QStringLiteral("USDT"), QStringLiteral("USDC"), QStringLiteral("BUSD"), QStringLiteral("USD")}) {
        if (upper.endsWith(quote) && upper.size() > quote.size()) {
            return upper.left(upper.size() - quote.size());
        }
    }
    return upper;
}

CompactUnit compactUnitFor(double magnitude)
{
    if (magnitude >= 1e9) {
        return {1e9, "B"};
    }
    if (magnitude >= 1e6) {
        return {1e6, "M"};
    }
    if (magnitude >= 1e3) {
        return {1e3, "k"};
    }
    return {};
}

}  // namespace liqheat::ui
