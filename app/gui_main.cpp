// liqheat: the desktop viewer. `liqheat [SNAPSHOT]`, `liqheat --screenshot OUT.png [--view V] [SNAPSHOT]`.
#include "chart/chart_widget.h"
#include "chart/png_export.h"
#include "controllers/document_controller.h"
#include "docks/layer_control.h"
#include "docks/model_panel.h"
#include "window/app_settings.h"
#include "window/main_window.h"

#include "liqheat/analysis/trade_plan.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QIcon>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>

namespace {

/// What `--view` can show: a dock raised (and for the planner, its plan on the chart).
const QStringList kViews{QStringLiteral("overview"), QStringLiteral("planner"),  QStringLiteral("signals"),
                         QStringLiteral("skill"),    QStringLiteral("clusters"), QStringLiteral("data-source"),
                         QStringLiteral("model"),    QStringLiteral("layers")};

constexpr int kMinSide = 400;
constexpr int kMaxSide = 8000;

/// The options, declared once so the same parser can run before and after QApplication.
struct Options {
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit.")};
    QCommandLineOption version{{QStringLiteral("v"), QStringLiteral("version")},
                               QStringLiteral("Show the version and exit.")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("Render the main window offscreen (no display needed) to OUT.png "
                                                 "once the first estimate is shown, then exit (0: written; 1: the "
                                                 "snapshot or the image failed; 2: a bad option). Uses throwaway "
                                                 "settings: yours are neither read nor changed."),
                                  QStringLiteral("OUT.png")};
    QCommandLineOption view{
        QStringLiteral("view"),
        QStringLiteral("What the window shows: overview (default layout), planner (Trade "
                       "Planner: a long at the last price, 10x, sized for 1 % of 10,000 USD, "
                       "its lines on the chart), signals, skill (Model Skill), clusters "
                       "(Clusters, outlines on the chart), data-source, model, layers (leverage layers on, "
                       "the two highest-leverage tiers shown)."),
        QStringLiteral("NAME"), QStringLiteral("overview")};
    QCommandLineOption size{QStringLiteral("size"),
                            QStringLiteral("Window size in pixels, e.g. 1600x1000 (the default with --screenshot)."),
                            QStringLiteral("WxH")};
    QCommandLineOption theme{QStringLiteral("theme"),
                             QStringLiteral("Colour theme: dark or light (without --screenshot it is remembered "
                                            "like View > Theme)."),
                             QStringLiteral("NAME")};

    void addTo(QCommandLineParser& parser) const
    {
        parser.setApplicationDescription(QStringLiteral(
            "liqheat estimates where leveraged crypto futures positions would be liquidated and draws it as a "
            "heatmap.\n"
            "Opens SNAPSHOT (a liqheat .json or .json.gz file); without one, the bundled BTCUSDT 5m sample.\n"
            "Scripting and text output: liqheat-cli --help."));
        parser.addOption(help);
        parser.addOption(version);
        parser.addOption(screenshot);
        parser.addOption(view);
        parser.addOption(size);
        parser.addOption(theme);
        parser.addPositionalArgument(QStringLiteral("SNAPSHOT"),
                                     QStringLiteral("Snapshot to open (default: the bundled BTCUSDT 5m sample)."),
                                     QStringLiteral("[SNAPSHOT]"));
    }
};

/// The validated command line.
struct Request {
    QString snapshot;
    QString screenshot;  ///< empty: an interactive run
    QString view = QStringLiteral("overview");
    std::optional<QSize> size;
    QString theme;  ///< empty: the remembered one
};

/// Validates the parsed values; the error is one line for stderr, empty when all is well.
std::optional<Request> validate(const QCommandLineParser& parser, const Options& o, QString& error)
{
    Request r;
    if (parser.positionalArguments().size() > 1) {
        error = QStringLiteral("expected at most one SNAPSHOT, got %1").arg(parser.positionalArguments().size());
        return std::nullopt;
    }
    r.snapshot = parser.positionalArguments().value(0);
    if (parser.isSet(o.screenshot)) {
        r.screenshot = parser.value(o.screenshot);
        if (r.screenshot.isEmpty()) {
            error = QStringLiteral("--screenshot: the output file name is empty");
            return std::nullopt;
        }
    }
    r.view = parser.value(o.view);
    if (!kViews.contains(r.view)) {
        error = QStringLiteral("--view: unknown view '%1' (one of: %2)").arg(r.view, kViews.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    if (parser.isSet(o.size)) {
        static const QRegularExpression re(QStringLiteral("^(\\d{1,5})x(\\d{1,5})$"));
        const auto m = re.match(parser.value(o.size));
        const int w = m.hasMatch() ? m.captured(1).toInt() : 0;
        const int h = m.hasMatch() ? m.captured(2).toInt() : 0;
        if (w < kMinSide || h < kMinSide || w > kMaxSide || h > kMaxSide) {
            error = QStringLiteral("--size: expected WxH with each side from %1 to %2, e.g. 1600x1000, got '%3'")
                        .arg(kMinSide)
                        .arg(kMaxSide)
                        .arg(parser.value(o.size));
            return std::nullopt;
        }
        r.size = QSize(w, h);
    } else if (!r.screenshot.isEmpty()) {
        r.size = QSize(1600, 1000);
    }
    if (parser.isSet(o.theme)) {
        r.theme = parser.value(o.theme);
        if (r.theme != QLatin1String("dark") && r.theme != QLatin1String("light")) {
            error = QStringLiteral("--theme: expected dark or light, got '%1'").arg(r.theme);
            return std::nullopt;
        }
    }
    return r;
}

int usageError(const QString& message)
{
    std::fprintf(stderr, "liqheat: error: %s\n", qPrintable(message));
    return 2;
}

/// --help and --version need no display: answer them from a QCoreApplication (they exit).
void answerHelpOrVersion(int& argc, char** argv, QCommandLineParser& parser, const Options& o)
{
    if (!parser.isSet(o.help) && !parser.isSet(o.version)) {
        return;
    }
    std::optional<QCoreApplication> core;
    if (QCoreApplication::instance() == nullptr) {
        core.emplace(argc, argv);
    }
    if (parser.isSet(o.help)) {
        parser.showHelp(0);
    }
    parser.showVersion();
}

bool argvHas(int argc, char** argv, const char* option)
{
    const std::size_t n = std::strlen(option);
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], option) == 0 || (std::strncmp(argv[i], option, n) == 0 && argv[i][n] == '=')) {
            return true;
        }
    }
    return false;
}

