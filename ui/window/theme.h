#pragma once

#include "heatmap_style.h"

namespace liqheat::ui {

/// Dark (default) or light Fusion palette for the whole application.
void applyApplicationTheme(Theme theme);

}  // namespace liqheat::ui
