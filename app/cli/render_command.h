#pragma once

#include "cli_options.h"

namespace liqheat::cli {

/// `render SNAPSHOT -o OUT.png [--width W --height H] [--theme dark|light]
/// [--palette redgreen|colorblind] [--log] [--clusters] [MODEL]`: the chart alone, offscreen.
Command addRenderCommand(CLI::App& root);

}  // namespace liqheat::cli
