#include "docks/model_panel.h"

#include "docks/layer_control.h"
#include "docks/leverage_tier_model.h"
#include "docks/model_options_box.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace liqheat::ui {

namespace {

constexpr int kDebounceMs = 250;
constexpr int kMaxThresholdPercent = 50;
constexpr double kMinBucket = 0.01;
constexpr double kMaxBucket = 100000.0;
constexpr double kDefaultBucket = 100.0;
constexpr double kMaxDecayHours = 24.0 * 365.0;

QString customName() { return QStringLiteral("custom"); }

/// Spin box editors with the model's ranges, so the table cannot even be typed out of range.
/// Closing an editor unchanged writes nothing: a rounded rewrite would flip the preset to custom.
class TierDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& /*option*/,
                          const QModelIndex& index) const override
    {
        auto* spin = new QDoubleSpinBox(parent);
        spin->setFrame(false);
        spin->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == LeverageTierModel::LeverageColumn) {
            spin->setObjectName(QStringLiteral("leverageEditor"));
            spin->setRange(LeverageTierModel::kMinLeverage, LeverageTierModel::kMaxLeverage);
            spin->setDecimals(2);
            spin->setSuffix(QStringLiteral("x"));
        } else {
            spin->setObjectName(QStringLiteral("weightEditor"));
            spin->setRange(0.0, 1e6);
            spin->setDecimals(4);
            spin->setSingleStep(0.05);
        }
        return spin;
    }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        auto* spin = static_cast<QDoubleSpinBox*>(editor);
        spin->setValue(index.data(Qt::EditRole).toDouble());
        spin->setProperty("initialValue", spin->value());
    }

    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        auto* spin = static_cast<QDoubleSpinBox*>(editor);
        spin->interpretText();
        if (spin->value() == spin->property("initialValue").toDouble()) {
            return;
        }
        model->setData(index, spin->value(), Qt::EditRole);
    }
};

void makeComboCompact(QComboBox* combo)
{
    // Long item texts must not force the dock wider than ~260 px.
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(8);
}

}  // namespace

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("modelPanel"));

    m_debounce = new QTimer(this);
    m_debounce->setObjectName(QStringLiteral("modelDebounce"));
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { emit modelChanged(model()); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(createLeverageGroup(), 1);
    layout->addWidget(createBucketGroup());
    m_options = new ModelOptionsBox(this);
    connect(m_options, &ModelOptionsBox::changed, this, &ModelPanel::scheduleModelChanged);
    layout->addWidget(m_options);
    layout->addWidget(createHeatmapGroup());
    m_layers = new LayerControl(this);
    layout->addWidget(m_layers);

    setModel(ModelSettings{});
    setStyle(HeatmapStyle{});
}

