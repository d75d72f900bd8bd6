#pragma once

#include <string>
#include <vector>

namespace liqheat::cli {

/// `render SNAPSHOT -o OUT.png [--width W --height H] [MODEL]`: the chart alone, offscreen.
int runRender(const std::vector<std::string>& args);

}  // namespace liqheat::cli
