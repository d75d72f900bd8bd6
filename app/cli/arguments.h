#pragma once

#include "liqheat/model/result.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace liqheat::cli {

/// Parsed command line of one subcommand: positionals and `--name value` / `--name=value` options.
class Arguments {
public:
    /// `valued` options take a value, `flags` do not; anything else is an error.
    static Result<Arguments> parse(const std::vector<std::string>& args, const std::set<std::string>& valued,
                                   const std::set<std::string>& flags);

    [[nodiscard]] const std::vector<std::string>& positionals() const { return m_positionals; }
    [[nodiscard]] bool has(const std::string& name) const;
    [[nodiscard]] std::optional<std::string> value(const std::string& name) const;  ///< last given
    [[nodiscard]] std::vector<std::string> values(const std::string& name) const;   ///< all given

    /// A number option; Error naming the option when it is not a finite number.
    [[nodiscard]] Result<std::optional<double>> number(const std::string& name) const;

private:
    std::vector<std::string> m_positionals;
    std::map<std::string, std::vector<std::string>> m_options;
};

/// Strict number parsing ("1e3", "-0.5"); std::nullopt for anything else or non-finite values.
std::optional<double> parseNumber(const std::string& text);

}  // namespace liqheat::cli