QWidget* ModelPanel::createLeverageGroup()
{
    auto* group = new QGroupBox(tr("Leverage distribution"), this);
    group->setObjectName(QStringLiteral("leverageGroup"));
    auto* layout = new QVBoxLayout(group);

    m_presetCombo = new QComboBox(group);
    m_presetCombo->setObjectName(QStringLiteral("presetCombo"));
    makeComboCompact(m_presetCombo);
    for (const auto& preset : modelPresets()) {
        const QString name = QString::fromStdString(preset.name);
        m_presetCombo->addItem(name, name);
        m_presetCombo->setItemData(m_presetCombo->count() - 1, QString::fromStdString(preset.description),
                                   Qt::ToolTipRole);
    }
    auto* presetRow = new QFormLayout;
    presetRow->setContentsMargins(0, 0, 0, 0);
    presetRow->addRow(tr("Preset"), m_presetCombo);
    layout->addLayout(presetRow);

    m_tierModel = new LeverageTierModel(this);
    m_tierModel->setObjectName(QStringLiteral("tierModel"));
    m_tierTable = new QTableView(group);
    m_tierTable->setObjectName(QStringLiteral("tierTable"));
    m_tierTable->setModel(m_tierModel);
    m_tierTable->setItemDelegate(new TierDelegate(m_tierTable));
    m_tierTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tierTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tierTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                                 QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_tierTable->verticalHeader()->hide();
    m_tierTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_tierTable->setToolTip(
        tr("Assumed leverage of newly opened positions. Each tier places its share of "
           "new open interest at that leverage's liquidation price. Double-click a "
           "leverage or weight to edit it."));
    layout->addWidget(m_tierTable, 1);

    m_addTierButton = new QPushButton(tr("Add tier"), group);
    m_addTierButton->setObjectName(QStringLiteral("addTierButton"));
    m_addTierButton->setToolTip(tr("Add a tier at the next common leverage not yet in the table."));
    m_removeTierButton = new QPushButton(tr("Remove tier"), group);
    m_removeTierButton->setObjectName(QStringLiteral("removeTierButton"));
    m_removeTierButton->setToolTip(tr("Remove the selected tier."));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_addTierButton);
    buttons->addWidget(m_removeTierButton);
    layout->addLayout(buttons);

    m_tierMessage = new QLabel(group);
    m_tierMessage->setObjectName(QStringLiteral("tierMessage"));
    m_tierMessage->setWordWrap(true);
    QPalette warning = m_tierMessage->palette();
    warning.setColor(QPalette::WindowText, QColor(0xe0, 0x8a, 0x00));  // readable on dark and light
    m_tierMessage->setPalette(warning);
    m_tierMessage->hide();
    layout->addWidget(m_tierMessage);

    connect(m_presetCombo, &QComboBox::currentIndexChanged, this, &ModelPanel::onPresetChosen);
    connect(m_tierModel, &LeverageTierModel::tiersEdited, this, &ModelPanel::onTiersEdited);
    connect(m_tierModel, &LeverageTierModel::editRejected, this, &ModelPanel::showTierMessage);
    connect(m_addTierButton, &QPushButton::clicked, this, &ModelPanel::addTier);
    connect(m_removeTierButton, &QPushButton::clicked, this, &ModelPanel::removeSelectedTier);
    connect(m_tierTable->selectionModel(), &QItemSelectionModel::currentChanged, this, &ModelPanel::updateTierButtons);
    connect(m_tierModel, &QAbstractItemModel::modelReset, this, &ModelPanel::updateTierButtons);
    connect(m_tierModel, &QAbstractItemModel::rowsInserted, this, &ModelPanel::updateTierButtons);
    connect(m_tierModel, &QAbstractItemModel::rowsRemoved, this, &ModelPanel::updateTierButtons);
    return group;
}

