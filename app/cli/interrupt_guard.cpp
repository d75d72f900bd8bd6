#include "interrupt_guard.h"

#include <csignal>

namespace liqheat::cli {
namespace {

CancelToken* g_interruptToken = nullptr;

extern "C" void onInterrupt(int /*signal*/)
{
    if (g_interruptToken != nullptr) {
        g_interruptToken->cancel();  // a lock-free atomic store: safe in a signal handler
    }
}

}  // namespace

InterruptGuard::InterruptGuard(CancelToken& token)
{
    g_interruptToken = &token;
    m_previousInt = std::signal(SIGINT, onInterrupt);
    m_previousTerm = std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, m_previousInt);
    std::signal(SIGTERM, m_previousTerm);
    g_interruptToken = nullptr;
}

}  // namespace liqheat::cli
