#include "heatmap_style.h"

namespace liqheat::ui {

MarkerColors markerColors(Palette palette)
{
    if (palette == Palette::ColorBlind) {
        // White, yellow and magenta stay distinct from blue/orange for every common colour vision.
        return {QColor(0xf5, 0xf5, 0xf5), QColor(0xff, 0xe0, 0x33), QColor(0xe0, 0x40, 0xfb)};
    }
    return {QColor(0x5c, 0xa8, 0xff), QColor(0xff, 0xb7, 0x4d), QColor(0xe0, 0x40, 0xfb)};
}

QString toString(Palette palette)
{
    return palette == Palette::ColorBlind ? QStringLiteral("colorblind") : QStringLiteral("redgreen");
}

Palette paletteFromString(const QString& text)
{
    return text == QLatin1String("colorblind") ? Palette::ColorBlind : Palette::RedGreen;
}

QString toString(Theme theme) { return theme == Theme::Light ? QStringLiteral("light") : QStringLiteral("dark"); }

Theme themeFromString(const QString& text) { return text == QLatin1String("light") ? Theme::Light : Theme::Dark; }

}  // namespace liqheat::ui
