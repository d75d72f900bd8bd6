#include "heatmap_style.h"

namespace liqheat::ui {

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
