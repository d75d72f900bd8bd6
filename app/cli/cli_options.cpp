#include "cli_options.h"

#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

namespace liqheat::cli {
namespace {

std::string describeBound(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
}

/// A check with no help text of its own: the option's type name and description say it.
CLI::Validator check(std::function<std::string(const std::string&)> test)
{
    return CLI::Validator([test = std::move(test)](std::string& value) { return test(value); }, "");
}

std::string oneLine(std::string text)
{
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text;
}

const CLI::App* activeCommand(const CLI::App& root)
{
    const auto& parsed = root.get_subcommands();
    return parsed.empty() ? nullptr : parsed.front();
}

/// "stop needs SNAPSHOT, --side long|short and --entry P": every required argument, in order.
std::string requiredSummary(const CLI::App& command)
{
    std::vector<std::string> parts;
    for (const CLI::Option* o : command.get_options([](const CLI::Option* o) { return o->get_required(); })) {
        const bool positional = o->get_lnames().empty() && o->get_snames().empty();
        const std::string type = o->get_type_name();
        parts.push_back(positional || type.empty() ? o->get_name() : o->get_name() + " " + type);
    }
    std::string text = command.get_name() + " needs ";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    }
    return text;
}

std::string extrasMessage(const CLI::App& root, const CLI::App* command)
{
    const std::vector<std::string> left = command ? command->remaining() : root.remaining();
    if (left.empty()) {
        return "unexpected arguments";
    }
    const std::string& first = left.front();
    if (!command) {
        return "unknown command '" + first + "' (try liqheat-cli --help)";
    }
    const bool isOption = first.size() > 1 && first[0] == '-' && !parseNumber(first);
    const std::string what =
        isOption ? "unknown option " + first.substr(0, first.find('=')) : "unexpected argument '" + first + "'";
    return command->get_name() + ": " + what + " (try liqheat-cli " + command->get_name() + " --help)";
}

/// CLI11 writes "NAME: MESSAGE"; the checks above phrase MESSAGE as "must ...", so join them into
/// "NAME must ...", and say CLI::IsMember's "NAME: VALUE not in {a,b}" the same way.
std::string validationMessage(std::string text)
{
    const auto colon = text.find(": ");
    if (colon == std::string::npos || text.find(' ') <= colon) {
        return text;
    }
    const std::string name = text.substr(0, colon);
    const std::string message = text.substr(colon + 2);
    if (message.rfind("must ", 0) == 0) {
        return name + " " + message;
    }
    const auto notIn = message.find(" not in {");
    if (notIn != std::string::npos && message.back() == '}') {
        std::string choices = message.substr(notIn + 9, message.size() - notIn - 10);
        for (auto comma = choices.find(','); comma != std::string::npos; comma = choices.find(',', comma + 2)) {
            choices.replace(comma, 1, ", ");
        }
        return name + " must be one of " + choices + " (got '" + message.substr(0, notIn) + "')";
    }
    return text;
}

}  // namespace

std::optional<double> parseNumber(const std::string& text)
{
    double value = 0.0;
    const char* begin = text.data();
    if (!text.empty() && text.front() == '+') {
        ++begin;
    }
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc{} || ptr != end || begin == end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

CLI::Validator numberCheck(std::function<bool(double)> accept, const std::string& requirement)
{
    return check([accept = std::move(accept), requirement](const std::string& text) -> std::string {
        const auto v = parseNumber(text);
        return v && accept(*v) ? std::string{} : "must be " + requirement + " (got '" + text + "')";
    });
}

CLI::Validator numberWithin(double low, double high)
{
    const std::string requirement = std::isinf(high)
                                        ? "a number >= " + describeBound(low)
                                        : "a number within [" + describeBound(low) + ", " + describeBound(high) + "]";
    return numberCheck([low, high](double v) { return v >= low && v <= high; }, requirement);
}

CLI::Validator numberAbove(double low, double high)
{
    const std::string requirement = std::isinf(high)
                                        ? "more than " + describeBound(low)
                                        : "more than " + describeBound(low) + " and at most " + describeBound(high);
    return numberCheck([low, high](double v) { return v > low && v <= high; }, requirement);
}

CLI::Validator positiveNumber() { return numberAbove(0.0); }

CLI::Validator finiteNumber()
{
    return numberCheck([](double) { return true; }, "a number");
}

CLI::Validator wholeNumberWithin(long long low, long long high)
{
    return check([low, high](const std::string& text) -> std::string {
        const auto v = parseNumber(text);
        if (v && *v == std::floor(*v) && *v >= static_cast<double>(low) && *v <= static_cast<double>(high)) {
            return {};
        }
        return "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) + " (got '" + text +
               "')";
    });
}

CLI::Validator timeValue()
{
    return check([](const std::string& text) -> std::string {
        return parseTime(text) ? std::string{} : "must be a time in ms or ISO 8601 (got '" + text + "')";
    });
}

CLI::Validator intervalValue()
{
    return check([](const std::string& text) -> std::string {
        return parseInterval(text) > 0 ? std::string{} : "must be an interval like 5m or 1h (got '" + text + "')";
    });
}

std::optional<TimeMs> optionalTime(const std::string& text) { return text.empty() ? std::nullopt : parseTime(text); }

CLI::Validator existingFile() { return CLI::Validator(CLI::ExistingFile).description(""); }

CLI::Option* addSnapshotArgument(CLI::App& app, std::string& path)
{
    return app.add_option("SNAPSHOT", path, "snapshot file (.json or .json.gz)")
        ->required()
        ->check(existingFile())
        ->type_name("FILE");
}

CLI::Option* addOutputOption(CLI::App& app, std::string& path, const std::string& what)
{
    return app.add_option("-o", path, what)->type_name("OUT");
}

std::string usageMessage(const CLI::App& root, const CLI::ParseError& error)
{
    const CLI::App* command = activeCommand(root);
    const std::string what = oneLine(error.what());
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
        return extrasMessage(root, command);
    }
    if (command == nullptr) {
        return root.remaining().empty() ? "no command given (try liqheat-cli --help)" : extrasMessage(root, nullptr);
    }
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        return requiredSummary(*command) + ": " + what;
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
        return command->get_name() + ": " + what.substr(0, what.find(':')) + " needs a value";
    }
    if (dynamic_cast<const CLI::ValidationError*>(&error) != nullptr) {
        return command->get_name() + ": " + validationMessage(what);
    }
    return command->get_name() + ": " + what;
}

}  // namespace liqheat::cli
