// liqheat-cli against inputs and outputs an unlucky user or an attacker gives it: FIFOs, full
// devices, symlinks, non-UTF-8 file names, leftovers of killed saves, huge CSV lines. The real
// binary, run through the shell with a time limit, so a hang fails the test instead of the suite.
#include "run_cli.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace liqheat::test;
using nlohmann::json;

namespace {

std::string fixture(const std::string& name) { return std::string(LIQHEAT_FIXTURES_DIR) + "/" + name; }

/// One line on stderr, the program's own error line.
void expectOneErrorLine(const RunResult& r, const std::string& part)
{
    EXPECT_EQ(r.err.rfind("liqheat-cli: error: ", 0), 0U) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
}

}  // namespace

TEST(CliHostileInput, AFifoIsRefusedAtOnce)
{
    TempDir dir;
    const fs::path fifo = dir.path() / "pipe.json";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"info", fifo.string()},
                                                 {"map", fifo.string()},
                                                 {"import", "-o", (dir.path() / "out.json").string(), fifo.string()}}) {
        const RunResult r = runCli(args, {}, 10);
        EXPECT_EQ(r.exitCode, 1) << args.front() << ": " << r.err;
        EXPECT_LT(r.seconds, 5.0) << args.front();  // no one writes to the FIFO: blocking would hang
        expectOneErrorLine(r, "is a FIFO (named pipe), not a regular file");
    }
    EXPECT_FALSE(fs::exists(dir.path() / "out.json"));
}

TEST(CliHostileInput, ADirectoryOrDeviceIsRefused)
{
    const RunResult device = runCli({"info", "/dev/zero"}, {}, 10);
    EXPECT_EQ(device.exitCode, 1) << device.err;
    expectOneErrorLine(device, "is a character device");
    TempDir dir;
    const RunResult directory = runCli({"import", "-o", (dir.path() / "out.json").string(), "/dev/zero"}, {}, 10);
    EXPECT_EQ(directory.exitCode, 1) << directory.err;
    EXPECT_LT(directory.seconds, 5.0);
}

TEST(CliHostileOutput, AFullDeviceOnStdoutIsAnError)
{
    if (!fs::exists("/dev/full")) {
        GTEST_SKIP() << "no /dev/full here";
    }
    for (const char* command : {"info", "map", "sweep", "estimate", "clusters"}) {
        const RunResult r = runCli({command, LIQHEAT_SAMPLE_SNAPSHOT}, "> /dev/full");
        EXPECT_EQ(r.exitCode, 1) << command << ": " << r.err;
        expectOneErrorLine(r, "cannot write to standard output: No space left on device");
    }
    const RunResult help = runCli({"--help"}, "> /dev/full");
    EXPECT_EQ(help.exitCode, 1) << help.err;
}

TEST(CliHostileOutput, OutputThroughASymlinkUpdatesItsTarget)
{
    TempDir dir;
    fs::create_directories(dir.path() / "real");
    const fs::path target = dir.path() / "real" / "sweep.csv";
    spit(target, "old\n");
    const fs::path link = dir.path() / "latest.csv";
    fs::create_symlink("real/sweep.csv", link);  // relative, as ln -s makes them
    const RunResult r = runCli({"sweep", LIQHEAT_SAMPLE_SNAPSHOT, "-o", link.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(slurp(target).rfind("time,long_usd,short_usd", 0), 0U);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"latest.csv", "real"}));

    // A dangling link: the file it names is created.
    fs::remove(target);
    ASSERT_EQ(runCli({"sweep", LIQHEAT_SAMPLE_SNAPSHOT, "-o", link.string()}).exitCode, 0);
    EXPECT_TRUE(fs::is_regular_file(target));
    EXPECT_TRUE(fs::is_symlink(link));
}

TEST(CliHostileOutput, ANonRegularOutputIsRefusedAndLeftAlone)
{
    TempDir dir;
    const fs::path fifo = dir.path() / "out.csv";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    const RunResult r = runCli({"sweep", LIQHEAT_SAMPLE_SNAPSHOT, "-o", fifo.string()}, {}, 10);
    EXPECT_EQ(r.exitCode, 1) << r.err;
    expectOneErrorLine(r, "is a FIFO (named pipe), not a regular file");
    EXPECT_TRUE(fs::is_fifo(fifo));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.csv"});

    const fs::path loop = dir.path() / "loop";
    fs::create_symlink("loop", loop);
    const RunResult looped = runCli({"sweep", LIQHEAT_SAMPLE_SNAPSHOT, "-o", loop.string()});
    EXPECT_EQ(looped.exitCode, 1) << looped.err;
    expectOneErrorLine(looped, "Too many levels of symbolic links");
}

