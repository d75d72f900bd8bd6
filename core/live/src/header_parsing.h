#pragma once

// How the HTTP client reads response header lines, apart from libcurl so it can be tested and
// fuzzed on its own. Private to liqheat_live.

#include <cstddef>
#include <string>
#include <string_view>

namespace liqheat {

struct HeaderLine {
    enum class Kind {
        StatusLine,  ///< "HTTP/1.1 302 Found": value is the reason phrase ("Found")
        Field,       ///< "Name: value": name in lower case, both trimmed
        TooLarge,    ///< a Content-Length over the body limit: refuse before downloading
        Other,       ///< the blank line that ends the headers, or a line without a colon
    };
    Kind kind = Kind::Other;
    std::string name;
    std::string value;
};

/// One raw header line as libcurl hands it over (CRLF included). A Content-Length is checked
/// against `maxBodyBytes` here.
HeaderLine parseHeaderLine(std::string_view line, std::size_t maxBodyBytes);

}  // namespace liqheat
