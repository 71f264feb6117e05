#include "scan/stop_signals.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace sharitories {
namespace {

sigset_t stop_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

StopSignals::StopSignals(std::function<void(int)> on_first) : on_first_(std::move(on_first)) {
    const sigset_t set = stop_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    watcher_ = std::thread([this] {
        const sigset_t signals = stop_set();
        const timespec tick{0, 100'000'000};  // how soon the watcher notices the scan has ended
        bool first = true;
        while (!done_) {
            const int signal = sigtimedwait(&signals, nullptr, &tick);
            if (signal <= 0) continue;  // timeout or EINTR
            if (!first) _exit(128 + signal);
            first = false;
            on_first_(signal);
        }
    });
}

StopSignals::~StopSignals() {
    done_ = true;
    watcher_.join();
    const sigset_t set = stop_set();
    // a signal that came as the watcher ended: the work is over, it is taken as the first one was
    const timespec now{0, 0};
    for (int signal; (signal = sigtimedwait(&set, nullptr, &now)) > 0;) on_first_(signal);
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace sharitories
