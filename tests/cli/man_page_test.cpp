// The man pages stay in step with --help: every command `liqheat-cli --help` lists has a section in
// liqheat-cli.1, and every option that command's --help lists appears in that section. Regenerate
// with packaging/man/generate-cli-man.py when this fails.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

std::string output(const std::string& command)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return out;
    }
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        out.append(buffer, n);
    }
    pclose(pipe);
    return out;
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The troff source with `\-` read as `-`.
std::string manText(const std::string& path)
{
    std::string text = slurp(path);
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '-') {
            continue;
        }
        plain += text[i];
    }
    return plain;
}

/// The subcommands listed under "Subcommands:" in the top-level --help.
std::set<std::string> commands()
{
    std::set<std::string> names;
    std::istringstream in(output(std::string(LIQHEAT_CLI_PATH) + " --help"));
    std::string line;
    bool listing = false;
    while (std::getline(in, line)) {
        if (line.rfind("Subcommands:", 0) == 0) {
            listing = true;
        } else if (listing && line.empty()) {
            break;
        } else if (listing) {
            std::istringstream words(line);
            std::string name;
            words >> name;
            names.insert(name);
        }
    }
    return names;
}

}  // namespace

TEST(ManPage, EveryCommandAndOptionOfHelpIsDocumented)
{
    const std::string man = manText(std::string(LIQHEAT_MAN_DIR) + "/liqheat-cli.1");
    ASSERT_FALSE(man.empty());
    const std::set<std::string> names = commands();
    ASSERT_GE(names.size(), 10U);
    int checked = 0;
    const std::regex option(R"((^|\s)(--[a-z][a-z0-9-]*))");
    for (const std::string& name : names) {
        const std::size_t start = man.find(".SS " + name + "\n");
        ASSERT_NE(start, std::string::npos) << "no section for " << name;
        const std::size_t end = man.find("\n.S", start + 1);
        const std::string section = man.substr(start, end - start);
        const std::string help = output(std::string(LIQHEAT_CLI_PATH) + " " + name + " --help");
        std::istringstream lines(help);
        std::string line;
        while (std::getline(lines, line)) {
            // Option lines are indented and start with their flag; the epilogue and descriptions that
            // mention other options are not.
            if (line.rfind("  ", 0) != 0) {
                continue;
            }
            std::smatch m;
            const std::string trimmed = line.substr(
                line.find_first_not_of(' ') == std::string::npos ? line.size() : line.find_first_not_of(' '));
            if (trimmed.rfind("--", 0) != 0 || !std::regex_search(trimmed, m, option) || m[2] == "--help") {
                continue;
            }
            EXPECT_NE(section.find(m[2].str()), std::string::npos) << name << " " << m[2] << " is not in the man page";
            ++checked;
        }
    }
    EXPECT_GT(checked, 60);  // the parser above really found the options
}

TEST(ManPage, GuiPageListsTheGuiOptions)
{
    const std::string man = manText(std::string(LIQHEAT_MAN_DIR) + "/liqheat.1");
    for (const char* option : {"--screenshot", "--view", "--size", "--theme", "--help", "--version"}) {
        EXPECT_NE(man.find(option), std::string::npos) << option;
    }
}
