#include "render_command.h"

#include "arguments.h"
#include "cli_support.h"

#include "chart/chart_renderer.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <QFile>
#include <QGuiApplication>
#include <QImage>

namespace liqheat::cli {
namespace {

int renderBody(const std::vector<std::string>& raw)
{
    const Arguments args =
        parseArgs(raw, {"-o", "--width", "--height", "--theme", "--palette"}, {"--log", "--clusters"}, true);
    const auto out = args.value("-o");
    if (args.positionals().size() != 1 || !out) {
        usage("render needs SNAPSHOT and -o OUT.png");
    }
    const auto width = number(args, "--width");
    const auto height = number(args, "--height");
    const int w = static_cast<int>(width.value_or(1600));
    const int h = static_cast<int>(height.value_or(900));
    if (w < 200 || h < 150 || w > 16384 || h > 16384) {
        usage("--width must be within 200..16384 and --height within 150..16384");
    }
    const Estimated e = loadAndEstimate(args, static_cast<std::size_t>(w));
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
    style.logScale = args.has("--log");
    style.palette = ui::paletteFromString(QString::fromStdString(args.value("--palette").value_or("redgreen")));
    renderer.setStyle(style);
    renderer.setTheme(ui::themeFromString(QString::fromStdString(args.value("--theme").value_or("dark"))));
    renderer.setTitle(QStringLiteral("%1  %2  |  model: %3")
                          .arg(QString::fromStdString(snapshot.data.source.symbol),
                               QString::fromStdString(formatInterval(snapshot.data.candleIntervalMs())),
                               QString::fromStdString(e.model.preset)));
    renderer.setData(&snapshot.data, &e.result);
    renderer.setClusters(findClusters(e.result.map), args.has("--clusters"));
    const QImage image = renderer.render(QSize(w, h), renderer.defaultViewport());

    const QString path = QString::fromStdString(*out);
    const QString temp = path + QStringLiteral(".part");
    if (!image.save(temp, "PNG")) {
        QFile::remove(temp);
        fail(*out + ": cannot write the image");
    }
    QFile::remove(path);
    if (!QFile::rename(temp, path)) {
        QFile::remove(temp);
        fail(*out + ": cannot replace the file");
    }
    return 0;
}

}  // namespace

int runRender(const std::vector<std::string>& args)
{
    return guarded([&] { return renderBody(args); });
}

}  // namespace liqheat::cli
