#include "chart/png_export.h"

#include <QCoreApplication>
#include <QImage>
#include <QImageWriter>
#include <QSaveFile>

namespace liqheat::ui {

QString savePngAtomically(const QImage& image, const QString& path)
{
    if (image.isNull()) {
        return QCoreApplication::translate("savePngAtomically", "%1: nothing to export (empty image)").arg(path);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return QCoreApplication::translate("savePngAtomically", "%1: cannot write: %2").arg(path, file.errorString());
    }
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        file.cancelWriting();
        return QCoreApplication::translate("savePngAtomically", "%1: cannot encode the image: %2")
            .arg(path, writer.errorString());
    }
    if (!file.commit()) {
        return QCoreApplication::translate("savePngAtomically", "%1: cannot replace the file: %2")
            .arg(path, file.errorString());
    }
    return {};
}

}  // namespace liqheat::ui