QWidget* ModelPanel::createBucketGroup()
{
    auto* group = new QGroupBox(tr("Price buckets"), this);
    group->setObjectName(QStringLiteral("bucketGroup"));
    auto* form = new QFormLayout(group);

    m_bucketAuto = new QCheckBox(tr("Auto"), group);
    m_bucketAuto->setObjectName(QStringLiteral("bucketAutoCheck"));
    m_bucketAuto->setToolTip(tr("Pick a round bucket size near a fixed fraction of the price."));
    m_bucketSize = new QDoubleSpinBox(group);
    m_bucketSize->setObjectName(QStringLiteral("bucketSizeSpin"));
    m_bucketSize->setRange(kMinBucket, kMaxBucket);
    m_bucketSize->setDecimals(2);
    m_bucketSize->setValue(kDefaultBucket);
    m_bucketSize->setSuffix(tr(" USD"));
    m_bucketSize->setToolTip(
        tr("Height of one heatmap row in quote currency. Smaller buckets show more "
           "detail but spread the same notional thinner."));
    form->addRow(tr("Bucket size"), m_bucketSize);

    // "Auto" and the size it picked share a row of their own: beside the spin box they would
    // push the dock past ~260 px.
    m_bucketAutoLabel = new QLabel(group);
    m_bucketAutoLabel->setObjectName(QStringLiteral("bucketAutoLabel"));
    m_bucketAutoLabel->setToolTip(tr("The bucket size the estimate currently uses."));
    auto* autoRow = new QHBoxLayout;
    autoRow->addWidget(m_bucketAuto);
    autoRow->addWidget(m_bucketAutoLabel, 1);
    form->addRow(QString(), autoRow);

    m_decay = new QDoubleSpinBox(group);
    m_decay->setObjectName(QStringLiteral("decaySpin"));
    m_decay->setRange(0.0, kMaxDecayHours);
    m_decay->setDecimals(1);
    m_decay->setSuffix(tr(" h"));
    m_decay->setSpecialValueText(tr("off"));
    m_decay->setToolTip(
        tr("Resting levels lose half their notional after this many hours (positions closed "
           "or topped up unseen). Off keeps them until price sweeps them or open interest "
           "falls."));
    form->addRow(tr("Decay half-life"), m_decay);

    m_entryCombo = new QComboBox(group);
    m_entryCombo->setObjectName(QStringLiteral("entryCombo"));
    makeComboCompact(m_entryCombo);
    const struct {
        EntryPlacement placement;
        QString text;
        QString tip;
    } entries[] = {
        {EntryPlacement::Close, tr("close"), tr("New positions open at the candle's close.")},
        {EntryPlacement::Typical, tr("typical"), tr("New positions open at (high + low + close) / 3.")},
        {EntryPlacement::Spread, tr("spread"), tr("New positions are spread evenly over the candle's range.")},
        {EntryPlacement::Profile, tr("profile"),
         tr("Spread over the range, weighted by the time the open-extreme-extreme-close path spends there.")},
    };
    for (const auto& entry : entries) {
        m_entryCombo->addItem(entry.text, QString::fromStdString(toString(entry.placement)));
        m_entryCombo->setItemData(m_entryCombo->count() - 1, entry.tip, Qt::ToolTipRole);
    }
    m_entryCombo->setToolTip(tr("Where within each candle newly opened positions are assumed to enter."));
    form->addRow(tr("Entry"), m_entryCombo);

    connect(m_bucketAuto, &QCheckBox::toggled, this, [this] {
        updateBucketControls();
        scheduleModelChanged();
    });
    connect(m_bucketSize, &QDoubleSpinBox::valueChanged, this, &ModelPanel::scheduleModelChanged);
    connect(m_decay, &QDoubleSpinBox::valueChanged, this, &ModelPanel::scheduleModelChanged);
    connect(m_entryCombo, &QComboBox::currentIndexChanged, this, &ModelPanel::scheduleModelChanged);
    return group;
}

QWidget* ModelPanel::createHeatmapGroup()
{
    auto* group = new QGroupBox(tr("Heatmap"), this);
    group->setObjectName(QStringLiteral("heatmapGroup"));
    auto* form = new QFormLayout(group);

    m_threshold = new QSlider(Qt::Horizontal, group);
    m_threshold->setObjectName(QStringLiteral("thresholdSlider"));
    m_threshold->setRange(0, kMaxThresholdPercent);
    m_threshold->setSingleStep(1);
    m_threshold->setPageStep(5);
    m_threshold->setToolTip(
        tr("Hide cells below this share of the reference level (a high percentile of "
           "the visible cells), so only meaningful clusters stand out."));
    m_thresholdLabel = new QLabel(group);
    m_thresholdLabel->setObjectName(QStringLiteral("thresholdLabel"));
    m_thresholdLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_thresholdLabel->setMinimumWidth(m_thresholdLabel->fontMetrics().horizontalAdvance(tr("%1 %").arg(50)));
    auto* thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(m_threshold, 1);
    thresholdRow->addWidget(m_thresholdLabel);
    form->addRow(tr("Threshold"), thresholdRow);

    m_logScale = new QCheckBox(tr("Log scale"), group);
    m_logScale->setObjectName(QStringLiteral("logScaleCheck"));
    m_logScale->setToolTip(
        tr("Map notional to colour logarithmically, so smaller levels stay visible next "
           "to very large ones."));
    form->addRow(QString(), m_logScale);

    m_paletteCombo = new QComboBox(group);
    m_paletteCombo->setObjectName(QStringLiteral("paletteCombo"));
    makeComboCompact(m_paletteCombo);
    m_paletteCombo->addItem(tr("Red / green"), toString(Palette::RedGreen));
    m_paletteCombo->addItem(tr("Colour-blind safe (blue / orange)"), toString(Palette::ColorBlind));
    m_paletteCombo->setToolTip(tr("Colours of short (above price) and long (below price) liquidation levels."));
    form->addRow(tr("Palette"), m_paletteCombo);

    connect(m_threshold, &QSlider::valueChanged, this, [this](int percent) {
        updateThresholdLabel();
        if (!m_loading) {
            m_style.threshold = percent / 100.0;
            emitStyleChanged();
        }
    });
    connect(m_logScale, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading) {
            m_style.logScale = on;
            emitStyleChanged();
        }
    });
    connect(m_paletteCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading) {
            m_style.palette = paletteFromString(m_paletteCombo->currentData().toString());
            emitStyleChanged();
        }
    });
    return group;
}

