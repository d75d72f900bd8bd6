#include "arguments.h"

#include <charconv>
#include <cmath>

namespace liqheat::cli {

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

Result<Arguments> Arguments::parse(const std::vector<std::string>& args, const std::set<std::string>& valued,
                                   const std::set<std::string>& flags)
{
    Arguments out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool isOption = arg.size() > 1 && arg[0] == '-' && !parseNumber(arg).has_value();
        if (!isOption) {
            out.m_positionals.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (flags.count(name) != 0) {
            if (inlineValue) {
                return makeError(Error::Code::InvalidArgument, "option " + name + " takes no value");
            }
            out.m_options[name].push_back("1");
        } else if (valued.count(name) != 0) {
            if (inlineValue) {
                out.m_options[name].push_back(*inlineValue);
            } else if (i + 1 < args.size()) {
                out.m_options[name].push_back(args[++i]);
            } else {
                return makeError(Error::Code::InvalidArgument, "option " + name + " needs a value");
            }
        } else {
            return makeError(Error::Code::InvalidArgument, "unknown option " + name);
        }
    }
    return out;
}

bool Arguments::has(const std::string& name) const { return m_options.count(name) != 0; }

std::optional<std::string> Arguments::value(const std::string& name) const
{
    const auto it = m_options.find(name);
    if (it == m_options.end() || it->second.empty()) {
        return std::nullopt;
    }
    return it->second.back();
}

std::vector<std::string> Arguments::values(const std::string& name) const
{
    const auto it = m_options.find(name);
    return it == m_options.end() ? std::vector<std::string>{} : it->second;
}

Result<std::optional<double>> Arguments::number(const std::string& name) const
{
    const auto text = value(name);
    if (!text) {
        return std::optional<double>{};
    }
    std::string t = *text;
    const auto parsed = parseNumber(t);
    if (!parsed) {
        return makeError(Error::Code::InvalidArgument, "option " + name + ": '" + t + "' is not a number");
    }
    return std::optional<double>{*parsed};
}

}  // namespace liqheat::cli
