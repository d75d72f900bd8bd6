#include "window/help_dialogs.h"

#include <QApplication>
#include <QMessageBox>

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

void showAbout(QWidget* parent)
{
    QMessageBox::about(parent, QApplication::translate("HelpDialogs", "About liqheat"),
                       QApplication::translate("HelpDialogs",
                                               "<b>liqheat %1</b><p>Liquidation heatmaps for crypto perpetual "
                                               "futures.</p>")
                           .arg(QApplication::applicationVersion()));
}

}  // namespace liqheat::ui
