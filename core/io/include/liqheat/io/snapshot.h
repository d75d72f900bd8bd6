#pragma once

#include "liqheat/model/market_data.h"
#include "liqheat/model/model_settings.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <functional>
#include <map>
#include <string>

namespace liqheat {

/// A saved, self-describing document: every input series plus the model settings in use.
struct Snapshot {
    MarketData data;
    /// Each exchange's own series when `data` merges several (exchange name -> its data; the
    /// source symbol and interval are those of `data`). Written as "per_exchange" (format 1.1).
    std::map<std::string, MarketData> perExchange;
    ModelSettings model;
    std::string createdUtc;  ///< ISO 8601, set by the writer when empty
};

/// Protection against hostile or accidental huge files.
struct SnapshotLimits {
    std::size_t maxBytes = std::size_t{1} << 30;  ///< decompressed document size
    std::size_t maxRowsPerSeries = 20'000'000;
    /// Numbers in all series together: bounds the memory a document can take (8 bytes each).
    std::size_t maxValues = 128'000'000;
    std::size_t maxExchanges = 256;  ///< entries of "per_exchange"
};

inline constexpr const char* kSnapshotFormatName = "liqheat-snapshot";
inline constexpr int kSnapshotMajorVersion = 1;
/// The newest minor version this build reads strictly. Writers use 1.0 unless the snapshot has
/// per-exchange series (1.1), top-trader ratios (1.2) or issue-16 model options (1.3), so files without them stay readable by
/// older readers (a 1.0 or 1.1 reader skips the 1.2 keys it does not know).
inline constexpr int kSnapshotMinorVersion = 3;

/// Serialises to JSON text (numbers round-trip exactly).
std::string toJson(const Snapshot& snapshot);
/// Parses and validates a JSON document. Errors name the field ("series.candles.high[12]: ...").
Result<Snapshot> snapshotFromJson(const std::string& text, const SnapshotLimits& limits = {});

/// Told (bytes of the file read, file size) as a read goes on; returning false cancels it.
using ReadProgress = std::function<bool(std::size_t done, std::size_t total)>;

/// Reads a snapshot file, plain or gzip (detected by its magic bytes). Anything but a regular
/// file is refused at once. A cancelled read fails with Error::Code::Cancelled.
Result<Snapshot> readSnapshot(const std::string& path, const SnapshotLimits& limits = {},
                              const ReadProgress& progress = {});
/// Parses bytes that may be gzip-compressed.
Result<Snapshot> readSnapshotBytes(const std::string& bytes, const SnapshotLimits& limits = {});

/// Writes atomically (temp file in the same directory, then rename): an existing file is replaced
/// only when the new one is complete. gzip when `compress`, or by default when the path ends ".gz".
enum class Compression { ByExtension, None, Gzip };
Status writeSnapshot(const Snapshot& snapshot, const std::string& path,
                     Compression compression = Compression::ByExtension);

}  // namespace liqheat
