#include "csv_reader.h"

#include "liqheat/model/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

namespace liqheat::csv {

std::string_view trim(std::string_view s) { return trimBlanks(s); }

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& ch : out) {
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
        }
    }
    return out;
}

std::string showCell(std::string_view cell)
{
    constexpr std::size_t kMax = 40;
    std::string out(cell.substr(0, kMax));
    for (char& ch : out) {
        if (static_cast<unsigned char>(ch) < 0x20) {
            ch = '?';
        }
    }
    if (cell.size() > kMax) {
        out += "...";
    }
    return out;
}

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::optional<double> parseNumber(std::string_view s)
{
    if (s.size() > 1 && s.front() == '+' && s[1] != '-') {
        s.remove_prefix(1);  // from_chars rejects an explicit '+'
    }
    double value = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

Error parseError(const std::string& name, std::size_t line, const std::string& what)
{
    return makeError(Error::Code::ParseError, name + ":" + std::to_string(line) + ": " + what);
}

namespace {

// Reuses the strings of the previous record to avoid an allocation per cell.
std::string& slot(std::vector<std::string>& fields, std::size_t i)
{
    if (i < fields.size()) {
        fields[i].clear();
    } else {
        fields.emplace_back();
    }
    return fields[i];
}

bool isBlank(const std::vector<std::string>& fields) { return fields.size() == 1 && trim(fields[0]).empty(); }

}  // namespace

CsvReader::Status CsvReader::next(std::vector<std::string>& fields, std::size_t& line)
{
    if (m_pos >= m_text.size()) {
        return Status::End;
    }
    line = m_line;
    const std::size_t start = m_pos;
    std::size_t count = 0;
    std::string* field = &slot(fields, count++);
    bool inQuotes = false;
    bool fieldStart = true;  // a '"' only opens a quoted field at its start
    const std::size_t n = m_text.size();
    while (m_pos < n) {
        if (m_pos - start >= kMaxRecordBytes) {
            return Status::RecordTooLong;
        }
        const char ch = m_text[m_pos++];
        if (inQuotes) {
            if (ch == '"') {
                if (m_pos < n && m_text[m_pos] == '"') {
                    *field += '"';
                    ++m_pos;
                } else {
                    inQuotes = false;
                }
            } else {
                if (ch == '\n') {
                    ++m_line;
                }
                *field += ch;
            }
            continue;
        }
        if (ch == '"' && fieldStart) {
            inQuotes = true;
            fieldStart = false;
            continue;
        }
        fieldStart = false;
        if (ch == ',') {
            if (count == kMaxRecordFields) {
                return Status::TooManyFields;
            }
            field = &slot(fields, count++);
            fieldStart = true;
        } else if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && m_pos < n && m_text[m_pos] == '\n') {
                ++m_pos;
            }
            ++m_line;
            fields.resize(count);
            return Status::Record;
        } else {
            *field += ch;
        }
    }
    if (inQuotes) {
        return Status::UnterminatedQuote;
    }
    fields.resize(count);
    return Status::Record;
}

Result<bool> CsvRecords::next()
{
    if (m_replay) {
        m_replay = false;
        return true;
    }
    while (true) {
        const auto status = m_reader.next(m_fields, m_line);
        if (status == CsvReader::Status::End) {
            return false;
        }
        if (status == CsvReader::Status::UnterminatedQuote) {
            return parseError(m_name, m_line, "unterminated quoted field");
        }
        if (status == CsvReader::Status::RecordTooLong) {
            return parseError(
                m_name, m_line,
                "record longer than " + std::to_string(kMaxRecordBytes / 1024) + " KiB (not a CSV liqheat reads)");
        }
        if (status == CsvReader::Status::TooManyFields) {
            return parseError(
                m_name, m_line,
                "more than " + std::to_string(kMaxRecordFields) + " fields in one record (not a CSV liqheat reads)");
        }
        if (!isBlank(m_fields)) {
            return true;
        }
    }
}

}  // namespace liqheat::csv
