// A damaged settings file (a crash mid-write, a disk error, a hand edit gone wrong) must neither
// stop the application nor cost the trader the settings that are still readable.
#include "window/app_settings.h"
#include "window/main_window.h"

#include <QFile>
#include <QSettings>

#include <gtest/gtest.h>

#include <memory>

using namespace liqheat::ui;

namespace {

QString settingsFile()
{
    QSettings settings;
    settings.sync();
    return settings.fileName();
}

void appendToSettingsFile(const QByteArray& bytes)
{
    QFile file(settingsFile());
    ASSERT_TRUE(file.open(QIODevice::Append));
    file.write(bytes);
}

/// Garbage of the kinds a torn or mangled INI file holds.
QByteArray garbage()
{
    QByteArray bytes("\n[[[broken section\n=no key\n\xff\xfe\x00\x01 binary \x00 junk\n");
    bytes += "window/geometry=@ByteArray(\\x1\\x2 not a geometry)\n";
    bytes += "window/state=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x10garbage)\n";
    bytes += "view/realizedMinUsd=@Variant(\\xff\\xff)\n";
    bytes += "model/tiers=5:abc,,:\n";
    bytes += "source/days=@Invalid()\n";
    bytes += QByteArray(100'000, 'x') + "\n";
    bytes += "[files\n";  // unterminated section header at the end, no final newline
    return bytes;
}

}  // namespace

TEST(SettingsCorruption, RecentFilesAndIntactSettingsSurviveGarbageAround)
{
    QSettings().clear();
    AppSettings settings;
    settings.addRecentFile(QStringLiteral("/data/one.json.gz"));
    settings.addRecentFile(QStringLiteral("/data/two.json"));
    settings.theme.setValue(QStringLiteral("light"));
    QSettings().sync();
    const QStringList recent = settings.recentFiles.value();
    ASSERT_EQ(recent.size(), 2);

    appendToSettingsFile(garbage());

    const AppSettings reread;
    EXPECT_EQ(reread.recentFiles.value(), recent);
    EXPECT_EQ(reread.theme.value(), QStringLiteral("light"));
    // Unreadable values fall back to something usable.
    EXPECT_NO_FATAL_FAILURE(static_cast<void>(reread.model()));
    EXPECT_NO_FATAL_FAILURE(static_cast<void>(reread.style()));

    // The window starts on it, and what it remembers next is written and read back.
    auto window = std::make_unique<MainWindow>();
    window->show();
    window.reset();
    reread.addRecentFile(QStringLiteral("/data/three.json"));
    QSettings().sync();
    EXPECT_EQ(AppSettings().recentFiles.value().front(), QStringLiteral("/data/three.json"));
    QSettings().clear();
}

TEST(SettingsCorruption, AFileOfPureGarbageStartsWithDefaultsAndIsRewritten)
{
    QSettings().clear();
    AppSettings().addRecentFile(QStringLiteral("/data/lost.json"));
    QSettings().sync();
    {
        QFile file(settingsFile());
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QByteArray noise;
        for (int i = 0; i < 50'000; ++i) {
            noise += static_cast<char>((i * 7919 + 13) % 256);
        }
        file.write(noise);
    }
    const AppSettings reread;
    EXPECT_NO_FATAL_FAILURE(static_cast<void>(reread.recentFiles.value()));
    auto window = std::make_unique<MainWindow>();
    window->show();
    window.reset();
    reread.addRecentFile(QStringLiteral("/data/new.json"));
    QSettings().sync();
    EXPECT_EQ(AppSettings().recentFiles.value().front(), QStringLiteral("/data/new.json"));
    QSettings().clear();
}
