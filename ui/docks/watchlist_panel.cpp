#include "docks/watchlist_panel.h"

#include "docks/symbol_picker.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace liqheat::ui {

WatchlistPanel::WatchlistPanel(InstrumentCatalog* catalog, QWidget* parent) : QWidget(parent), m_catalog(catalog)
{
    m_model = new WatchlistModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(WatchlistModel::kSortRole);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("watchlistTable"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* add = new QPushButton(tr("Add symbol..."), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    auto* refresh = new QPushButton(tr("Refresh"), this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    buttons->addWidget(refresh);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    connect(add, &QPushButton::clicked, this, &WatchlistPanel::pickSymbol);
    connect(remove, &QPushButton::clicked, this, &WatchlistPanel::removeSelected);
    connect(refresh, &QPushButton::clicked, this, &WatchlistPanel::refreshRequested);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        emit openRequested(m_model->keyAt(m_proxy->mapToSource(index).row()));
    });
}

void WatchlistPanel::setStatus(const QString& text) { m_status->setText(text); }

void WatchlistPanel::addMarket(const WatchKey& key)
{
    m_model->addKey(key);
    emit keysChanged(m_model->keys());
}

void WatchlistPanel::pickSymbol()
{
    SymbolPickerDialog dialog(m_catalog, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    if (const auto key = dialog.choice()) {
        addMarket(*key);
        emit refreshRequested();
    }
}

void WatchlistPanel::removeSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        return;
    }
    m_model->removeRow(m_proxy->mapToSource(current).row());
    emit keysChanged(m_model->keys());
}

}  // namespace liqheat::ui
