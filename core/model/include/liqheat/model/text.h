#pragma once

// Small text helpers the time parser and the CSV reader share.

#include <string_view>

namespace liqheat {

/// `s` without the spaces and tabs at either end.
inline std::string_view trimBlanks(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace liqheat
