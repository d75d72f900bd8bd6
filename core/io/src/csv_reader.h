#pragma once

// CSV records and cells: splitting a document into records, and the cell helpers every format
// parser uses. Private to liqheat_io.

#include "liqheat/model/result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liqheat::csv {

std::string_view trim(std::string_view s);
/// ASCII only, so the result never depends on the process locale (the GUI may set one).
std::string lower(std::string_view s);
/// A cell as shown in an error: short and on one line, so errors stay one line.
std::string showCell(std::string_view cell);
bool allDigits(std::string_view s);
/// A finite number; locale-independent (std::from_chars never looks at the C locale).
std::optional<double> parseNumber(std::string_view s);
/// ParseError "name:line: what".
Error parseError(const std::string& name, std::size_t line, const std::string& what);

/// Bounds on one record, checked while it is split, so a hostile file is refused after reading
/// at most this much of it: no CSV liqheat reads has records near them (a Binance kline row is
/// about 120 bytes and 12 fields).
inline constexpr std::size_t kMaxRecordBytes = 64 * 1024;
inline constexpr std::size_t kMaxRecordFields = 1024;

/// Splits text into records: ',' separated, LF / CRLF / CR line ends, "..." fields with ""
/// escapes (which may span lines). Nothing more: no other separators, no comments.
class CsvReader {
public:
    enum class Status { Record, End, UnterminatedQuote, RecordTooLong, TooManyFields };

    explicit CsvReader(std::string_view text) : m_text(text) {}

    /// `line` receives the 1-based line where the record starts.
    Status next(std::vector<std::string>& fields, std::size_t& line);

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

/// The non-blank records of one document, with errors naming the document and the line.
class CsvRecords {
public:
    CsvRecords(std::string_view text, const std::string& name) : m_reader(text), m_name(name) {}

    /// Moves to the next non-blank record; false at the end of the document.
    Result<bool> next();
    /// The next call to next() gives the current record again (a headerless file's first row
    /// was read to detect the format, but it is data).
    void replayCurrent() { m_replay = true; }

    /// The current record; its strings are reused by next().
    [[nodiscard]] const std::vector<std::string>& fields() const { return m_fields; }
    /// 1-based line where the current record starts.
    [[nodiscard]] std::size_t line() const { return m_line; }
    /// The document's name (its path), for messages.
    [[nodiscard]] const std::string& name() const { return m_name; }

private:
    CsvReader m_reader;
    const std::string& m_name;
    std::vector<std::string> m_fields;
    std::size_t m_line = 0;
    bool m_replay = false;
};

}  // namespace liqheat::csv
