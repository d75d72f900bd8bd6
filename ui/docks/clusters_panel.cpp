#include "clusters_panel.h"

#include "chart/paint_helpers.h"

#include "liqheat/analysis/tier_breakdown.h"

#include "chart/chart_transform.h"
#include "text_format.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace liqheat::ui {
namespace {

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

/// The side's colour in the palette's ramps, as the heatmap draws it.
QColor sideColor(Palette palette, Theme theme, Side side)
{
    const ColorLut lut = side == Side::Short ? shortLut(palette, theme) : longLut(palette, theme);
    return lutColor(lut, 220);
}

}  // namespace

ClustersPanel::ClustersPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("clustersPanel"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("clustersSummary"));
    m_summary->setWordWrap(true);
    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("clustersTable"));
    m_table->setHorizontalHeaderLabels({tr("Side"), tr("Range"), tr("Tier"), tr("Total"), tr("Away"), tr("Peak")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(
        tr("Runs of price buckets whose estimated resting notional stands well above the "
           "surrounding levels. Click a row to centre the chart on it."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);

    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        if (row >= 0 && static_cast<std::size_t>(row) < m_clusters.size()) {
            emit clusterActivated(m_clusters[static_cast<std::size_t>(row)]);
        }
    });
    clear();
}

void ClustersPanel::clear()
{
    m_clusters.clear();
    m_table->setRowCount(0);
    m_summary->setText(tr("No clusters stand out in the current estimate."));
}

void ClustersPanel::setColors(Palette palette, Theme theme)
{
    m_palette = palette;
    m_theme = theme;
    const std::vector<Cluster> clusters = m_clusters;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (QTableWidgetItem* side = m_table->item(row, 0)) {
            side->setForeground(sideColor(palette, theme, clusters[static_cast<std::size_t>(row)].side));
        }
    }
}

QString ClustersPanel::cellText(int row, int column) const
{
    const QTableWidgetItem* item = m_table->item(row, column);
    return item != nullptr ? item->text() : QString();
}

void ClustersPanel::setClusters(const std::vector<Cluster>& clusters, const EstimateResult& estimate)
{
    const double price = estimate.map.price;
    m_clusters = clusters;
    m_table->setRowCount(static_cast<int>(clusters.size()));
    for (int row = 0; row < static_cast<int>(clusters.size()); ++row) {
        const Cluster& c = clusters[static_cast<std::size_t>(row)];
        const bool isShort = c.side == Side::Short;
        QTableWidgetItem* side = cell(isShort ? tr("short") : tr("long"), Qt::AlignLeft | Qt::AlignVCenter);
        side->setForeground(sideColor(m_palette, m_theme, c.side));
        side->setToolTip(isShort ? tr("Shorts liquidated if price rises into this range")
                                 : tr("Longs liquidated if price falls into this range"));
        m_table->setItem(row, 0, side);
        m_table->setItem(row, 1,
                         cell(QStringLiteral("%1 - %2").arg(c.priceLow, 0, 'f', 0).arg(c.priceHigh, 0, 'f', 0)));
        m_table->setItem(row, 5, cell(QString::number(c.peakPrice, 'f', 0)));
        m_table->setItem(row, 3, cell(usdText(c.totalUsd)));
        m_table->setItem(row, 4, cell(QStringLiteral("%1 %").arg(c.distancePercent, 0, 'f', 2)));
        const auto tier = dominantTier(c, estimate);
        QTableWidgetItem* tierItem =
            cell(tier ? QStringLiteral("%1x %2 %").arg(tier->leverage).arg(tier->share * 100.0, 0, 'f', 0)
                      : QStringLiteral("-"));
        tierItem->setToolTip(tier ? tr("The leverage tier holding most of this cluster's notional")
                                  : tr("Turn on Leverage layers in the Model dock to see which leverage makes it"));
        m_table->setItem(row, 2, tierItem);
    }
    if (clusters.empty()) {
        m_summary->setText(tr("No clusters stand out in the current estimate."));
    } else {
        m_summary->setText(tr("%n cluster(s) around %1; strongest first.", nullptr, static_cast<int>(clusters.size()))
                               .arg(price, 0, 'f', 1));
    }
}

int ClustersPanel::rowCount() const { return m_table->rowCount(); }

}  // namespace liqheat::ui
