#pragma once

#include <string>
#include <vector>

namespace liqheat::cli {

/// Runs `liqheat-cli ARGS...`; returns the process exit code: 0 success, 1 the data, a file or
/// the network failed, 2 the command line is wrong. Output to stdout, errors to stderr as one line.
int run(const std::vector<std::string>& args);

/// Parses and validates ARGS as run() does (help and usage errors printed the same way) but runs
/// no command: 0 when a command would run. For the command-line fuzzer.
int parseOnly(const std::vector<std::string>& args);

}  // namespace liqheat::cli
