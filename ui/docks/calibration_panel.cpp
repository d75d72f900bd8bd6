#include "calibration_panel.h"

#include "chart/chart_transform.h"
#include "text_format.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace liqheat::ui {
namespace {

QString number(const std::optional<double>& v, int decimals = 2)
{
    return v && std::isfinite(*v) ? QString::number(*v, 'f', decimals) : QStringLiteral("n/a");
}

QString percent(const std::optional<double>& v)
{
    return v && std::isfinite(*v) ? QStringLiteral("%1 %").arg(*v * 100.0, 0, 'f', 0) : QStringLiteral("n/a");
}

}  // namespace

CalibrationPanel::CalibrationPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("calibrationPanel"));
    m_reading = new QLabel(this);
    m_reading->setObjectName(QStringLiteral("calibrationReading"));
    m_reading->setWordWrap(true);
    m_reading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableWidget(8, 2, this);
    m_table->setObjectName(QStringLiteral("calibrationTable"));
    m_table->setHorizontalHeaderLabels({tr("Longs"), tr("Shorts")});
    const QStringList rows{tr("Rank corr. estimate vs realized"),    tr("Rank corr. price move vs realized (baseline)"),
                           tr("Partial corr. given the price move"), tr("Realized in estimate's top 10 %"),
                           tr("Realized in price move's top 10 %"),  tr("Best possible top 10 %"),
                           tr("Estimated / realized total"),         tr("Intervals")};
    m_table->setVerticalHeaderLabels(rows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setToolTip(
        tr("Spearman rank correlations over the snapshot's realized-liquidation intervals "
           "(first 24 h skipped while the model's book fills). The baseline ranks intervals by "
           "how far price moved against that side; the partial correlation says what the "
           "estimate adds beyond it."));
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("calibrationDetails"));
    m_details->setWordWrap(true);
    m_options = new QLabel(this);
    m_options->setObjectName(QStringLiteral("calibrationOptions"));
    m_options->setWordWrap(true);
    m_options->setToolTip(tr("Model options (Model dock, \"Positioning and closing\") the scored estimate used."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_options);
    layout->addWidget(m_reading);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_details);
    setReport(std::nullopt, tr("Nothing estimated yet."));
}

void CalibrationPanel::setReport(const std::optional<CalibrationReport>& report, const QString& unavailableReason)
{
    m_table->setEnabled(report.has_value());
    for (int row = 0; row < m_table->rowCount(); ++row) {
        for (int column = 0; column < 2; ++column) {
            auto* item = new QTableWidgetItem(report ? QString() : QStringLiteral("-"));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
    }
    if (!report) {
        m_reading->setText(unavailableReason);
        m_details->clear();
        return;
    }
    int column = 0;
    for (const SideCalibration* side : {&report->longs, &report->shorts}) {
        const QStringList values{number(side->spearman),
                                 number(side->baselineSpearman),
                                 number(side->partialSpearman),
                                 percent(side->topShare),
                                 percent(side->baselineTopShare),
                                 percent(side->bestTopShare),
                                 side->realizedUsd > 0.0 ? QStringLiteral("%1 / %2").arg(usdText(side->estimatedUsd),
                                                                                         usdText(side->realizedUsd))
                                                         : QStringLiteral("n/a"),
                                 QString::number(side->intervals)};
        for (int row = 0; row < values.size(); ++row) {
            m_table->item(row, column)->setText(values[row]);
        }
        ++column;
    }
    m_reading->setText(QString::fromStdString(describe(*report)));
    m_details->setText(tr("%1 intervals of %2 from %3 to %4; differences under %5 are within noise.")
                           .arg(report->intervals)
                           .arg(QString::fromStdString(formatInterval(report->intervalMs)))
                           .arg(utcText(static_cast<double>(report->firstInterval)),
                                utcText(static_cast<double>(report->lastInterval)))
                           .arg(report->noiseLevel, 0, 'f', 2));
}

QString CalibrationPanel::reading() const { return m_reading->text(); }

QString CalibrationPanel::cellText(int row, int column) const
{
    const QTableWidgetItem* item = m_table->item(row, column);
    return item != nullptr ? item->text() : QString();
}

void CalibrationPanel::setModelOptions(const ModelSettings& model)
{
    QStringList on;
    for (const std::string& name : activeModelOptions(model)) {
        on << QString::fromStdString(name);
    }
    m_options->setText(on.isEmpty() ? tr("Model options: none (plain model)")
                                    : tr("Model options on: %1").arg(on.join(QStringLiteral(", "))));
}

QString CalibrationPanel::optionsText() const { return m_options->text(); }

}  // namespace liqheat::ui
