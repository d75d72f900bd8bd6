#include "window/backfill_dialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace liqheat::ui {
namespace {

const QDate kEpoch(1970, 1, 1);

QDate toDate(std::int64_t day) { return kEpoch.addDays(day); }
std::int64_t toDay(const QDate& date) { return kEpoch.daysTo(date); }

}  // namespace

BackfillDialog::BackfillDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("backfillDialog"));
    setWindowTitle(tr("Backfill from Binance Archive"));
    m_symbol = new QLineEdit(this);
    m_symbol->setObjectName(QStringLiteral("backfillSymbol"));
    m_symbol->setPlaceholderText(QStringLiteral("BTCUSDT"));
    m_from = new QDateEdit(this);
    m_from->setObjectName(QStringLiteral("backfillFrom"));
    m_to = new QDateEdit(this);
    m_to->setObjectName(QStringLiteral("backfillTo"));
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setMinimumDate(QDate(2019, 9, 1));  // USD-M futures archive starts in 2019
    }
    m_interval = new QComboBox(this);
    m_interval->setObjectName(QStringLiteral("backfillInterval"));
    for (const char* interval : {"1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"}) {
        m_interval->addItem(QString::fromLatin1(interval));
    }
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("backfillProblem"));
    m_problem->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Symbol (USD-M futures):"), m_symbol);
    form->addRow(tr("From (UTC day):"), m_from);
    form->addRow(tr("To (UTC day, included):"), m_to);
    form->addRow(tr("Candle interval:"), m_interval);
    auto* note = new QLabel(tr("Downloads klines, 5 minute open interest and long/short ratios (metrics) and "
                               "funding from data.binance.vision, checking each file's published sha256. "
                               "Days not published yet stay a gap."),
                            this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Backfill..."));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(m_symbol, &QLineEdit::textChanged, this, &BackfillDialog::validate);
    connect(m_from, &QDateEdit::dateChanged, this, &BackfillDialog::validate);
    connect(m_to, &QDateEdit::dateChanged, this, &BackfillDialog::validate);
    connect(m_interval, &QComboBox::currentTextChanged, this, &BackfillDialog::validate);
    validate();
}

void BackfillDialog::setSpan(const ArchiveSpan& span)
{
    m_symbol->setText(QString::fromStdString(span.symbol));
    m_from->setDate(toDate(span.firstDay));
    m_to->setDate(toDate(span.lastDay));
    m_interval->setCurrentText(QString::fromStdString(span.interval));
    validate();
}

ArchiveSpan BackfillDialog::span() const
{
    ArchiveSpan span;
    span.symbol = m_symbol->text().trimmed().toUpper().toStdString();
    span.firstDay = toDay(m_from->date());
    span.lastDay = toDay(m_to->date());
    span.interval = m_interval->currentText().toStdString();
    return span;
}

void BackfillDialog::validate()
{
    const Status status = validateArchiveSpan(span());
    m_problem->setText(status ? QString() : QString::fromStdString(status.error().message));
    m_problem->setVisible(!status);
    m_ok->setEnabled(static_cast<bool>(status));
}

}  // namespace liqheat::ui
