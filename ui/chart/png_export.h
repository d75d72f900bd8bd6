#pragma once

#include <QString>

class QImage;

namespace liqheat::ui {

/// Writes `image` as PNG through QSaveFile: the old file stays intact until the new one is
/// complete, so a failed export never leaves half an image. Returns an error line or empty.
/// Export PNG, `liqheat --screenshot` and `liqheat-cli render` all save through this.
QString savePngAtomically(const QImage& image, const QString& path);

}  // namespace liqheat::ui
