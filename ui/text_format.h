#pragma once

// The GUI's face of the core formats (liqheat/model/format.h): the same numbers read the same in
// the CLI's output, the docks, the chart's labels and its tooltips.

#include "liqheat/model/format.h"

#include <QString>

namespace liqheat::ui {

/// "12.3M", "850k", "1.20B" (no unit).
inline QString usdText(double usd) { return QString::fromStdString(formatUsdCompact(usd)); }
/// "2026-06-02 14:05 UTC".
inline QString utcText(double timeMs) { return QString::fromStdString(formatUtcMinute(static_cast<TimeMs>(timeMs))); }
/// A price to the cent: "63057.90"; "--" when there is none (zero or below).
inline QString priceText(double price)
{
    return price > 0.0 ? QString::fromStdString(formatFixed(price, 2)) : QStringLiteral("--");
}
/// "1.25 %".
inline QString percentText(double percent, int decimals = 2)
{
    return QString::fromStdString(formatPercent(percent, decimals));
}

}  // namespace liqheat::ui
