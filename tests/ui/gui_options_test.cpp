// The GUI binary's command line as the guide's script uses it: --screenshot with --view and
// --size, bad values refused as usage errors, --help and --version without a display. And the
// About dialog the guide points to for where settings live.
#include "window/help_dialogs.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QMessageBox>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

struct GuiRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

enum class Platform { Offscreen, NoDisplay };

/// Runs the GUI binary with its own throwaway home, so nothing touches the user's. Platform::NoDisplay
/// leaves it no display and no platform at all: what a headless packaging or CI step has.
GuiRun runGui(const QStringList& args, const QString& home, Platform platform = Platform::Offscreen)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (platform == Platform::Offscreen) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    } else {
        for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}) {
            env.remove(QString::fromLatin1(name));
        }
    }
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home);  // else Qt warns on stderr where it is unset
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(LIQHEAT_GUI_PATH), args);
    GuiRun run;
    if (!process.waitForFinished(90'000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QList<QByteArray> lines(const QByteArray& text) { return text.trimmed().split('\n'); }

}  // namespace

TEST(GuiOptions, ScreenshotOfThePlannerAtTheRequestedSize)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("planner.png"));
    const GuiRun run = runGui({QStringLiteral("--screenshot"), out, QStringLiteral("--view"), QStringLiteral("planner"),
                               QStringLiteral("--size"), QStringLiteral("1200x800")},
                              dir.path());
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QImage image(out);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(1200, 800));
    // A screenshot run leaves no settings behind in the user's configuration.
    EXPECT_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("config/liqheat/liqheat.conf"))));
}

TEST(GuiOptions, BadValuesAreUsageErrorsOnOneLine)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("never.png"));
    const QList<QStringList> bad{
        {QStringLiteral("--screenshot"), out, QStringLiteral("--view"), QStringLiteral("nonsense")},
        {QStringLiteral("--screenshot"), out, QStringLiteral("--size"), QStringLiteral("12x")},
        {QStringLiteral("--screenshot"), out, QStringLiteral("--size"), QStringLiteral("100x100")},
        {QStringLiteral("--screenshot"), out, QStringLiteral("--theme"), QStringLiteral("pink")},
        {QStringLiteral("--screenshot"), out, QStringLiteral("--no-such-option")},
        {QStringLiteral("--view"), QStringLiteral("nonsense")},  // an interactive run, refused before any window
    };
    for (const QStringList& args : bad) {
        SCOPED_TRACE(args.join(QLatin1Char(' ')).toStdString());
        const GuiRun run =
            runGui(args, dir.path(),
                   args.contains(QStringLiteral("--screenshot")) ? Platform::Offscreen : Platform::NoDisplay);
        EXPECT_EQ(run.exitCode, 2);
        EXPECT_EQ(lines(run.err).size(), 1) << run.err.toStdString();
        EXPECT_TRUE(run.err.startsWith("liqheat: error: ")) << run.err.toStdString();
        EXPECT_FALSE(QFileInfo::exists(out));
    }
    const GuiRun view =
        runGui({QStringLiteral("--screenshot"), out, QStringLiteral("--view"), QStringLiteral("nonsense")}, dir.path());
    EXPECT_TRUE(view.err.contains("--view")) << view.err.toStdString();
    EXPECT_TRUE(view.err.contains("planner")) << view.err.toStdString();  // names the valid views
}

TEST(GuiOptions, HelpAndVersionNeedNoDisplay)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const GuiRun help = runGui({QStringLiteral("--help")}, dir.path(), Platform::NoDisplay);
    EXPECT_EQ(help.exitCode, 0) << help.err.toStdString();
    for (const char* expected : {"--screenshot", "--view", "--size", "--theme", "planner", "bundled", "SNAPSHOT"}) {
        EXPECT_TRUE(help.out.contains(expected)) << expected << "\n" << help.out.toStdString();
    }
    const GuiRun version = runGui({QStringLiteral("--version")}, dir.path(), Platform::NoDisplay);
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_TRUE(version.out.startsWith("liqheat ")) << version.out.toStdString();
}

TEST(GuiOptions, AboutSaysVersionLicenceDocsAndWhereThingsAre)
{
    QWidget parent;
    liqheat::ui::showAbout(&parent);
    QMessageBox* box = nullptr;
    QElapsedTimer timer;
    timer.start();
    while (box == nullptr && timer.elapsed() < 5'000) {
        QApplication::processEvents();
        box = parent.findChild<QMessageBox*>(QStringLiteral("aboutDialog"));
    }
    ASSERT_NE(box, nullptr);
    const QString text = box->text();
    EXPECT_TRUE(text.contains(QStringLiteral("liqheat %1").arg(QApplication::applicationVersion())))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("MIT"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("MODEL.md"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("/usr/share/doc/liqheat"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QSettings().fileName().toHtmlEscaped())) << text.toStdString();
    EXPECT_TRUE(text.contains(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).toHtmlEscaped()))
        << text.toStdString();
    box->close();
}
