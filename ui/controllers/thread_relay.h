#pragma once

#include <QMetaObject>
#include <QObject>

#include <mutex>
#include <utility>

namespace liqheat::ui {

/// Lets worker threads post calls to a QObject's own thread only while the object lives. The
/// owner closes the relay first thing in its destructor, under the lock posts are made under, so
/// no worker can name a destroyed object; calls posted before are dropped by Qt with the object.
/// Workers hold the relay by shared_ptr, so it outlives its owner.
class ThreadRelay final {
public:
    explicit ThreadRelay(QObject* target) : m_target(target) {}

    void close()
    {
        const std::lock_guard lock(m_mutex);
        m_target = nullptr;
    }

    /// Queues `call` to run on the target's thread, with the target as its context.
    template <typename Call>
    void post(Call&& call)
    {
        const std::lock_guard lock(m_mutex);
        if (m_target != nullptr) {
            QMetaObject::invokeMethod(m_target, std::forward<Call>(call), Qt::QueuedConnection);
        }
    }

private:
    std::mutex m_mutex;
    QObject* m_target;
};

}  // namespace liqheat::ui
