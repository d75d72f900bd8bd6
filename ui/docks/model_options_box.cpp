#include "docks/model_options_box.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSignalBlocker>

#include <algorithm>
#include <cmath>

namespace liqheat::ui {
namespace {

QDoubleSpinBox* spin(QWidget* parent, const char* name, double low, double high, double step, int decimals,
                     const QString& tip)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setRange(low, high);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    box->setToolTip(tip);
    return box;
}

double clampedOr(double value, double low, double high, double fallback)
{
    return std::isfinite(value) ? std::clamp(value, low, high) : fallback;
}

}  // namespace

ModelOptionsBox::ModelOptionsBox(QWidget* parent) : QGroupBox(tr("Positioning and closing"), parent)
{
    setObjectName(QStringLiteral("modelOptionsGroup"));
    auto* form = new QFormLayout(this);

    m_tilt = spin(this, "sideTiltSpin", -5.0, 5.0, 0.25, 2,
                  tr("Tilts each side's leverage mix by who is positioned: the side under pressure holds more "
                     "of its new notional at high leverage. Both sides still hold every contract. 0: off."));
    form->addRow(tr("Side tilt"), m_tilt);

    m_tiltSource = new QComboBox(this);
    m_tiltSource->setObjectName(QStringLiteral("tiltSourceCombo"));
    for (const TiltSource s :
         {TiltSource::Taker, TiltSource::Accounts, TiltSource::TopAccounts, TiltSource::TopPositions}) {
        m_tiltSource->addItem(QString::fromStdString(toString(s)), QString::fromStdString(toString(s)));
    }
    m_tiltSource->setToolTip(tr("The positioning series the tilt reads (needs it in the data)."));
    form->addRow(tr("Tilt from"), m_tiltSource);

    m_closeBlend = spin(this, "closeWinnersSpin", 0.0, 1.0, 0.1, 2,
                        tr("When open interest falls: 0 closes every level alike, 1 closes winners and "
                           "near-the-money positions first and keeps losers open longer."));
    m_closeBlend->setSpecialValueText(tr("proportional"));
    form->addRow(tr("Close winners first"), m_closeBlend);

    m_loserScale = spin(this, "loserScaleSpin", 0.1, 100.0, 0.5, 1,
                        tr("A losing position's chance to close falls by e per this loss, in percent."));
    m_loserScale->setSuffix(tr(" %"));
    form->addRow(tr("Loser scale"), m_loserScale);

    m_learnMix = spin(this, "learnMixSpin", 0.0, 1.0, 0.1, 2,
                      tr("Blend in a leverage mix refitted from realized liquidations already seen (needs them "
                         "in the data; never uses later ones). 0: off."));
    m_learnMix->setSpecialValueText(tr("off"));
    form->addRow(tr("Learned mix"), m_learnMix);

    m_learnWindow = spin(this, "learnWindowSpin", 1.0, 8760.0, 24.0, 0, tr("Trailing window of the refit."));
    m_learnWindow->setSuffix(tr(" h"));
    form->addRow(tr("Learn window"), m_learnWindow);

    setOptions(ModelSettings{});
    for (QDoubleSpinBox* box : {m_tilt, m_closeBlend, m_loserScale, m_learnMix, m_learnWindow}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, &ModelOptionsBox::emitIfChanged);
    }
    connect(m_tiltSource, &QComboBox::currentIndexChanged, this, &ModelOptionsBox::emitIfChanged);
}

void ModelOptionsBox::setOptions(const ModelSettings& settings)
{
    const ModelSettings defaults;
    const QSignalBlocker blocks[] = {QSignalBlocker(m_tilt),       QSignalBlocker(m_tiltSource),
                                     QSignalBlocker(m_closeBlend), QSignalBlocker(m_loserScale),
                                     QSignalBlocker(m_learnMix),   QSignalBlocker(m_learnWindow)};
    m_tilt->setValue(clampedOr(settings.sideTilt, -5.0, 5.0, 0.0));
    m_tiltSource->setCurrentIndex(
        std::max(0, m_tiltSource->findData(QString::fromStdString(toString(settings.tiltSource)))));
    m_closeBlend->setValue(clampedOr(settings.closeWinnersFirst, 0.0, 1.0, 0.0));
    m_loserScale->setValue(clampedOr(settings.closeLoserScalePercent, 0.1, 100.0, defaults.closeLoserScalePercent));
    m_learnMix->setValue(clampedOr(settings.learnMix, 0.0, 1.0, 0.0));
    m_learnWindow->setValue(clampedOr(settings.learnWindowHours, 1.0, 8760.0, defaults.learnWindowHours));
    m_shown = ModelSettings{};
    apply(m_shown);
}

void ModelOptionsBox::emitIfChanged()
{
    // Only a real edit is a change: widgets may re-emit a value they already hold.
    ModelSettings now = m_shown;
    apply(now);
    if (!(now == m_shown)) {
        m_shown = now;
        emit changed();
    }
}

void ModelOptionsBox::apply(ModelSettings& settings) const
{
    settings.sideTilt = m_tilt->value();
    settings.tiltSource =
        tiltSourceFromString(m_tiltSource->currentData().toString().toStdString()).value_or(TiltSource::Taker);
    settings.closeWinnersFirst = m_closeBlend->value();
    settings.closeLoserScalePercent = m_loserScale->value();
    settings.learnMix = m_learnMix->value();
    settings.learnWindowHours = m_learnWindow->value();
}

}  // namespace liqheat::ui
