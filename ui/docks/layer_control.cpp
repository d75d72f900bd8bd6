#include "docks/layer_control.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLocale>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace liqheat::ui {

LayerControl::LayerControl(QWidget* parent) : QGroupBox(tr("Leverage layers"), parent)
{
    setObjectName(QStringLiteral("layerControl"));
    m_enabled = new QCheckBox(tr("Break levels down by leverage"), this);
    m_enabled->setObjectName(QStringLiteral("layersEnabled"));
    m_enabled->setToolTip(
        tr("The tooltip, the profile and the clusters name the leverage behind each level; "
           "untick a tier to hide it. Re-estimates the data."));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_enabled);
    m_tierRow = new QHBoxLayout;
    layout->addLayout(m_tierRow);
    connect(m_enabled, &QCheckBox::toggled, this, [this](bool on) {
        for (QCheckBox* box : m_tierBoxes) {
            box->setEnabled(on);
        }
        emitChanged();
    });
}

void LayerControl::setTiers(const std::vector<LeverageTier>& tiers)
{
    std::vector<double> leverage;
    for (const auto& t : tiers) {
        leverage.push_back(t.leverage);
    }
    if (leverage == m_leverage) {
        return;
    }
    std::vector<double> hidden;
    for (std::size_t i = 0; i < m_tierBoxes.size(); ++i) {
        if (!m_tierBoxes[i]->isChecked()) {
            hidden.push_back(m_leverage[i]);
        }
    }
    for (QCheckBox* box : m_tierBoxes) {
        delete box;
    }
    m_tierBoxes.clear();
    m_leverage = leverage;
    for (const double l : m_leverage) {
        auto* box = new QCheckBox(QStringLiteral("%1x").arg(QLocale().toString(l, 'g', 4)), this);
        box->setObjectName(QStringLiteral("layerTier%1").arg(l));
        box->setChecked(std::find(hidden.begin(), hidden.end(), l) == hidden.end());
        box->setEnabled(m_enabled->isChecked());
        connect(box, &QCheckBox::toggled, this, &LayerControl::emitChanged);
        m_tierRow->addWidget(box);
        m_tierBoxes.push_back(box);
    }
    if (m_enabled->isChecked()) {
        emitChanged();
    }
}

std::optional<std::vector<bool>> LayerControl::layers() const
{
    if (!m_enabled->isChecked()) {
        return std::nullopt;
    }
    std::vector<bool> visible;
    for (const QCheckBox* box : m_tierBoxes) {
        visible.push_back(box->isChecked());
    }
    return visible;
}

void LayerControl::setVisible(const std::vector<bool>& visible)
{
    {
        const QSignalBlocker blockEnabled(m_enabled);
        m_enabled->setChecked(true);
        for (std::size_t i = 0; i < m_tierBoxes.size(); ++i) {
            const QSignalBlocker block(m_tierBoxes[i]);
            m_tierBoxes[i]->setEnabled(true);
            m_tierBoxes[i]->setChecked(i < visible.size() && visible[i]);
        }
    }
    emitChanged();
}

void LayerControl::emitChanged() { emit layersChanged(layers()); }

}  // namespace liqheat::ui
