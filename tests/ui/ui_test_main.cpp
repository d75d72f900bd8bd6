// GoogleTest main for the UI tests: offscreen by default, isolated settings, one QApplication.
#include <QApplication>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    // Also covers the --gtest_list_tests run that gtest_discover_tests makes at build time.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QStandardPaths::setTestModeEnabled(true);
    // Fetches go through the local store: a fresh one per run, never the user's own.
    const QTemporaryDir storeDir;
    if (qEnvironmentVariableIsEmpty("LIQHEAT_STORE")) {
        qputenv("LIQHEAT_STORE", storeDir.filePath(QStringLiteral("market.sqlite")).toLocal8Bit());
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("liqheat-tests"));
    QApplication::setApplicationName(QStringLiteral("liqheat-tests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