/// Puts the window in the state `--view` asks for.
void applyView(liqheat::ui::MainWindow& window, const QString& view)
{
    const liqheat::ui::DockSet& d = window.docks();
    QDockWidget* dock = nullptr;
    if (view == QLatin1String("planner")) {
        dock = d.plannerDock;
    } else if (view == QLatin1String("signals")) {
        dock = d.signalsDock;
    } else if (view == QLatin1String("skill")) {
        dock = d.calibrationDock;
    } else if (view == QLatin1String("clusters")) {
        dock = d.clustersDock;
        window.actions().showClusters->setChecked(true);
    } else if (view == QLatin1String("data-source")) {
        dock = d.dataSourceDock;
    } else if (view == QLatin1String("model") || view == QLatin1String("layers")) {
        dock = d.modelDock;
    }
    if (dock != nullptr) {
        dock->show();
        dock->raise();
        // Most of the height for the dock's tab group, so its contents show without scrolling
        // (the planner's form and plan are the longest), and room for the skill table's numbers.
        window.resizeDocks({dock}, {window.height() * (dock == d.plannerDock ? 85 : 75) / 100}, Qt::Vertical);
        if (dock == d.calibrationDock) {
            window.resizeDocks({dock}, {std::max(dock->width(), 560)}, Qt::Horizontal);
        }
    }
}

