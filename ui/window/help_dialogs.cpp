#include "window/help_dialogs.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

namespace liqheat::ui {

void showModelExplanation(QWidget* parent)
{
    auto* box = new QMessageBox(
        QMessageBox::Information, QApplication::translate("HelpDialogs", "How the estimate works"),
        QApplication::translate(
            "HelpDialogs",
            "<p>The heatmap is an <b>estimate</b>: no exchange publishes where positions will be liquidated.</p>"
            "<p>Candle by candle, a rise in open interest (in BTC, not USD) opens as many longs as shorts near the "
            "candle's price. Each is spread over the leverage tiers of the Model dock and placed at that tier's "
            "isolated liquidation price (Binance formula with the maintenance rate). Levels the price then crosses "
            "are counted as liquidated; a fall in open interest closes positions proportionally.</p><p>Red: shorts "
            "liquidated if price rises there. Green: longs liquidated if it falls there. Brighter means more "
            "notional. See docs/MODEL.md for the assumptions and the measured skill against realized "
            "liquidations.</p>"),
        QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QString installedDocsDir()
{
    // <prefix>/bin/liqheat -> <prefix>/share/doc/liqheat, wherever the package put the prefix.
    const QString next = QDir::cleanPath(QApplication::applicationDirPath() + QStringLiteral("/../share/doc/liqheat"));
    for (const QString& dir : {next, QStringLiteral("/usr/share/doc/liqheat")}) {
        if (QFileInfo::exists(dir + QStringLiteral("/MODEL.md"))) {
            return dir;
        }
    }
    return {};
}

QString aboutText()
{
    const QString docs = installedDocsDir();
    const QString modelDoc =
        docs.isEmpty() ? QApplication::translate("HelpDialogs", "docs/MODEL.md in the source")
                       : QStringLiteral("<a href=\"%1\">MODEL.md</a>")
                             .arg(QUrl::fromLocalFile(docs + QStringLiteral("/MODEL.md")).toString().toHtmlEscaped());
    const QString settings = QSettings().fileName();
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QApplication::translate(
               "HelpDialogs",
               "<h3>liqheat %1</h3>"
               "<p>Estimated liquidation heatmaps for leveraged crypto futures. The heatmap is a model, not an "
               "observation.</p>"
               "<p><b>How the estimate works and how good it is:</b> %2 (installed with the package under "
               "/usr/share/doc/liqheat, with the user guide).</p>"
               "<p><b>Licence:</b> MIT (the LICENSE file; /usr/share/doc/liqheat/copyright when installed).</p>"
               "<p><b>Settings</b> (layout, theme, model, data source, recent files):<br><tt>%3</tt></p>"
               "<p><b>Data:</b> market data stays in memory until you save a snapshot where you choose. "
               "Application data folder (nothing is written there yet):<br><tt>%4</tt></p>")
        .arg(QApplication::applicationVersion().toHtmlEscaped(), modelDoc, settings.toHtmlEscaped(),
             data.toHtmlEscaped());
}

void showAbout(QWidget* parent)
{
    auto* box = new QMessageBox(QMessageBox::NoIcon, QApplication::translate("HelpDialogs", "About liqheat"),
                                aboutText(), QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("aboutDialog"));
    box->setTextFormat(Qt::RichText);
    if (auto* label = box->findChild<QLabel*>(QStringLiteral("qt_msgbox_label"))) {
        label->setOpenExternalLinks(true);
        label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    }
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace liqheat::ui
