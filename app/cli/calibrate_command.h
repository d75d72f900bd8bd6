#pragma once

#include <string>
#include <vector>

namespace liqheat::cli {

/// `calibrate SNAPSHOT [MODEL] [--warmup-hours H] [--from T] [--to T] [--top-fraction F] [-o OUT]`:
/// JSON skill metrics of the estimate against the snapshot's realized liquidations.
int runCalibrate(const std::vector<std::string>& args);

}  // namespace liqheat::cli
