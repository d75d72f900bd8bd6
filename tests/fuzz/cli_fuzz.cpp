// libFuzzer target for the command-line parser: the whole CLI11 app of liqheat-cli with every
// validator (numbers, tiers, intervals, times, --map, ...), on an argv split from the input at
// newlines. Commands are parsed, never run. stdout and stderr are silenced.
#include "cli/commands.h"

#include "liqheat/model/model_settings.h"
#include "liqheat/model/time.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct Silence {
    Silence()
    {
        std::cout.setstate(std::ios::badbit);
        std::cerr.setstate(std::ios::badbit);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Silence silence;
    std::vector<std::string> args;
    std::string current;
    for (std::size_t i = 0; i < size && args.size() < 64; ++i) {
        const char c = static_cast<char>(data[i]);
        if (c == '\n') {
            args.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    args.push_back(current);
    const int code = liqheat::cli::parseOnly(args);
    if (code != 0 && code != 2) {
        __builtin_trap();  // parsing alone is either fine or a usage error
    }
    // The value parsers the validators call, on each argument directly.
    for (const std::string& a : args) {
        static_cast<void>(liqheat::parseTiers(a));
        static_cast<void>(liqheat::parseTime(a));
        static_cast<void>(liqheat::parseInterval(a));
    }
    std::cout.clear(std::ios::badbit);
    std::cerr.clear(std::ios::badbit);
    return 0;
}
