#include "commands.h"

#include "backfill_command.h"
#include "calibrate_command.h"
#include "cli_options.h"
#include "cli_support.h"
#include "data_commands.h"
#include "fetch_command.h"
#include "map_command.h"
#include "market_commands.h"
#include "record_command.h"
#include "store_commands.h"
#include "trader_commands.h"
#include "watch_command.h"
#ifdef LIQHEAT_WITH_RENDER
#include "render_command.h"
#endif

#include "liqheat/model/format.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace liqheat::cli {
namespace {

const char* const kFooter = R"(
MODEL options (estimating commands): --preset NAME, --tiers 5:0.15,10:0.3,..., --bucket USD,
--decay-hours H, --entry close|typical|spread|profile (--entry-placement in stop, whose --entry is
the entry price), --model-mmr R; options, all off by default (docs/MODEL.md 7): --side-tilt T
--tilt-source S, --close-winners-first B --close-loser-scale PCT, --learn-mix S
--learn-window-hours H --learn-every-hours H.
Live fetches honour LIQHEAT_BINANCE_URL, LIQHEAT_BYBIT_URL and LIQHEAT_OKX_URL; backfill honours
LIQHEAT_BINANCE_ARCHIVE_URL; `record` streams honour LIQHEAT_BINANCE_STREAM_URL,
LIQHEAT_BYBIT_STREAM_URL and LIQHEAT_OKX_STREAM_URL. The local store is $LIQHEAT_STORE, else
$XDG_DATA_HOME/liqheat/market.sqlite (~/.local/share by default).
Exit codes: 0 success, 1 the data, a file or the network failed, 2 a usage mistake or an invalid
option value. Errors go to stderr as one line. `liqheat-cli COMMAND --help` lists a command's options.)";

std::vector<Command> declareCommands(CLI::App& root)
{
    std::vector<Command> commands{
        addInfoCommand(root),     addImportCommand(root),   addFetchCommand(root),    addEstimateCommand(root),
        addSweepCommand(root),    addMapCommand(root),      addClustersCommand(root), addCalibrateCommand(root),
        addLiqpriceCommand(root), addStopCommand(root),     addSizeCommand(root),     addSignalsCommand(root),
        addCascadeCommand(root),  addBackfillCommand(root), addWatchCommand(root),
    };
    commands.push_back(addExportSnapshotCommand(root));
    commands.push_back(addRecordCommand(root));
#ifdef LIQHEAT_WITH_RENDER
    commands.push_back(addRenderCommand(root));
#endif
    return commands;
}

/// `liqheat-cli help [COMMAND]` reads as `liqheat-cli [COMMAND] --help`.
std::vector<std::string> helpCommandAsFlag(std::vector<std::string> args)
{
    if (!args.empty() && args.front() == "help") {
        args.erase(args.begin());
        args.emplace_back("--help");
    }
    return args;
}

/// No option or operand of liqheat-cli takes an empty value, and CLI11 2.1 loops forever on an
/// empty operand followed by an unknown option (found by the CLI fuzzer), so empty arguments are
/// refused before parsing.
std::string emptyArgumentProblem(const std::vector<std::string>& args)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].empty()) {
            const std::string after = i == 0 ? std::string("liqheat-cli") : "'" + printableText(args[i - 1]) + "'";
            return "argument " + std::to_string(i + 1) + " (after " + after + ") is empty";
        }
    }
    return {};
}

}  // namespace

namespace {

int parseAndRun(const std::vector<std::string>& args, bool execute)
{
    CLI::App root{"Liquidation heatmaps for crypto futures: estimate, inspect, and plan trades around them.",
                  "liqheat-cli"};
    root.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // the last given wins
    root.set_version_flag("--version", std::string("liqheat-cli ") + LIQHEAT_VERSION, "print the version");
    root.require_subcommand(1);
    root.footer(kFooter);
    const std::vector<Command> commands = declareCommands(root);

    if (const std::string problem = emptyArgumentProblem(args); !problem.empty()) {
        printError(problem);
        return kExitUsage;
    }
    const std::vector<std::string> given = helpCommandAsFlag(args);
    std::vector<std::string> reversed(given.rbegin(), given.rend());  // CLI11 consumes from the back
    try {
        root.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        std::cout << root.help();  // the chosen command's help when one was named
        return 0;
    } catch (const CLI::CallForVersion& version) {
        std::cout << version.what() << "\n";
        return 0;
    } catch (const CLI::ParseError& error) {
        printError(usageMessage(root, error));
        return kExitUsage;
    }
    for (const Command& command : commands) {
        if (command.app->parsed()) {
            return execute ? guarded(command.run) : 0;
        }
    }
    printError("no command given (try liqheat-cli --help)");
    return kExitUsage;
}

}  // namespace

int run(const std::vector<std::string>& args) { return finishOutput(parseAndRun(args, true)); }

int parseOnly(const std::vector<std::string>& args) { return parseAndRun(args, false); }

}  // namespace liqheat::cli
