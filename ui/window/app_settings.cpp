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

PlannerPreferences AppSettings::planner() const
{
    // Values are checked against the planner's ranges when they are shown (the panel clamps them).
    PlannerPreferences p;
    p.exchange = m_plannerExchange.value();
    p.side = m_plannerSide.value();
    p.account = m_plannerAccount.value();
    p.riskPercent = m_plannerRisk.value();
    p.leverage = m_plannerLeverage.value();
    p.bufferMode = m_plannerBufferMode.value();
    p.bufferValue = m_plannerBufferValue.value();
    p.tickSize = m_plannerTickSize.value();
    return p;
}

void AppSettings::setPlanner(const PlannerPreferences& p) const
{
    m_plannerExchange.setValue(p.exchange);
    m_plannerSide.setValue(p.side);
    m_plannerAccount.setValue(p.account);
    m_plannerRisk.setValue(p.riskPercent);
    m_plannerLeverage.setValue(p.leverage);
    m_plannerBufferMode.setValue(p.bufferMode);
    m_plannerBufferValue.setValue(p.bufferValue);
    m_plannerTickSize.setValue(p.tickSize);
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
