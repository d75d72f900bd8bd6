#include "render_command.h"

#include "cli_support.h"
#include "model_options.h"

#include "chart/chart_renderer.h"
#include "chart/png_export.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <QGuiApplication>
#include <QImage>

#include <memory>

namespace liqheat::cli {
namespace {

struct RenderOptions {
    std::string snapshot;
    std::string output;
    int width = 1600;
    int height = 900;
    std::string theme = "dark";
    std::string palette = "redgreen";
    bool logScale = false;
    bool clusters = false;
    bool noRealized = false;
    double realizedMinUsd = 1e6;
    ModelOptions model;
};

int runRender(const RenderOptions& o)
{
    EstimateOptions options;
    options.maxColumns = static_cast<std::size_t>(o.width);
    const Estimated e = loadAndEstimate(o.snapshot, o.model, options);
    const Snapshot& snapshot = e.snapshot;

    // Fonts and painting need a QGuiApplication; there is no display here, so render offscreen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    int argc = 1;
    char name[] = "liqheat-cli";
    char* argv[] = {name, nullptr};
    QGuiApplication app(argc, argv);

    ui::ChartRenderer renderer;
    ui::HeatmapStyle style;
    style.logScale = o.logScale;
    style.palette = ui::paletteFromString(QString::fromStdString(o.palette));
    renderer.setStyle(style);
    renderer.setTheme(ui::themeFromString(QString::fromStdString(o.theme)));
    renderer.setTitle(QStringLiteral("%1  %2  |  model: %3")
                          .arg(QString::fromStdString(snapshot.data.source.symbol),
                               QString::fromStdString(formatInterval(snapshot.data.candleIntervalMs())),
                               QString::fromStdString(e.model.preset)));
    // The renderer lives only in this scope, inside the lifetime of `e`: it may borrow.
    renderer.setData(std::shared_ptr<const MarketData>(std::shared_ptr<const void>(), &snapshot.data),
                     std::shared_ptr<const EstimateResult>(std::shared_ptr<const void>(), &e.result));
    renderer.setClusters(findClusters(e.result.map), o.clusters);
    renderer.setShowPrints(!o.noRealized, o.realizedMinUsd);
    const QImage image = renderer.render(QSize(o.width, o.height), renderer.defaultViewport());

    const QString path = QString::fromStdString(o.output);
    if (const QString error = ui::savePngAtomically(image, path); !error.isEmpty()) {
        fail(error.toStdString());
    }
    return 0;
}

}  // namespace

Command addRenderCommand(CLI::App& root)
{
    auto o = std::make_shared<RenderOptions>();
    CLI::App* app = root.add_subcommand("render", "draw the chart to a PNG, no display needed");
    addSnapshotArgument(*app, o->snapshot);
    addOutputOption(*app, o->output, "the PNG to write")->required();
    app->add_option("--width", o->width, "pixels (200..16384, default 1600)")
        ->check(wholeNumberWithin(200, 16384))
        ->type_name("W");
    app->add_option("--height", o->height, "pixels (150..16384, default 900)")
        ->check(wholeNumberWithin(150, 16384))
        ->type_name("H");
    app->add_option("--theme", o->theme, "dark (default) or light")
        ->check(CLI::IsMember({"dark", "light"}).description(""))
        ->type_name("dark|light");
    app->add_option("--palette", o->palette, "redgreen (default) or colorblind")
        ->check(CLI::IsMember({"redgreen", "colorblind"}).description(""))
        ->type_name("redgreen|colorblind");
    app->add_flag("--log", o->logScale, "logarithmic colour scale");
    app->add_flag("--clusters", o->clusters, "mark the clusters");
    app->add_flag("--no-realized", o->noRealized, "no realized liquidation bubbles");
    app->add_option("--realized-min", o->realizedMinUsd, "smallest realized bubble in USD (default 1000000)")
        ->check(numberWithin(0.0))
        ->type_name("USD");
    addModelOptions(*app, o->model);
    return {app, [o] { return runRender(*o); }};
}

}  // namespace liqheat::cli