TEST(CliHostilePaths, NonUtf8NamesWorkAndAreShownEscaped)
{
    TempDir dir;
    const std::string odd = "snap-\xff\xfe-\x01.json.gz";
    const fs::path input = dir.path() / odd;
    fs::copy_file(LIQHEAT_SAMPLE_SNAPSHOT, input);

    const RunResult info = runCli({"info", input.string()});
    ASSERT_EQ(info.exitCode, 0) << info.err;
    const json summary = json::parse(info.out);
    EXPECT_EQ(summary["file"], (dir.path() / "snap-\\xFF\\xFE-\\x01.json.gz").string());

    // import: a CSV and an output with such names; the snapshot reads back.
    const fs::path csv = dir.path() / "k\xe9lines.csv";
    fs::copy_file(fixture("csv/klines_header.csv"), csv);
    const fs::path out = dir.path() / "out-\xff.json";
    const RunResult imported = runCli({"import", "-o", out.string(), csv.string()});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    const json report = json::parse(imported.out);
    EXPECT_EQ(report["output"], (dir.path() / "out-\\xFF.json").string());
    EXPECT_EQ(report["files"][0]["path"], (dir.path() / "k\\xE9lines.csv").string());
    EXPECT_EQ(runCli({"info", out.string()}).exitCode, 0);

    // Errors name the file readably, on one line.
    const fs::path missing = dir.path() / "gone-\xff.json";
    const RunResult error = runCli({"import", "-o", out.string(), fixture("csv/bad_number.csv")});
    EXPECT_EQ(error.exitCode, 1);
    const RunResult notThere = runCli({"sweep", LIQHEAT_SAMPLE_SNAPSHOT, "-o", (missing / "x.csv").string()});
    EXPECT_EQ(notThere.exitCode, 1);
    expectOneErrorLine(notThere, "gone-\\xFF.json/x.csv: cannot create temporary file: No such file or directory");
}

TEST(CliHostilePaths, AFailedImportLeavesTheOutputAlone)
{
    TempDir dir;
    const fs::path out = dir.path() / "keep.json";
    spit(out, "precious");
    for (const std::string& bad :
         {fixture("csv/bad_number.csv"), fixture("csv/missing_ohlc.csv"), (dir.path() / "missing.csv").string()}) {
        const RunResult r = runCli({"import", "-o", out.string(), bad});
        EXPECT_NE(r.exitCode, 0) << bad;
        EXPECT_EQ(slurp(out), "precious") << bad;
    }
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"keep.json"});
}

TEST(CliHostileOutput, LeftoversOfAKilledSaveAreRemovedByTheNextSave)
{
    TempDir dir;
    const fs::path out = dir.path() / "map.csv";
    const fs::path stale = dir.path() / "map.csv.tmp-0123456789ab";
    spit(stale, std::string(100'000, 'x'));  // a killed save's half-written file: no one holds it
    const fs::path other = dir.path() / "other.csv.tmp-0123456789ab";
    spit(other, "another target's");
    const fs::path lookalike = dir.path() / "map.csv.tmp-notours";
    spit(lookalike, "not our pattern");
    ASSERT_EQ(runCli({"sweep", LIQHEAT_SAMPLE_SNAPSHOT, "-o", out.string()}).exitCode, 0);
    EXPECT_EQ(dir.entries(),
              (std::vector<std::string>{"map.csv", "map.csv.tmp-notours", "other.csv.tmp-0123456789ab"}));
}

TEST(CliHostileInput, AnEmptyArgumentIsAUsageErrorNotAHang)
{
    // CLI11 2.1 looped forever on an empty operand followed by an unknown option (the CLI fuzzer's
    // finding); an empty -o would have fetched for minutes and then failed to save.
    const RunResult hang = runCli({"fetch", "", "-x"}, {}, 10);
    EXPECT_EQ(hang.exitCode, 2);
    expectOneErrorLine(hang, "argument 2 (after 'fetch') is empty");
    const RunResult output = runCli({"sweep", LIQHEAT_SAMPLE_SNAPSHOT, "-o", ""}, {}, 10);
    EXPECT_EQ(output.exitCode, 2);
    expectOneErrorLine(output, "argument 4 (after '-o') is empty");
    EXPECT_EQ(runCli({"", "--zz"}, {}, 10).exitCode, 2);
}

TEST(CliHostileInput, AHugeCsvLineIsRefusedQuickly)
{
    TempDir dir;
    const fs::path csv = dir.path() / "ones.csv";
    {
        std::ofstream f(csv, std::ios::binary);
        const std::string chunk(1 << 20, ',');
        for (int i = 0; i < 20; ++i) {  // 20 MB, one line of empty fields
            f << chunk;
        }
    }
    const RunResult r = runCli({"import", "-o", (dir.path() / "out.json").string(), csv.string()}, {}, 20);
    EXPECT_EQ(r.exitCode, 1) << r.err;
    expectOneErrorLine(r, "a line is longer than 64 KiB");
}
