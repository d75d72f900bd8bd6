#pragma once

// Shared by the snapshot reader and writer. Private to liqheat_io.

#include "liqheat/model/result.h"

#include <string>

namespace liqheat {

/// The error with `prefix` (e.g. the file's path and ": ") before its message, keeping the code.
inline Error withPrefix(const Error& error, const std::string& prefix)
{
    return makeError(error.code, prefix + error.message);
}

}  // namespace liqheat
