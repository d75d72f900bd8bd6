#pragma once

// UI tests wait for asynchronous work (loads, estimates, plans) by spinning the event loop.

#include <QApplication>
#include <QElapsedTimer>

#include <functional>

namespace liqheat::ui::testing {

/// Processes events until `condition` holds; false after `timeoutMs` (generous: CI machines are
/// slow and shared).
inline bool waitFor(const std::function<bool()>& condition, int timeoutMs = 30'000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs) {
            return false;
        }
        QApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

}  // namespace liqheat::ui::testing
