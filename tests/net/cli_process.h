#pragma once

// A liqheat-cli process with its stdout and stderr going to files, and a temporary directory:
// the CLI tests against local servers start the real binary with these.

#include "../support/temp_dir.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

extern char** environ;

namespace liqheat::test {

namespace fs = std::filesystem;

// A running liqheat-cli with stdout and stderr going to files.
class CliProcess {
public:
    CliProcess(const std::vector<std::string>& args, const std::vector<std::string>& extraEnv, const fs::path& dir)
        : m_out(dir / "stdout.txt"), m_err(dir / "stderr.txt")
    {
        std::vector<std::string> argv{LIQHEAT_CLI_PATH};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> argvPtrs;
        for (auto& a : argv) {
            argvPtrs.push_back(a.data());
        }
        argvPtrs.push_back(nullptr);
        std::vector<std::string> env = extraEnv;
        // Each run its own store (an earlier one in extraEnv wins): never the user's own.
        env.push_back("LIQHEAT_STORE=" + (dir / "market.sqlite").string());
        for (char** e = environ; *e != nullptr; ++e) {
            env.emplace_back(*e);
        }
        std::vector<char*> envPtrs;
        for (auto& e : env) {
            envPtrs.push_back(e.data());
        }
        envPtrs.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, m_out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, m_err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (posix_spawn(&m_pid, argv[0].c_str(), &actions, nullptr, argvPtrs.data(), envPtrs.data()) != 0) {
            m_pid = -1;
        }
        posix_spawn_file_actions_destroy(&actions);
    }

    void signal(int number) const { ::kill(m_pid, number); }

    int wait()
    {
        int status = 0;
        if (m_pid <= 0 || ::waitpid(m_pid, &status, 0) != m_pid) {
            return -1;
        }
        m_pid = 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

    ~CliProcess()
    {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    CliProcess(const CliProcess&) = delete;
    CliProcess& operator=(const CliProcess&) = delete;

    [[nodiscard]] std::string out() const { return slurp(m_out); }
    [[nodiscard]] std::string err() const { return slurp(m_err); }

private:
    fs::path m_out;
    fs::path m_err;
    pid_t m_pid = -1;
};

}  // namespace liqheat::test
