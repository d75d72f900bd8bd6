#include "app_settings.h"

#include <QDir>
#include <QFileInfo>

namespace liqheat::ui {

HeatmapStyle AppSettings::style() const
{
    HeatmapStyle s;
    s.palette = paletteFromString(m_palette.value());
    s.threshold = std::clamp(m_threshold.value(), 0.0, 1.0);
    s.logScale = m_logScale.value();
    return s;
}

void AppSettings::setStyle(const HeatmapStyle& style) const
{
    m_palette.setValue(toString(style.palette));
    m_threshold.setValue(style.threshold);
    m_logScale.setValue(style.logScale);
}

ModelSettings AppSettings::model() const
{
    ModelSettings m;
    m.preset = m_modelPreset.value().toStdString();
    if (const QString tiers = m_modelTiers.value(); !tiers.isEmpty()) {
        if (auto parsed = parseTiers(tiers.toStdString())) {
            m.tiers = std::move(parsed).value();
        }
    }
    m.bucketSize = m_modelBucket.value();
    m.decayHalfLifeHours = m_modelDecay.value();
    m.entry = entryPlacementFromString(m_modelEntry.value().toStdString()).value_or(m.entry);
    // A hand-edited or stale file must never stop the app from starting.
    return validate(m).ok() ? m : ModelSettings{};
}

void AppSettings::setModel(const ModelSettings& model) const
{
    m_modelPreset.setValue(QString::fromStdString(model.preset));
    m_modelTiers.setValue(QString::fromStdString(formatTiers(model.tiers)));
    m_modelBucket.setValue(model.bucketSize);
    m_modelDecay.setValue(model.decayHalfLifeHours);
    m_modelEntry.setValue(QString::fromStdString(toString(model.entry)));
}

void AppSettings::addRecentFile(const QString& path) const
{
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList files = recentFiles.value();
    files.removeAll(clean);
    files.prepend(clean);
    while (files.size() > kMaxRecentFiles) {
        files.removeLast();
    }
    recentFiles.setValue(files);
}

void AppSettings::removeRecentFile(const QString& path) const
{
    QStringList files = recentFiles.value();
    files.removeAll(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
    recentFiles.setValue(files);
}

void AppSettings::migrate() const
{
    if (version.value() < 1) {
        // Version 0 is "nothing written yet": nothing to convert.
        version.setValue(kVersion);
    }
}

}  // namespace liqheat::ui
