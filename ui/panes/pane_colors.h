#pragma once

#include "heatmap_style.h"

#include <QColor>

namespace liqheat::ui {

/// Colours of the time panes that depend on the theme (not on the data palette).
struct PaneThemeColors {
    QColor background;
    QColor text;
    QColor grid;
    QColor axisLine;
    QColor neutralLine;  ///< realized liquidations: stands apart from the palette's two hues
    QColor accentLine;   ///< long/short ratio: neither "long" nor "short" coloured
    QColor referenceLine;
    QColor secondAccentLine;  ///< a second line beside accentLine (top traders' ratio)
    QColor crosshair;         ///< the main chart's crosshair colour, continued through the panes
};

[[nodiscard]] PaneThemeColors paneThemeColors(Theme theme);

/// Shorts liquidated / upward / negative funding: red, or orange in the colour-blind palette
/// (matches the heatmap: shorts above price).
[[nodiscard]] QColor shortsColor(Palette palette);
/// Longs liquidated / downward / positive funding: teal-green, or blue in the colour-blind palette.
[[nodiscard]] QColor longsColor(Palette palette);

/// Funding sign colours: positive funding (longs pay) in the "long" hue, negative in the "short" hue.
[[nodiscard]] inline QColor fundingPositiveColor(Palette palette) { return longsColor(palette); }
[[nodiscard]] inline QColor fundingNegativeColor(Palette palette) { return shortsColor(palette); }

}  // namespace liqheat::ui
