#pragma once

// Stream tests wait for network events by spinning the event loop, bounded in time.

#include <QCoreApplication>
#include <QElapsedTimer>

#include <functional>

namespace liqheat::test {

/// Processes events until `condition` holds; false after `timeoutMs` (generous: machines are shared).
inline bool waitEvents(const std::function<bool()>& condition, int timeoutMs = 20'000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

/// Processes events for `ms`.
inline void spinFor(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
}

}  // namespace liqheat::test
