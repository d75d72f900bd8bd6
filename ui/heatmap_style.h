#pragma once

#include <QColor>
#include <QString>

namespace liqheat::ui {

/// Colour scheme of the heatmap cells.
enum class Palette {
    RedGreen,    ///< red shorts above price, green longs below
    ColorBlind,  ///< orange shorts, blue longs (safe for red-green colour blindness)
};

enum class Theme { Dark, Light };

/// How resting notional becomes colour. Applies to the heatmap and the profile.
struct HeatmapStyle {
    Palette palette = Palette::RedGreen;
    double threshold = 0.05;  ///< cells below this share of the reference are not drawn (0..1)
    double reference = 0.99;  ///< percentile of non-empty visible cells that maps to full intensity
    bool logScale = false;
    friend bool operator==(const HeatmapStyle&, const HeatmapStyle&) = default;
};

/// Colours of the trade planner's lines on the chart, chosen apart from the palette's ramps so an
/// entry or a stop never reads as a heatmap level (the colour-blind ramps are blue and orange).
struct MarkerColors {
    QColor entry;
    QColor stop;
    QColor liquidation;
};
MarkerColors markerColors(Palette palette);

QString toString(Palette palette);
Palette paletteFromString(const QString& text);
QString toString(Theme theme);
Theme themeFromString(const QString& text);

}  // namespace liqheat::ui