/// Widens the chart's price range to take in the plan's stop and liquidation lines.
void showPlanLines(liqheat::ui::ChartWidget& chart, const liqheat::TradePlan& plan)
{
    liqheat::ui::ChartViewport v = chart.viewport();
    double low = v.priceLow;
    double high = v.priceHigh;
    for (const double price : {plan.stopPrice, plan.liquidation ? plan.liquidation->liquidationPrice : 0.0}) {
        if (price > 0.0) {
            low = std::min(low, price);
            high = std::max(high, price);
        }
    }
    if (low < v.priceLow || high > v.priceHigh) {
        const double pad = (high - low) * 0.04;
        v.priceLow = low < v.priceLow ? low - pad : v.priceLow;
        v.priceHigh = high > v.priceHigh ? high + pad : v.priceHigh;
        chart.setViewport(v);
    }
}

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("liqheat"));
    QCoreApplication::setApplicationName(QStringLiteral("liqheat"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LIQHEAT_VERSION));

    const Options o;
    QCommandLineParser parser;
    o.addTo(parser);

    // Parse before any GUI exists, so --help, --version and bad values work without a display.
    // Arguments meant for Qt itself (-platform, -style, ...) only parse after QApplication took
    // them out, so a failure here is not final.
    QStringList raw;
    for (int i = 0; i < argc; ++i) {
        raw << QString::fromLocal8Bit(argv[i]);
    }
    if (parser.parse(raw)) {
        answerHelpOrVersion(argc, argv, parser, o);
        QString error;
        if (!validate(parser, o, error)) {
            return usageError(error);
        }
    }

    const bool screenshotRun = argvHas(argc, argv, "--screenshot");
    // A screenshot needs no display: render offscreen unless the caller chose a platform.
    if (screenshotRun && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // A screenshot must not depend on, or change, the user's settings (layout, model, theme,
    // recent files): it reads and writes a fresh settings directory that is removed on exit.
    std::unique_ptr<QTemporaryDir> throwawaySettings;
    if (screenshotRun) {
        QStandardPaths::setTestModeEnabled(true);
        throwawaySettings = std::make_unique<QTemporaryDir>();
        for (const auto scope : {QSettings::UserScope, QSettings::SystemScope}) {
            QSettings::setPath(QSettings::NativeFormat, scope, throwawaySettings->path());
            QSettings::setPath(QSettings::IniFormat, scope, throwawaySettings->path());
        }
    }

    QApplication app(argc, argv);
    // The desktop entry's id ties the window to its launcher (and its icon) on Wayland and X11.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.liqheat.liqheat"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/liqheat/icons/liqheat-256.png")));
    if (!parser.parse(QApplication::arguments())) {
        return usageError(parser.errorText());
    }
    answerHelpOrVersion(argc, argv, parser, o);
    QString error;
    const std::optional<Request> request = validate(parser, o, error);
    if (!request) {
        return usageError(error);
    }

    if (!request->theme.isEmpty()) {
        // Chosen before the window exists, so it is styled once, as on a normal start.
        liqheat::ui::AppSettings().theme.setValue(request->theme);
    }
    liqheat::ui::MainWindow window;
    if (request->size) {
        window.resize(*request->size);
    }
    applyView(window, request->view);

    if (request->screenshot.isEmpty()) {
        window.show();
        window.openPath(request->snapshot);
        return QApplication::exec();
    }

    const QString out = request->screenshot;
    window.show();
    // Let queued layout and chart updates land, and the heatmap's detail for the default view of
    // a long history (a few seconds at most), before grabbing.
    std::function<void(int)> grabWhenSettled = [&window, out, &grabWhenSettled](int waitsLeft) {
        QTimer::singleShot(50, &window, [&window, out, &grabWhenSettled, waitsLeft] {
            if (window.heatmapDetailPending() && waitsLeft > 0) {
                grabWhenSettled(waitsLeft - 1);
                return;
            }
            const QString failure = liqheat::ui::savePngAtomically(window.grab().toImage(), out);
            if (!failure.isEmpty()) {
                std::fprintf(stderr, "liqheat: error: %s\n", qPrintable(failure));
            }
            QApplication::exit(failure.isEmpty() ? 0 : 1);
        });
    };
    auto grabAndExit = [&grabWhenSettled] { grabWhenSettled(100); };
    // The first estimate also plans a trade (entry at the last price); wait for that plan so the
    // planner's values and its lines on the chart are in every picture, never in some.
    auto& document = window.document();
    bool estimated = false;
    bool grabbing = false;
    auto grabOnce = [&grabbing, grabAndExit] {
        if (!grabbing) {
            grabbing = true;
            grabAndExit();
        }
    };
    const bool layers = request->view == QLatin1String("layers");
    QObject::connect(&window, &liqheat::ui::MainWindow::estimateShown, &app, [&window, &estimated, grabOnce, layers] {
        // The layers view: once the tiers are known, keep the two highest-leverage ones and wait
        // for that estimate.
        const auto tiers = window.document().model().effectiveTiers();
        if (layers && !window.document().layers() && tiers.size() >= 2) {
            std::vector<bool> visible(tiers.size(), false);
            visible[tiers.size() - 1] = visible[tiers.size() - 2] = true;
            window.docks().model->layers()->setVisible(visible);
            return;
        }
        estimated = true;
        QTimer::singleShot(5'000, &window, grabOnce);  // a safety net if no plan ever arrives
    });
    const bool planner = request->view == QLatin1String("planner");
    QObject::connect(
        &document, &liqheat::ui::DocumentController::planReady, &app,
        [&window, &estimated, planner, grabOnce](const liqheat::TradeRequest&, const liqheat::TradePlan& plan) {
            if (!estimated) {
                return;
            }
            if (planner) {
                showPlanLines(*window.chart(), plan);
            }
            grabOnce();
        });
    QObject::connect(&document, &liqheat::ui::DocumentController::planFailed, &app, [&estimated, grabOnce] {
        if (estimated) {
            grabOnce();
        }
    });
    QObject::connect(&document, &liqheat::ui::DocumentController::errorOccurred, &app,
                     [](const QString& what, const QString& message) {
                         std::fprintf(stderr, "liqheat: error: %s: %s\n", qPrintable(what), qPrintable(message));
                         QApplication::exit(1);
                     });
    QTimer::singleShot(60'000, &app, [] {
        std::fprintf(stderr, "liqheat: error: timed out waiting for the estimate\n");
        QApplication::exit(1);
    });
    window.openPath(request->snapshot);
    return QApplication::exec();
}
