// The shared read and write paths against what is not a plain file, symlinks, leftovers of killed
// saves, and saves killed part way.
#include "liqheat/io/file_io.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/model/format.h"

#include "../support/temp_dir.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace liqheat;
namespace fs = std::filesystem;
using namespace liqheat::test;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST(PrintableText, KeepsUtf8AndEscapesEverythingElse)
{
    EXPECT_EQ(printableText("plain/path.json"), "plain/path.json");
    EXPECT_EQ(printableText("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x88"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x88");
    EXPECT_EQ(printableText("a\xff"
                            "b\xfe"),
              "a\\xFFb\\xFE");
    EXPECT_EQ(printableText("line\nbreak\ttab\x7f"), "line\\x0Abreak\\x09tab\\x7F");
    EXPECT_EQ(printableText(std::string("nul\0x", 5)), "nul\\x00x");
    // Overlong, surrogate and truncated sequences are not UTF-8.
    EXPECT_EQ(printableText("\xc0\xaf"), "\\xC0\\xAF");
    EXPECT_EQ(printableText("\xed\xa0\x80"), "\\xED\\xA0\\x80");
    EXPECT_EQ(printableText("\xe2\x82"), "\\xE2\\x82");
    EXPECT_EQ(displayPath("/tmp/\xff.json"), "/tmp/\\xFF.json");
}

TEST(FormatGeneral, HugeAndTinyNumbersStayShort)
{
    EXPECT_EQ(formatGeneral(1e-300), "1e-300");
    EXPECT_EQ(formatGeneral(6.7e304), "6.7e+304");
    EXPECT_EQ(formatGeneral(12500.0), "12500");
    EXPECT_EQ(formatGeneral(0.5), "0.5");
}

TEST(FileIoRead, NonRegularFilesAreRefusedWithoutBlocking)
{
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    const auto start = std::chrono::steady_clock::now();
    auto fromFifo = readFile(fifo, 1000);  // nobody writes: a blocking open would never return
    ASSERT_FALSE(fromFifo.ok());
    EXPECT_EQ(fromFifo.error().message, fifo + ": is a FIFO (named pipe), not a regular file");
    EXPECT_LT(secondsSince(start), 5.0);

    auto device = readFile("/dev/zero", 1000);
    ASSERT_FALSE(device.ok());
    EXPECT_EQ(device.error().message, "/dev/zero: is a character device, not a regular file");

    const std::string socketPath = dir.file("sock");
    const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(sock, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    ASSERT_LT(socketPath.size(), sizeof address.sun_path);
    std::copy(socketPath.begin(), socketPath.end(), address.sun_path);
    ASSERT_EQ(::bind(sock, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    auto fromSocket = readFile(socketPath, 1000);
    ::close(sock);
    ASSERT_FALSE(fromSocket.ok());
    EXPECT_EQ(fromSocket.error().message, socketPath + ": is a socket, not a regular file");

    EXPECT_FALSE(checkRegularFile(fifo).ok());
    EXPECT_TRUE(checkRegularFile(LIQHEAT_SAMPLE_SNAPSHOT).ok());
}

TEST(FileIoRead, TheReasonIsGivenAndTheCheckStopsTheRead)
{
    auto missing = readFile("/nonexistent-dir/x.json", 100);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, Error::Code::NotFound);
    EXPECT_EQ(missing.error().message, "/nonexistent-dir/x.json: file not found");

    TempDir dir;
    const std::string path = dir.file("big");
    spit(path, std::string(3 << 20, 'a'));
    std::size_t seen = 0;
    auto stopped = readFile(path, 10 << 20, [&](std::string_view chunk) -> Status {
        seen += chunk.size();
        return seen > 100'000 ? Status(makeError(Error::Code::ParseError, "enough")) : Status{};
    });
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().message, "enough");
    EXPECT_LT(seen, std::size_t{1} << 20);  // stopped after the first chunk or so, not at the end
}

TEST(FileIoAtomicWrite, WritesThroughSymlinksToTheirTarget)
{
    TempDir dir;
    fs::create_directories(dir.path() / "data");
    const fs::path target = dir.path() / "data" / "real.json";
    spit(target, "old");
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
    fs::create_symlink("data/real.json", dir.path() / "link1");
    fs::create_symlink(dir.path() / "link1", dir.path() / "link2");  // absolute, and a chain

    ASSERT_TRUE(writeFileAtomic(dir.file("link2"), "new").ok());
    EXPECT_EQ(slurp(target), "new");
    EXPECT_TRUE(fs::is_symlink(dir.path() / "link1"));
    EXPECT_TRUE(fs::is_symlink(dir.path() / "link2"));
    EXPECT_EQ(fs::status(target).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"data", "link1", "link2"}));
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path() / "data"), fs::directory_iterator{}), 1);
}

TEST(FileIoAtomicWrite, RefusesTargetsThatAreNotRegularFiles)
{
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    auto status = writeFileAtomic(fifo, "data");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, fifo + ": is a FIFO (named pipe), not a regular file");
    EXPECT_TRUE(fs::is_fifo(fifo));

    fs::create_symlink("pipe", dir.path() / "to-pipe");
    EXPECT_FALSE(writeFileAtomic(dir.file("to-pipe"), "data").ok());
    EXPECT_TRUE(fs::is_fifo(fifo));

    fs::create_symlink("self", dir.path() / "self");
    auto loop = writeFileAtomic(dir.file("self"), "data");
    ASSERT_FALSE(loop.ok());
    EXPECT_NE(loop.error().message.find("Too many levels of symbolic links"), std::string::npos);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"pipe", "self", "to-pipe"}));
}

