#pragma once

// The small parts of a snapshot, read from json::Value once streamed: "format" and "version",
// "source" and "model". Private to liqheat_io.

#include "liqheat/io/json_reader.h"
#include "liqheat/io/snapshot.h"

namespace liqheat {

/// The document's minor version, after checking "format" and the major version.
Status checkSnapshotFormatAndVersion(const json::Value& root, int& minor);
/// Unknown keys are errors when `minor` is a version this build knows.
Status readSnapshotSource(const json::Value& json, MarketSource& source, const SnapshotLimits& limits, int minor);
Status readSnapshotModel(const json::Value& json, ModelSettings& model, const SnapshotLimits& limits, int minor);

}  // namespace liqheat
