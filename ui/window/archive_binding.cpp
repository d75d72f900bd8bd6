#include "window/archive_binding.h"

#include "controllers/archive_controller.h"
#include "window/backfill_dialog.h"

#include <QAction>
#include <QDate>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QWidget>

#include <algorithm>

namespace liqheat::ui {
namespace {

const QDate kEpoch(1970, 1, 1);

}  // namespace

ArchiveBinding::ArchiveBinding(QWidget* window, QAction* importFiles, QAction* backfill, QObject* parent)
    : QObject(parent), m_window(window), m_controller(new ArchiveController(this))
{
    connect(importFiles, &QAction::triggered, this, &ArchiveBinding::askImport);
    connect(backfill, &QAction::triggered, this, &ArchiveBinding::askBackfill);
    connect(m_controller, &ArchiveController::progress, this, [this](int done, int total, const QString& text) {
        if (m_progress) {
            m_progress->setMaximum(std::max(total, 1));
            m_progress->setValue(std::min(done, std::max(total, 1)));
            m_progress->setLabelText(text);
        }
        emit message(QStringLiteral("%1: [%2/%3] %4").arg(m_title).arg(done).arg(total).arg(text));
    });
    connect(m_controller, &ArchiveController::finished, this, &ArchiveBinding::onFinished);
    connect(m_controller, &ArchiveController::failed, this, &ArchiveBinding::onFailed);
}

bool ArchiveBinding::runImport(const QStringList& files, const QString& output)
{
    if (!m_controller->startImport(files, output)) {
        return false;
    }
    m_title = tr("Import");
    showProgress(tr("Importing %1 file(s)...").arg(files.size()));
    return true;
}

bool ArchiveBinding::runBackfill(const ArchiveSpan& span, const QString& output)
{
    BackfillRequest request;
    request.span = span;
    request.baseUrl = defaultArchiveBaseUrl();
    request.http.maxBodyBytes = std::size_t{1} << 30;  // a monthly 1 min klines zip is a few MB
    request.http.totalTimeout = std::chrono::milliseconds{300'000};
    request.http.userAgent = "liqheat";
    if (!m_controller->startBackfill(request, output)) {
        return false;
    }
    m_title = tr("Backfill");
    showProgress(tr("Backfilling %1 from the Binance archive...").arg(QString::fromStdString(span.symbol)));
    return true;
}

void ArchiveBinding::askImport()
{
    if (m_controller->isRunning()) {
        return;
    }
    const QStringList files = QFileDialog::getOpenFileNames(
        m_window, tr("Import CSV or Binance Archive Files"), m_settings.lastDirectory.value(),
        tr("CSV and Binance archive zips (*.csv *.zip);;All files (*)"));
    if (files.isEmpty()) {
        return;
    }
    m_settings.lastDirectory.setValue(QFileInfo(files.front()).absolutePath());
    const QString output = askOutput(tr("Save the Imported Snapshot"), QFileInfo(files.front()).completeBaseName());
    if (!output.isEmpty()) {
        runImport(files, output);
    }
}

void ArchiveBinding::askBackfill()
{
    if (m_controller->isRunning()) {
        return;
    }
    BackfillDialog dialog(m_window);
    ArchiveSpan remembered;
    remembered.symbol = m_symbol.value().toStdString();
    remembered.interval = m_interval.value().toStdString();
    // The archive publishes a day on the next day: end yesterday (UTC).
    remembered.lastDay = kEpoch.daysTo(QDateTime::currentDateTimeUtc().date()) - 1;
    remembered.firstDay = remembered.lastDay - std::clamp(m_days.value(), 1, 3650) + 1;
    dialog.setSpan(remembered);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const ArchiveSpan span = dialog.span();
    m_symbol.setValue(QString::fromStdString(span.symbol));
    m_interval.setValue(QString::fromStdString(span.interval));
    m_days.setValue(static_cast<int>(span.lastDay - span.firstDay + 1));
    const QString name = QStringLiteral("%1-%2-%3_%4")
                             .arg(QString::fromStdString(span.symbol), QString::fromStdString(span.interval),
                                  kEpoch.addDays(span.firstDay).toString(Qt::ISODate),
                                  kEpoch.addDays(span.lastDay).toString(Qt::ISODate));
    const QString output = askOutput(tr("Save the Backfilled Snapshot"), name);
    if (!output.isEmpty()) {
        runBackfill(span, output);
    }
}

QString ArchiveBinding::askOutput(const QString& title, const QString& baseName)
{
    QString directory = m_settings.lastDirectory.value();
    if (directory.isEmpty()) {
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    }
    QString path = QFileDialog::getSaveFileName(m_window, title, directory + QLatin1Char('/') + baseName + QStringLiteral(".json.gz"),
                                                tr("Compressed snapshot (*.json.gz);;Snapshot (*.json)"));
    if (!path.isEmpty() && !path.endsWith(QLatin1String(".json.gz")) && !path.endsWith(QLatin1String(".json"))) {
        path += QStringLiteral(".json.gz");
    }
    if (!path.isEmpty()) {
        m_settings.lastDirectory.setValue(QFileInfo(path).absolutePath());
    }
    return path;
}

void ArchiveBinding::showProgress(const QString& title)
{
    if (m_progress) {
        m_progress->deleteLater();
    }
    m_progress = new QProgressDialog(title, tr("Cancel"), 0, 1, m_window);
    m_progress->setObjectName(QStringLiteral("archiveProgress"));
    m_progress->setWindowTitle(m_title);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(0);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setValue(0);
    connect(m_progress, &QProgressDialog::canceled, m_controller, &ArchiveController::cancel);
}

void ArchiveBinding::onFinished(const QString& output, const QString& summary, const QStringList& notes)
{
    if (m_progress) {
        m_progress->deleteLater();
    }
    QString text = tr("%1 done: %2").arg(m_title, summary);
    if (!notes.isEmpty()) {
        text += tr(" (%n note(s), first: %1)", nullptr, static_cast<int>(notes.size())).arg(notes.front());
    }
    emit message(text);
    emit openRequested(output);
}

void ArchiveBinding::onFailed(const QString& text, bool cancelled)
{
    if (m_progress) {
        m_progress->deleteLater();
    }
    if (cancelled) {
        emit message(tr("%1 cancelled; no file was written.").arg(m_title));
        return;
    }
    emit message(tr("%1 failed: %2").arg(m_title, text));
    // Not exec(): the window stays responsive, and nothing blocks when no one is looking.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("%1 failed").arg(m_title), text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("archiveError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace liqheat::ui
