#pragma once

// Binance archive files for tests, in the archive's exact layout (data.binance.vision): zips written
// with libzip holding one CSV, the `.CHECKSUM` text beside them, and CSV rows taken from the real
// BTCUSDT data in ../shared/data (see its README). Header-only; shared by core and net tests.

#include "liqheat/io/archive_zip.h"
#include "liqheat/model/time.h"

#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace liqheat::test {

struct ZipSpec {
    std::string name;
    std::string text;
};

inline std::string readBytes(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void writeBytes(const std::filesystem::path& path, const std::string& bytes)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// A zip holding `entries` (deflated), as bytes. `scratch` is a file path it may use.
inline std::string makeZip(const std::vector<ZipSpec>& entries, const std::filesystem::path& scratch)
{
    int error = 0;
    zip_t* archive = zip_open(scratch.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (archive == nullptr) {
        throw std::runtime_error("zip_open failed");
    }
    for (const ZipSpec& e : entries) {
        zip_source_t* source = zip_source_buffer(archive, e.text.data(), e.text.size(), 0);
        if (source == nullptr || zip_file_add(archive, e.name.c_str(), source, 0) < 0) {
            zip_source_free(source);
            zip_discard(archive);
            throw std::runtime_error("zip_file_add failed");
        }
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        throw std::runtime_error("zip_close failed");
    }
    std::string bytes = readBytes(scratch);
    std::filesystem::remove(scratch);
    return bytes;
}

/// The archive's CHECKSUM text: "<sha256>  <zip name>".
inline std::string checksumText(const std::string& zipBytes, const std::string& zipName)
{
    return sha256Hex(zipBytes) + "  " + zipName + "\n";
}

/// Rows of a plain CSV (no quoted fields, as in ../shared/data), header included.
inline std::vector<std::vector<std::string>> csvRows(const std::filesystem::path& path)
{
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        std::vector<std::string> cells;
        std::stringstream cellsIn(line);
        std::string cell;
        while (std::getline(cellsIn, cell, ',')) {
            cells.push_back(cell);
        }
        rows.push_back(std::move(cells));
    }
    return rows;
}

inline const std::string kKlinesHeader =
    "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,"
    "ignore\n";
inline const std::string kMetricsHeader =
    "create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,"
    "sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio\n";
inline const std::string kFundingHeader = "calc_time,funding_interval_hours,last_funding_rate\n";

/// One real candle of the 5 min BTCUSDT file: time and its open, high, low, close as written.
struct RealCandle {
    TimeMs time = 0;
    std::string open, high, low, close;
};

/// Candles of binance_btcusdt_perp_5m_*.csv with time in [from, to).
inline std::vector<RealCandle> realCandles(const std::filesystem::path& file, TimeMs from, TimeMs to)
{
    std::vector<RealCandle> out;
    const auto rows = csvRows(file);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const TimeMs t = std::stoll(rows[i][0]);
        if (t >= from && t < to) {
            out.push_back({t, rows[i][2], rows[i][3], rows[i][4], rows[i][5]});
        }
    }
    return out;
}

/// Archive klines rows of real candles. The recording has no volume, so the archive's volume
/// columns are written as 0 (the import then derives no taker ratio from them).
inline std::string klinesCsv(const std::vector<RealCandle>& candles, bool header)
{
    std::string out = header ? kKlinesHeader : "";
    for (const RealCandle& c : candles) {
        out += std::to_string(c.time) + "," + c.open + "," + c.high + "," + c.low + "," + c.close + ",0," +
               std::to_string(c.time + 5 * 60'000 - 1) + ",0,0,0,0,0\n";
    }
    return out;
}

/// One real metrics record of binance_btcusdt_metrics_1h_*.csv, at its own time (hour end - 5 min).
struct RealMetrics {
    TimeMs time = 0;
    std::string oiValue, oi, topAccount, topPosition, globalRatio, taker;
};

inline std::vector<RealMetrics> realMetrics(const std::filesystem::path& file, TimeMs from, TimeMs to)
{
    std::vector<RealMetrics> out;
    const auto rows = csvRows(file);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const TimeMs t = std::stoll(rows[i][0]) - 5 * 60'000;
        if (t >= from && t < to) {
            out.push_back({t, rows[i][1], rows[i][2], rows[i][3], rows[i][4], rows[i][5], rows[i][6]});
        }
    }
    return out;
}

/// "YYYY-MM-DD HH:MM:SS", the archive's metrics create_time.
inline std::string metricsTime(TimeMs t)
{
    std::string iso = formatTimeIso(t);  // 2026-05-01T05:55:00Z
    iso[10] = ' ';
    return iso.substr(0, 19);
}

inline std::string metricsCsv(const std::vector<RealMetrics>& rows, bool header)
{
    std::string out = header ? kMetricsHeader : "";
    for (const RealMetrics& m : rows) {
        out += metricsTime(m.time) + ",BTCUSDT," + m.oi + "," + m.oiValue + "," + m.topAccount + "," + m.topPosition +
               "," + m.globalRatio + "," + m.taker + "\n";
    }
    return out;
}

/// Real funding settlements (binance_btcusdt_funding_8h.csv is in the archive's own layout).
struct RealFunding {
    TimeMs time = 0;
    std::string hours, rate;
};

inline std::vector<RealFunding> realFunding(const std::filesystem::path& file, TimeMs from, TimeMs to)
{
    std::vector<RealFunding> out;
    const auto rows = csvRows(file);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const TimeMs t = std::stoll(rows[i][0]);
        if (t >= from && t < to) {
            out.push_back({t, rows[i][1], rows[i][2]});
        }
    }
    return out;
}

inline std::string fundingCsv(const std::vector<RealFunding>& rows, bool header)
{
    std::string out = header ? kFundingHeader : "";
    for (const RealFunding& f : rows) {
        out += std::to_string(f.time) + "," + f.hours + "," + f.rate + "\n";
    }
    return out;
}

/// Overwrites `count` bytes at the first occurrence of `signature` plus `offset` with a
/// little-endian value (to forge a zip header's size fields).
inline void patchAfter(std::string& bytes, const std::string& signature, std::size_t offset, std::uint32_t value,
                       std::size_t from = 0)
{
    const std::size_t at = bytes.find(signature, from);
    if (at == std::string::npos) {
        throw std::runtime_error("signature not found");
    }
    for (std::size_t i = 0; i < 4; ++i) {
        bytes[at + offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    }
}

}  // namespace liqheat::test