TEST(FileIoAtomicWrite, RemovesOnlyAbandonedTempFilesOfTheSameTarget)
{
    TempDir dir;
    const std::string target = dir.file("out.json");
    spit(dir.file("out.json.tmp-0123456789ab"), "abandoned by a killed save");
    spit(dir.file("out.json.tmp-aaaaaaaaaaaa"), "");  // killed before it wrote: abandoned too
    spit(dir.file("out.json.tmp-bbbbbbbbbbbb"), "being written");
    spit(dir.file("out.json.tmp-short"), "not our name");
    spit(dir.file("other.json.tmp-0123456789ab"), "another target");
    fs::create_symlink("elsewhere", dir.path() / "out.json.tmp-cccccccccccc");
    // A live writer holds its lock.
    const int held = ::open(dir.file("out.json.tmp-bbbbbbbbbbbb").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(held, 0);
    ASSERT_EQ(::flock(held, LOCK_EX), 0);

    ASSERT_TRUE(writeFileAtomic(target, "saved").ok());
    ::close(held);
    EXPECT_EQ(slurp(target), "saved");
    EXPECT_EQ(dir.entries(),
              (std::vector<std::string>{"other.json.tmp-0123456789ab", "out.json", "out.json.tmp-bbbbbbbbbbbb",
                                        "out.json.tmp-cccccccccccc", "out.json.tmp-short"}));
}

// A save killed at a random moment, 30 times: the previous file stays whole and readable each
// time, and the next save removes whatever temp file the killed one left.
/// Bytes in the temp files of `name` in `dir` (a save in progress, or what a killed one left).
static std::uintmax_t tempBytes(const TempDir& dir, const std::string& name)
{
    std::uintmax_t bytes = 0;
    for (const std::string& entry : dir.entries()) {
        if (entry.rfind(name + ".tmp-", 0) == 0) {
            std::error_code ignored;
            const std::uintmax_t size = fs::file_size(dir.file(entry), ignored);
            bytes += ignored ? 0 : size;
        }
    }
    return bytes;
}

TEST(FileIoAtomicWrite, SavesKilledMidWriteNeverTearTheFile)
{
    auto sample = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
    ASSERT_TRUE(sample.ok()) << sample.error().message;
    Snapshot big = *sample;
    // Ten times the sample's candles, each copy after the last: several MB, a write that takes a while.
    CandleSeries& c = big.data.candles;
    const std::size_t rows = c.size();
    const TimeMs span = c.time.back() - c.time.front() + (c.time[1] - c.time[0]);
    for (int copy = 1; copy < 10; ++copy) {
        for (std::size_t i = 0; i < rows; ++i) {
            c.time.push_back(c.time[i] + copy * span);
            c.open.push_back(c.open[i]);
            c.high.push_back(c.high[i]);
            c.low.push_back(c.low[i]);
            c.close.push_back(c.close[i]);
            if (c.hasVolume()) {
                c.volume.push_back(c.volume[i]);
            }
        }
    }
    TempDir dir;
    const std::string path = dir.file("big.json");  // uncompressed: several MB, a long write
    big.createdUtc = "generation-0";
    const Status first = writeSnapshot(big, path);
    ASSERT_TRUE(first.ok()) << first.error().message;
    const std::size_t size = fs::file_size(path);
    ASSERT_GT(size, std::size_t{1} << 20);
    // How long one save takes here, to aim the kills inside it.
    const auto timed = std::chrono::steady_clock::now();
    ASSERT_TRUE(writeSnapshot(big, path).ok());
    const auto saveMicros = std::max<long long>(
        1000, std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - timed).count());

    std::mt19937 random(12345);
    int killedWithTempLeft = 0;
    for (int round = 1; round <= 30; ++round) {
        const std::string before = slurp(path);
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            Snapshot next = big;
            next.createdUtc = "generation-" + std::to_string(round);
            for (;;) {
                static_cast<void>(writeSnapshot(next, path));
            }
        }
        if (round % 2 == 0) {
            // Aimed, however long serialising takes on this build (sanitizers make it much
            // slower): every fourth round as soon as the temp file exists (before or just after
            // its writer locked it), the others once it has bytes in it (mid-write).
            const bool atCreation = round % 4 == 0;
            const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while ((atCreation ? dir.entries().size() < 2 : tempBytes(dir, "big.json") == 0) &&
                   std::chrono::steady_clock::now() < giveUp) {
                std::this_thread::sleep_for(std::chrono::microseconds(50));
            }
        } else {
            std::this_thread::sleep_for(std::chrono::microseconds(random() % static_cast<unsigned>(2 * saveMicros)));
        }
        ::kill(child, SIGKILL);
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);

        const std::string after = slurp(path);
        auto back = readSnapshot(path);
        ASSERT_TRUE(back.ok()) << "round " << round << ": " << back.error().message;
        // Either the old file or a complete new one, never a mix.
        EXPECT_TRUE(after == before || back->createdUtc == "generation-" + std::to_string(round)) << round;
        if (dir.entries().size() > 1) {
            ++killedWithTempLeft;
        }
        // The next save cleans up what the killed one left, whenever the kill landed.
        ASSERT_TRUE(writeFileAtomic(path, after).ok());
        EXPECT_EQ(dir.entries(), std::vector<std::string>{"big.json"}) << round;
    }
    // Most kills land mid-write; if none did, the test did not test anything.
    EXPECT_GT(killedWithTempLeft, 0);
}
