// One frame of the chart at 1920x1080 on the software rasteriser, the way a pan repaints it.
#include "chart/chart_renderer.h"

#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <benchmark/benchmark.h>

#include <memory>

using namespace liqheat;

namespace {

struct Scene {
    std::shared_ptr<const MarketData> data;
    std::shared_ptr<const EstimateResult> estimate;
};

Scene& scene()
{
    static Scene s = [] {
        const Snapshot snapshot = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT).value();
        Scene out;
        out.estimate = std::make_shared<const EstimateResult>(estimate(snapshot.data, snapshot.model).value());
        out.data = std::make_shared<const MarketData>(snapshot.data);
        return out;
    }();
    return s;
}

}  // namespace

static void BM_PanFrame1920x1080(benchmark::State& state)
{
    ui::ChartRenderer renderer;
    renderer.setData(scene().data, scene().estimate);
    QImage target(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    ui::ChartViewport v = renderer.defaultViewport();
    const double step = v.timeSpan() / 500.0;
    for (auto _ : state) {
        v = ui::pan(v, step, 0.0);  // a new position each frame, as while dragging
        QPainter p(&target);
        renderer.paint(p, QRectF(0, 0, 1920, 1080), v, QPointF(900, 500));
        p.end();
        benchmark::DoNotOptimize(target.constBits());
    }
}
BENCHMARK(BM_PanFrame1920x1080)->Unit(benchmark::kMillisecond);

static void BM_HeatmapImageRebuild(benchmark::State& state)
{
    ui::ChartRenderer renderer;
    renderer.setData(scene().data, scene().estimate);
    ui::HeatmapStyle style;
    for (auto _ : state) {
        style.threshold = style.threshold > 0.05 ? 0.04 : 0.06;  // force a rebuild
        renderer.setStyle(style);
        benchmark::DoNotOptimize(renderer.heatmapImage().image().constBits());
    }
}
BENCHMARK(BM_HeatmapImageRebuild)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
