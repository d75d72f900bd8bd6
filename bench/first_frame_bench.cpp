// The main window's time to first frame: from constructing the window and opening a snapshot
// file to a painted window with its heatmap (the load, the estimate at the screen's 8,192
// columns, every pane, and one grab of the window). On the bundled sample and on generated
// 1-minute histories of 36 days, 4 months and a year, beside the floors: loading the file alone
// and estimating it alone.
#include "generated_history.h"

#include "controllers/document_controller.h"
#include "window/main_window.h"

#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <map>
#include <stdexcept>

using namespace liqheat;
using liqheat::ui::MainWindow;

namespace {

constexpr std::int64_t kYear = 365 * 1440;

QTemporaryDir& scratch()
{
    static QTemporaryDir dir;
    return dir;
}

// Written once per size, gzip as a trader's saved snapshot would be.
QString fileOf(std::int64_t rows)
{
    static std::map<std::int64_t, QString> files;
    auto it = files.find(rows);
    if (it == files.end()) {
        const QString path = scratch().filePath(QStringLiteral("history-%1.json.gz").arg(rows));
        if (!writeSnapshot(generatedHistory(static_cast<std::size_t>(rows)), path.toStdString()).ok()) {
            throw std::runtime_error("cannot write the generated history");
        }
        it = files.emplace(rows, path).first;
    }
    return it->second;
}

/// One cold start of the window on `path` (empty: the bundled sample) up to its first frame.
void firstFrame(benchmark::State& state, const QString& path)
{
    for (auto _ : state) {
        QSettings().clear();  // no remembered layout or file: every start is the same
        MainWindow window;
        window.resize(1400, 900);
        bool shown = false;
        QObject::connect(&window, &MainWindow::estimateShown, [&] { shown = true; });
        window.show();
        window.openPath(path);
        QElapsedTimer guard;
        guard.start();
        while (!shown) {
            if (guard.elapsed() > 300'000) {
                state.SkipWithError("no estimate within 5 minutes");
                return;
            }
            QApplication::processEvents(QEventLoop::AllEvents, 5);
        }
        benchmark::DoNotOptimize(window.grab());
        state.PauseTiming();  // closing the window is not part of the start
        window.close();
        QApplication::processEvents();
        state.ResumeTiming();
    }
}

void BM_FirstFrameSample(benchmark::State& state) { firstFrame(state, QString()); }
BENCHMARK(BM_FirstFrameSample)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

void BM_FirstFrame(benchmark::State& state) { firstFrame(state, fileOf(state.range(0))); }
BENCHMARK(BM_FirstFrame)
    ->Arg(kYear / 10)
    ->Arg(kYear / 3)
    ->Arg(kYear)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

// Floor: reading the same file, nothing else.
void BM_FloorLoad(benchmark::State& state)
{
    const std::string path = fileOf(state.range(0)).toStdString();
    for (auto _ : state) {
        auto snapshot = readSnapshot(path);
        benchmark::DoNotOptimize(snapshot);
    }
}
BENCHMARK(BM_FloorLoad)->Arg(kYear / 10)->Arg(kYear / 3)->Arg(kYear)->Unit(benchmark::kMillisecond)->UseRealTime();

// Floor: the window's estimate of that history alone (the screen's options, default model).
void BM_FloorEstimate(benchmark::State& state)
{
    const Snapshot snapshot = readSnapshot(fileOf(state.range(0)).toStdString()).value();
    const EstimateOptions options = ui::DocumentController::screenOptions(snapshot.model, std::nullopt);
    for (auto _ : state) {
        auto result = estimate(snapshot.data, snapshot.model, options);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_FloorEstimate)->Arg(kYear / 10)->Arg(kYear / 3)->Arg(kYear)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // Never the user's settings or store.
    QStandardPaths::setTestModeEnabled(true);
    if (qEnvironmentVariableIsEmpty("LIQHEAT_STORE")) {
        qputenv("LIQHEAT_STORE", scratch().filePath(QStringLiteral("market.sqlite")).toLocal8Bit());
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("liqheat-bench"));
    QApplication::setApplicationName(QStringLiteral("liqheat-bench"));
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