void ModelPanel::setModel(const ModelSettings& settings)
{
    const QScopedValueRollback<bool> loading(m_loading, true);
    m_debounce->stop();  // an edit still pending would otherwise emit after this call
    showTierMessage({});

    // Keep the fields without a control, but only valid ones: model() must always validate.
    const ModelSettings defaults;
    m_base = settings;
    if (!std::isfinite(m_base.maintenanceMarginRate) || m_base.maintenanceMarginRate < 0.0 ||
        m_base.maintenanceMarginRate >= 0.5) {
        m_base.maintenanceMarginRate = defaults.maintenanceMarginRate;
    }
    if (m_base.entrySpreadPoints < 1 || m_base.entrySpreadPoints > 50) {
        m_base.entrySpreadPoints = defaults.entrySpreadPoints;
    }

    ModelSettings tierCheck;
    tierCheck.tiers = settings.tiers;
    const bool tiersValid = !settings.tiers.empty() && validate(tierCheck).ok();
    const ModelPreset* preset = findPreset(settings.preset);
    {
        const QSignalBlocker blockCombo(m_presetCombo);
        const int customIndex = m_presetCombo->findData(customName());
        if (tiersValid && !(preset && preset->tiers == settings.tiers)) {
            m_customTiers = settings.tiers;
            ensureCustomPresetItem();
            selectPresetItem(customName());
            m_tierModel->setTiers(m_customTiers);
        } else {
            // A new document starts from its preset; hand edits of the previous one are dropped.
            if (customIndex >= 0) {
                m_presetCombo->removeItem(customIndex);
            }
            m_customTiers.clear();
            if (!preset) {
                preset = &modelPresets().front();
            }
            selectPresetItem(QString::fromStdString(preset->name));
            m_tierModel->setTiers(preset->tiers);
        }
    }
    updatePresetToolTip();

    const bool autoBucket = !(std::isfinite(settings.bucketSize) && settings.bucketSize > 0.0);
    m_bucketAuto->setChecked(autoBucket);
    if (!autoBucket) {
        m_bucketSize->setValue(std::clamp(settings.bucketSize, kMinBucket, kMaxBucket));
    }
    updateBucketControls();

    m_decay->setValue(std::isfinite(settings.decayHalfLifeHours)
                          ? std::clamp(settings.decayHalfLifeHours, 0.0, kMaxDecayHours)
                          : 0.0);
    const int entryIndex = m_entryCombo->findData(QString::fromStdString(toString(settings.entry)));
    m_entryCombo->setCurrentIndex(std::max(entryIndex, 0));
    m_options->setOptions(settings);
}

ModelSettings ModelPanel::model() const
{
    ModelSettings s = m_base;
    const QString preset = m_presetCombo->currentData().toString();
    if (preset == customName()) {
        s.preset = customName().toStdString();
        s.tiers = m_tierModel->tiers();
    } else {
        s.preset = preset.toStdString();
        s.tiers.clear();
    }
    s.bucketSize = m_bucketAuto->isChecked() ? 0.0 : m_bucketSize->value();
    s.decayHalfLifeHours = m_decay->value();
    s.entry = entryPlacementFromString(m_entryCombo->currentData().toString().toStdString())
                  .value_or(EntryPlacement::Typical);
    m_options->apply(s);
    if (!validate(s)) {
        // Unreachable while the tier model refuses bad edits; never hand the estimator junk.
        s.preset = modelPresets().front().name;
        s.tiers.clear();
    }
    return s;
}

