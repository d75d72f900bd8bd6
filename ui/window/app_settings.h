#pragma once

#include "heatmap_style.h"

#include "liqheat/model/model_settings.h"

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace liqheat::ui {

/// One typed QSettings entry: the key and its default live together, no raw strings elsewhere.
template <typename T>
class Setting {
public:
    Setting(const char* key, T defaultValue) : m_key(QString::fromLatin1(key)), m_default(std::move(defaultValue)) {}

    [[nodiscard]] T value() const
    {
        const QVariant v = QSettings().value(m_key);
        return v.isValid() && v.canConvert<T>() ? v.value<T>() : m_default;
    }
    void setValue(const T& value) const { QSettings().setValue(m_key, QVariant::fromValue(value)); }
    [[nodiscard]] const QString& key() const { return m_key; }

private:
    QString m_key;
    T m_default;
};

/// The trade planner's inputs remembered between runs; entry and stop follow the market instead.
/// Names as core spells them ("binance", "long", "percent").
struct PlannerPreferences {
    QString exchange = QStringLiteral("binance");
    QString side = QStringLiteral("long");
    double account = 10'000.0;
    double riskPercent = 1.0;
    double leverage = 10.0;
    QString bufferMode = QStringLiteral("percent");
    double bufferValue = 0.1;
    double tickSize = 0.1;

    bool operator==(const PlannerPreferences&) const = default;
};

/// Everything the application remembers between runs.
class AppSettings {
public:
    static constexpr int kVersion = 1;
    static constexpr int kMaxRecentFiles = 10;

    Setting<int> version{"settingsVersion", 0};
    Setting<QByteArray> windowGeometry{"window/geometry", {}};
    Setting<QByteArray> windowState{"window/state", {}};
    Setting<QByteArray> splitterState{"window/splitter", {}};
    Setting<QStringList> recentFiles{"files/recent", {}};
    Setting<QString> lastDirectory{"files/lastDirectory", {}};
    Setting<QString> theme{"view/theme", QStringLiteral("dark")};
    Setting<bool> showProfile{"view/showProfile", true};
    Setting<bool> showClusters{"view/showClusters", false};
    Setting<bool> showRealized{"view/showRealized", true};
    Setting<double> realizedMinUsd{"view/realizedMinUsd", 1e6};
    Setting<QString> sourceExchange{"source/exchange", QStringLiteral("binance")};
    Setting<QString> sourceSymbol{"source/symbol", QStringLiteral("BTCUSDT")};
    Setting<QString> sourceInterval{"source/interval", QStringLiteral("5m")};
    Setting<int> sourceDays{"source/days", 7};
    Setting<bool> autoRefresh{"source/autoRefresh", false};
    Setting<int> autoRefreshSeconds{"source/autoRefreshSeconds", 60};
    /// Watched markets as "binance:BTCUSDT:5m".
    Setting<QStringList> watchlist{"watch/markets", {}};
    Setting<int> watchSeconds{"watch/refreshSeconds", 60};
    /// The alert rules as the rules file's JSON (docs/WATCH.md); empty: the default rules.
    Setting<QString> alertRules{"watch/alertRules", {}};
    /// The alert engine's memory (crossings, cooldowns), so a restart does not alert again.
    Setting<QString> alertState{"watch/alertState", {}};

    [[nodiscard]] HeatmapStyle style() const;
    void setStyle(const HeatmapStyle& style) const;
    [[nodiscard]] ModelSettings model() const;
    void setModel(const ModelSettings& model) const;
    [[nodiscard]] PlannerPreferences planner() const;
    void setPlanner(const PlannerPreferences& planner) const;

    /// Absolute, cleaned, de-duplicated, most recent first, capped.
    void addRecentFile(const QString& path) const;
    void removeRecentFile(const QString& path) const;

    /// Brings settings written by older versions up to kVersion.
    void migrate() const;

private:
    Setting<QString> m_palette{"view/palette", QStringLiteral("redgreen")};
    Setting<double> m_threshold{"view/threshold", HeatmapStyle{}.threshold};
    Setting<bool> m_logScale{"view/logScale", false};
    Setting<QString> m_modelPreset{"model/preset", QString::fromStdString(ModelSettings{}.preset)};
    Setting<QString> m_modelTiers{"model/tiers", {}};
    Setting<double> m_modelBucket{"model/bucket", 0.0};
    Setting<double> m_modelDecay{"model/decayHours", 0.0};
    Setting<QString> m_modelEntry{"model/entry", QString::fromStdString(toString(ModelSettings{}.entry))};
    Setting<QString> m_plannerExchange{"planner/exchange", PlannerPreferences{}.exchange};
    Setting<QString> m_plannerSide{"planner/side", PlannerPreferences{}.side};
    Setting<double> m_plannerAccount{"planner/account", PlannerPreferences{}.account};
    Setting<double> m_plannerRisk{"planner/riskPercent", PlannerPreferences{}.riskPercent};
    Setting<double> m_plannerLeverage{"planner/leverage", PlannerPreferences{}.leverage};
    Setting<QString> m_plannerBufferMode{"planner/bufferMode", PlannerPreferences{}.bufferMode};
    Setting<double> m_plannerBufferValue{"planner/bufferValue", PlannerPreferences{}.bufferValue};
    Setting<double> m_plannerTickSize{"planner/tickSize", PlannerPreferences{}.tickSize};
};

}  // namespace liqheat::ui
