#pragma once

// The notes of a fetch, as the fetch tests look for them and print them when a check fails.

#include "liqheat/live/fetch.h"

#include <algorithm>
#include <string>
#include <vector>

namespace liqheat::test {

/// Whether any note of `r` contains `text`.
inline bool hasNote(const FetchResult& r, const std::string& text)
{
    return std::any_of(r.notes.begin(), r.notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

/// The lines, each ended by a newline (a failed check prints all the notes).
inline std::string joined(const std::vector<std::string>& lines)
{
    std::string text;
    for (const auto& line : lines) {
        text += line + "\n";
    }
    return text;
}

}  // namespace liqheat::test
