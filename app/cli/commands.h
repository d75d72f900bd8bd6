#pragma once

#include <string>
#include <vector>

namespace liqheat::cli {

/// Runs `liqheat-cli ARGS...`; returns the process exit code. Output to stdout, errors to stderr
/// as one line.
int run(const std::vector<std::string>& args);

}  // namespace liqheat::cli
