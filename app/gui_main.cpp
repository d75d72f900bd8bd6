// liqheat: the desktop viewer. `liqheat [SNAPSHOT]`, `liqheat --screenshot OUT.png [SNAPSHOT]`.
#include "chart/png_export.h"
#include "controllers/document_controller.h"
#include "window/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace {

bool wantsScreenshot(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--screenshot") == 0 || std::strncmp(argv[i], "--screenshot=", 13) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

int main(int argc, char** argv)
{
    // A screenshot needs no display: render offscreen unless the caller chose a platform.
    if (wantsScreenshot(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("liqheat"));
    QApplication::setApplicationName(QStringLiteral("liqheat"));
    QApplication::setApplicationVersion(QStringLiteral(LIQHEAT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Liquidation heatmap viewer for crypto perpetual futures"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Render the main window to OUT.png after loading, then exit."),
                                        QStringLiteral("OUT.png"));
    parser.addOption(screenshot);
    parser.addPositionalArgument(QStringLiteral("snapshot"),
                                 QStringLiteral("Snapshot to open (default: the bundled sample)."),
                                 QStringLiteral("[SNAPSHOT]"));
    parser.process(app);
    const QString file = parser.positionalArguments().value(0);

    liqheat::ui::MainWindow window;
    if (parser.isSet(screenshot)) {
        const QString out = parser.value(screenshot);
        window.resize(1600, 1000);
        window.show();
        QObject::connect(&window, &liqheat::ui::MainWindow::estimateShown, &app, [&window, out] {
            // Let queued layout and chart updates land before grabbing.
            QTimer::singleShot(50, &window, [&window, out] {
                const QString error = liqheat::ui::savePngAtomically(window.grab().toImage(), out);
                if (!error.isEmpty()) {
                    std::fprintf(stderr, "liqheat: error: %s\n", qPrintable(error));
                }
                QApplication::exit(error.isEmpty() ? 0 : 1);
            });
        });
        QObject::connect(&window.document(), &liqheat::ui::DocumentController::errorOccurred, &app,
                         [](const QString& what, const QString& message) {
                             std::fprintf(stderr, "liqheat: error: %s: %s\n", qPrintable(what), qPrintable(message));
                             QApplication::exit(1);
                         });
        QTimer::singleShot(60'000, &app, [] {
            std::fprintf(stderr, "liqheat: error: timed out waiting for the estimate\n");
            QApplication::exit(1);
        });
        window.openPath(file);
        return QApplication::exec();
    }
    window.show();
    window.openPath(file);
    return QApplication::exec();
}
