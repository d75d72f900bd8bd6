#include "clusters_panel.h"

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

}  // namespace

ClustersPanel::ClustersPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("clustersPanel"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("clustersSummary"));
    m_summary->setWordWrap(true);
    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(QStringLiteral("clustersTable"));
    m_table->setHorizontalHeaderLabels({tr("Side"), tr("Range"), tr("Peak"), tr("Total"), tr("Away")});
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
    setClusters({}, 0.0);
}

void ClustersPanel::setClusters(const std::vector<Cluster>& clusters, double price)
{
    m_clusters = clusters;
    m_table->setRowCount(static_cast<int>(clusters.size()));
    for (int row = 0; row < static_cast<int>(clusters.size()); ++row) {
        const Cluster& c = clusters[static_cast<std::size_t>(row)];
        const bool isShort = c.side == Side::Short;
        QTableWidgetItem* side = cell(isShort ? tr("short") : tr("long"), Qt::AlignLeft | Qt::AlignVCenter);
        side->setForeground(isShort ? QColor(0xef, 0x53, 0x50) : QColor(0x26, 0xa6, 0x69));
        side->setToolTip(isShort ? tr("Shorts liquidated if price rises into this range")
                                 : tr("Longs liquidated if price falls into this range"));
        m_table->setItem(row, 0, side);
        m_table->setItem(row, 1,
                         cell(QStringLiteral("%1 - %2").arg(c.priceLow, 0, 'f', 0).arg(c.priceHigh, 0, 'f', 0)));
        m_table->setItem(row, 2, cell(QString::number(c.peakPrice, 'f', 0)));
        m_table->setItem(row, 3, cell(usdText(c.totalUsd)));
        m_table->setItem(row, 4, cell(QStringLiteral("%1 %").arg(c.distancePercent, 0, 'f', 2)));
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
