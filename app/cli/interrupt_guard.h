#pragma once

#include "liqheat/live/http_client.h"

namespace liqheat::cli {

/// While alive, Ctrl+C (SIGINT) and SIGTERM cancel `token` instead of killing the process, so a
/// long download stops cleanly and leaves the output file as it was. One at a time.
class InterruptGuard {
public:
    explicit InterruptGuard(CancelToken& token);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    void (*m_previousInt)(int) = nullptr;
    void (*m_previousTerm)(int) = nullptr;
};

}  // namespace liqheat::cli
