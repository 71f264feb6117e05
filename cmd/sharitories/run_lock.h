// The scan's lock: FILE.lock beside the database, held with an fcntl() write lock for the whole run,
// so that cron never runs two scans on one database; `rank` and `evidence` ask who holds it without
// taking it (F_GETLK), so that asking can never make a starting scan fail. The kernel drops the lock
// when the process dies, even on kill -9: a stale FILE.lock file is harmless.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace sharitories::cli {

class RunLock {
public:
    /// Takes the lock of database `db`, or fails (exit 4) saying that another scan holds it.
    explicit RunLock(const std::string& db);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

/// The process id of the scan holding the lock of `db` now, if one does.
std::optional<pid_t> scan_holding_lock(const std::string& db);

}  // namespace sharitories::cli
