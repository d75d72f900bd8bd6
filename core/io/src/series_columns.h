#pragma once

#include "json_stream.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace liqheat {

/// Reads a snapshot's series columns (arrays of numbers, arrays of millisecond times) from the
/// lexer, within the document-wide limits on values and on rows per series; an error names the
/// element that broke them ("series.candles.close[12]: not a finite number (null)").
class SeriesColumnReader {
public:
    SeriesColumnReader(json::StreamLexer& lex, const SnapshotLimits& limits) : m_lex(lex), m_limits(limits) {}

    Status readNumbers(const std::string& path, std::size_t depth, std::vector<double>& out);
    Status readTimes(const std::string& path, std::size_t depth, std::vector<TimeMs>& out);
    /// Rows of the series' time column, so that its other columns are sized once.
    void setSizeHint(std::size_t rows) { m_sizeHint = rows; }

    /// "PATH: expected EXPECTED, got TYPE", reading the offending value to name its type.
    Status wrongType(const std::string& path, const std::string& expected);
    /// Skips one value of any type (unknown keys of newer minor versions), within the depth limit.
    Status skipValue(std::string path, std::size_t depth);

private:
    static constexpr std::size_t kUnlimited = static_cast<std::size_t>(-1);

    Result<std::string> nextTypeName();
    template <typename T>
    Status makeRoom(std::vector<T>& column, const std::string& path);
    Status rowLimit(const std::string& path, std::size_t rows) const;
    Status badElement(const std::string& path, std::size_t index, const std::string& expected);
    template <typename T, typename Convert>
    Status readColumn(const std::string& path, std::size_t depth, std::vector<T>& out, const char* expected,
                      const char* elementExpected, Convert convert);
    static Status overflow(const std::string& path, std::size_t index, std::string_view token);

    json::StreamLexer& m_lex;
    const SnapshotLimits& m_limits;
    std::size_t m_values = 0;    ///< numbers read into series so far, document-wide
    std::size_t m_sizeHint = 0;  ///< rows of the series' time column
    std::string m_where;
};

}  // namespace liqheat
