#include "docks/symbol_picker.h"

#include "liqheat/live/exchange_api.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMetaObject>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

#include <thread>

namespace liqheat::ui {

InstrumentCatalog::InstrumentCatalog(std::shared_ptr<InstrumentCache> cache, QObject* parent)
    : QObject(parent), m_cache(std::move(cache)), m_alive(std::make_shared<bool>(true))
{
    qRegisterMetaType<liqheat::Exchange>("liqheat::Exchange");
}

InstrumentCatalog::~InstrumentCatalog() { *m_alive = false; }

QStringListModel* InstrumentCatalog::symbols(Exchange exchange)
{
    auto& model = m_models[exchange];
    if (model == nullptr) {
        model = new QStringListModel(this);
    }
    return model;
}

void InstrumentCatalog::load(Exchange exchange)
{
    if (m_started[exchange]) {
        return;
    }
    m_started[exchange] = true;
    QPointer<InstrumentCatalog> self(this);
    // Detached: a slow exchange must not hold up quitting; the result is dropped when we are gone.
    std::thread([self, exchange, cache = m_cache, alive = m_alive] {
        bool stale = false;
        const auto fetch = [exchange]() -> Result<std::vector<Instrument>> {
            auto url = resolveBaseUrl(exchange);
            if (!url) {
                return url.error();
            }
            HttpClient http;
            return fetchInstruments(exchange, http, *url);
        };
        auto list = instrumentsFor(exchange, *cache, fetch, nowUtcMs(), 86'400'000, &stale);
        QStringList names;
        QString note;
        if (list) {
            for (const Instrument& i : list->instruments) {
                names << QString::fromStdString(i.symbol);
            }
            names.removeDuplicates();
            names.sort();
            note = stale ? QObject::tr("an older list (the exchange could not be reached)") : QString();
        } else {
            note = QString::fromStdString(list.error().message);
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, exchange, names, note, alive] {
                if (*alive && self) {
                    self->symbols(exchange)->setStringList(names);
                    emit self->loaded(exchange, note);
                }
            },
            Qt::QueuedConnection);
    }).detach();
}

SymbolPickerDialog::SymbolPickerDialog(InstrumentCatalog* catalog, QWidget* parent)
    : QDialog(parent), m_catalog(catalog)
{
    setWindowTitle(tr("Add symbol"));
    m_exchange = new QComboBox(this);
    for (const Exchange id : allExchanges()) {
        m_exchange->addItem(QString::fromStdString(toString(id)));
    }
    m_interval = new QComboBox(this);
    m_interval->addItems({QStringLiteral("5m"), QStringLiteral("15m"), QStringLiteral("1h"), QStringLiteral("4h")});
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Type to filter, e.g. ETH"));
    m_filter->setObjectName(QStringLiteral("symbolFilter"));
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_list = new QListView(this);
    m_list->setModel(m_proxy);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Exchange"), m_exchange);
    form->addRow(tr("Interval"), m_interval);
    form->addRow(tr("Symbol"), m_filter);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_list);
    layout->addWidget(m_note);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListView::doubleClicked, this, &QDialog::accept);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_exchange, &QComboBox::currentIndexChanged, this, &SymbolPickerDialog::showExchange);
    connect(m_catalog, &InstrumentCatalog::loaded, this, [this](Exchange exchange, const QString& note) {
        if (QString::fromStdString(toString(exchange)) == m_exchange->currentText()) {
            m_note->setText(note.isEmpty() ? tr("%1 symbols").arg(m_catalog->symbols(exchange)->rowCount()) : note);
        }
    });
    showExchange();
}

void SymbolPickerDialog::showExchange()
{
    const auto exchange = exchangeFromString(m_exchange->currentText().toStdString()).value_or(Exchange::Binance);
    m_proxy->setSourceModel(m_catalog->symbols(exchange));
    m_catalog->load(exchange);
    const int count = m_catalog->symbols(exchange)->rowCount();
    m_note->setText(count > 0 ? tr("%1 symbols").arg(count) : tr("Loading the instrument list..."));
}

std::optional<WatchKey> SymbolPickerDialog::choice() const
{
    QString symbol = m_list->currentIndex().isValid() ? m_list->currentIndex().data().toString() : QString();
    if (symbol.isEmpty() && m_proxy->rowCount() == 1) {
        symbol = m_proxy->index(0, 0).data().toString();
    }
    if (symbol.isEmpty()) {
        symbol = m_filter->text().trimmed();
    }
    auto canonical = canonicalSymbol(symbol.toStdString());
    const auto exchange = exchangeFromString(m_exchange->currentText().toStdString());
    if (!canonical || !exchange) {
        return std::nullopt;
    }
    return WatchKey{*exchange, *canonical, m_interval->currentText().toStdString()};
}

}  // namespace liqheat::ui
