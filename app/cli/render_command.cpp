#include "render_command.h"

#include "arguments.h"
#include "model_options.h"

#include "chart/chart_renderer.h"

#include "liqheat/clusters.h"
#include "liqheat/estimator.h"
#include "liqheat/snapshot.h"

#include <QFile>
#include <QGuiApplication>
#include <QImage>

#include <cmath>
#include <iostream>

namespace liqheat::cli {
namespace {

int fail(const std::string& message, int code = 1)
{
    std::cerr << "liqheat-cli: error: " << message << "\n";
    return code;
}

}  // namespace

int runRender(const std::vector<std::string>& raw)
{
    std::set<std::string> valued{"-o", "--width", "--height", "--theme", "--palette"};
    valued.insert(modelOptionNames().begin(), modelOptionNames().end());
    auto parsed = Arguments::parse(raw, valued, {"--log", "--clusters"});
    if (!parsed) {
        return fail(parsed.error().message, 2);
    }
    const Arguments& args = parsed.value();
    const auto out = args.value("-o");
    if (args.positionals().size() != 1 || !out) {
        return fail("render needs SNAPSHOT and -o OUT.png", 2);
    }
    const auto width = args.number("--width");
    const auto height = args.number("--height");
    if (!width || !height) {
        return fail(!width ? width.error().message : height.error().message, 2);
    }
    const int w = static_cast<int>(width->value_or(1600));
    const int h = static_cast<int>(height->value_or(900));
    if (w < 200 || h < 150 || w > 16384 || h > 16384) {
        return fail("--width must be within 200..16384 and --height within 150..16384", 2);
    }
    auto snapshot = readSnapshot(args.positionals().front());
    if (!snapshot) {
        return fail(snapshot.error().message);
    }
    auto model = applyModelOptions(args, snapshot->model);
    if (!model) {
        return fail(model.error().message);
    }
    EstimateOptions options;
    options.maxColumns = static_cast<std::size_t>(w);
    auto result = estimate(snapshot->data, *model, options);
    if (!result) {
        return fail("estimate: " + result.error().message);
    }

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
                          .arg(QString::fromStdString(snapshot->data.source.symbol),
                               QString::fromStdString(formatInterval(snapshot->data.candleIntervalMs())),
                               QString::fromStdString(model->preset)));
    renderer.setData(&snapshot->data, &result.value());
    renderer.setClusters(findClusters(result->map), args.has("--clusters"));
    const QImage image = renderer.render(QSize(w, h), renderer.defaultViewport());

    const QString path = QString::fromStdString(*out);
    const QString temp = path + QStringLiteral(".part");
    if (!image.save(temp, "PNG")) {
        QFile::remove(temp);
        return fail(*out + ": cannot write the image");
    }
    QFile::remove(path);
    if (!QFile::rename(temp, path)) {
        QFile::remove(temp);
        return fail(*out + ": cannot replace the file");
    }
    return 0;
}

}  // namespace liqheat::cli
