// Open and drag-and-drop on something that is not a file: refused at once with a message, never a
// frozen window waiting on a FIFO nobody writes.
#include "controllers/document_controller.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace liqheat::ui;

TEST(HostileOpen, AFifoIsRefusedAtOnceWithAMessage)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("pipe.json"));
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);

    DocumentController doc;
    QStringList messages;
    QObject::connect(&doc, &DocumentController::errorOccurred,
                     [&](const QString&, const QString& message) { messages << message; });
    QElapsedTimer timer;
    timer.start();
    doc.openFile(fifo);
    // Refused before any thread starts reading: the signal has already been sent.
    ASSERT_EQ(messages.size(), 1);
    EXPECT_LT(timer.elapsed(), 2000);
    EXPECT_TRUE(messages.front().endsWith(QStringLiteral(": is a FIFO (named pipe), not a regular file")))
        << messages.front().toStdString();
    EXPECT_FALSE(doc.isBusy());

    doc.openFile(QStringLiteral("/dev/zero"));
    ASSERT_EQ(messages.size(), 2);
    EXPECT_TRUE(messages.back().contains(QStringLiteral("character device"))) << messages.back().toStdString();
}
