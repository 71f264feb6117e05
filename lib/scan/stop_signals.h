// SIGINT and SIGTERM during a scan: the first asks the scan to stop (it stops taking work, lets its
// writes finish and marks the run interrupted); a second one ends the process at once, with the
// shell's code for the signal (130, 143) — what was committed stays in the store. The signals are
// blocked in every thread and received by a watcher thread (sigtimedwait), so nothing runs in a
// signal handler. Create it before any other thread, so that they all inherit the mask, and keep it
// until the command's work is over: a signal pending when it goes is handed to `on_first` too.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace sharitories {

class StopSignals {
public:
    /// `on_first` runs on the watcher thread with the signal's number.
    explicit StopSignals(std::function<void(int)> on_first);
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    std::function<void(int)> on_first_;
    std::atomic<bool> done_{false};
    std::thread watcher_;
};

}  // namespace sharitories
