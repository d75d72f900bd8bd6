#pragma once

// The real liqheat-cli run through the shell with a time limit, so a hang fails the test instead
// of the suite: its exit code, stdout, stderr and how long it took.

#include "../support/temp_dir.h"

#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace liqheat::test {

struct RunResult {
    int exitCode = -1;
    std::string out;
    std::string err;
    double seconds = 0.0;
};

/// `s` as one single-quoted shell word.
inline std::string shellQuote(const std::string& s)
{
    std::string q = "'";
    for (char c : s) {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

/// Runs the CLI under `timeout` (a hang is killed after `limitSeconds` and reads as exit 124);
/// `redirect` replaces the capture of stdout, e.g. "> /dev/full".
inline RunResult runCli(const std::vector<std::string>& args, const std::string& redirect = {}, int limitSeconds = 60)
{
    static int counter = 0;
    const std::filesystem::path base =
        std::filesystem::temp_directory_path() /
        ("liqheat-cli-run-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    const std::filesystem::path outFile = base.string() + ".out";
    const std::filesystem::path errFile = base.string() + ".err";
    std::string command = "timeout -s KILL " + std::to_string(limitSeconds) + " " + shellQuote(LIQHEAT_CLI_PATH);
    for (const auto& a : args) {
        command += " " + shellQuote(a);
    }
    command +=
        " 2>" + shellQuote(errFile.string()) + " " + (redirect.empty() ? ">" + shellQuote(outFile.string()) : redirect);
    RunResult r;
    const auto start = std::chrono::steady_clock::now();
    const int status = std::system(command.c_str());
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(outFile);
    r.err = slurp(errFile);
    std::filesystem::remove(outFile);
    std::filesystem::remove(errFile);
    return r;
}

}  // namespace liqheat::test