void ModelPanel::setStyle(const HeatmapStyle& style)
{
    const QScopedValueRollback<bool> loading(m_loading, true);
    m_style = style;
    const double percent = std::isfinite(style.threshold) ? std::round(style.threshold * 100.0) : 0.0;
    m_threshold->setValue(static_cast<int>(std::clamp(percent, 0.0, double{kMaxThresholdPercent})));
    updateThresholdLabel();
    m_logScale->setChecked(style.logScale);
    m_paletteCombo->setCurrentIndex(std::max(m_paletteCombo->findData(toString(style.palette)), 0));
}

HeatmapStyle ModelPanel::style() const { return m_style; }

void ModelPanel::setEffectiveBucketSize(double size)
{
    m_effectiveBucketSize = size;
    updateBucketControls();
}

void ModelPanel::onPresetChosen(int index)
{
    const QString name = m_presetCombo->itemData(index).toString();
    if (name == customName()) {
        m_tierModel->setTiers(m_customTiers);
    } else if (const ModelPreset* preset = findPreset(name.toStdString())) {
        m_tierModel->setTiers(preset->tiers);
    }
    updatePresetToolTip();
    showTierMessage({});
    scheduleModelChanged();
}

void ModelPanel::onTiersEdited()
{
    m_customTiers = m_tierModel->tiers();
    {
        // The table already shows these tiers; switching the combo must not reload it.
        const QSignalBlocker blockCombo(m_presetCombo);
        ensureCustomPresetItem();
        selectPresetItem(customName());
    }
    updatePresetToolTip();
    showTierMessage({});
    scheduleModelChanged();
}

void ModelPanel::addTier()
{
    const int row = m_tierModel->addTier();
    if (row >= 0) {
        const QModelIndex weight = m_tierModel->index(row, LeverageTierModel::WeightColumn);
        m_tierTable->setCurrentIndex(weight);
        m_tierTable->scrollTo(weight);
    }
}

void ModelPanel::removeSelectedTier()
{
    const QModelIndex current = m_tierTable->selectionModel()->currentIndex();
    if (current.isValid()) {
        m_tierModel->removeTier(current.row());
    }
}

void ModelPanel::showTierMessage(const QString& message)
{
    m_tierMessage->setText(message);
    m_tierMessage->setVisible(!message.isEmpty());
}

void ModelPanel::ensureCustomPresetItem()
{
    if (m_presetCombo->findData(customName()) < 0) {
        m_presetCombo->addItem(tr("custom"), customName());
        m_presetCombo->setItemData(m_presetCombo->count() - 1,
                                   tr("Tiers edited by hand. Choose a preset to start over from it."), Qt::ToolTipRole);
    }
}

void ModelPanel::selectPresetItem(const QString& name)
{
    m_presetCombo->setCurrentIndex(std::max(m_presetCombo->findData(name), 0));
}

void ModelPanel::updatePresetToolTip()
{
    m_presetCombo->setToolTip(m_presetCombo->currentData(Qt::ToolTipRole).toString());
}

void ModelPanel::updateTierButtons()
{
    const QModelIndex current = m_tierTable->selectionModel()->currentIndex();
    m_removeTierButton->setEnabled(current.isValid() && m_tierModel->rowCount() > 1);
}

void ModelPanel::updateBucketControls()
{
    const bool autoBucket = m_bucketAuto->isChecked();
    m_bucketSize->setEnabled(!autoBucket);
    m_bucketAutoLabel->setVisible(autoBucket);
    m_bucketAutoLabel->setText(m_effectiveBucketSize > 0.0
                                   ? tr("auto: %1").arg(QLocale().toString(m_effectiveBucketSize, 'g', 8))
                                   : QString());
}

void ModelPanel::updateThresholdLabel() { m_thresholdLabel->setText(tr("%1 %").arg(m_threshold->value())); }

void ModelPanel::scheduleModelChanged()
{
    if (!m_loading) {
        m_debounce->start();  // restarts: only the last of a burst of edits re-estimates
    }
}

void ModelPanel::emitStyleChanged() { emit styleChanged(m_style); }

}  // namespace liqheat::ui
