// The scan's lock: a file beside the database, held with an fcntl() write lock for the whole run,
// so that cron never runs two scans on one database; `rank` and `evidence` ask who holds it without
// taking it (F_GETLK), so that asking can never make a starting scan fail. The kernel drops the lock
// when the process dies, even on kill -9: a stale lock file is harmless.
//
// The lock is the database's, not its spelling's: it is named from the file SQLite opens — the path
// made absolute, a symbolic link at its end followed (even one whose file a first scan has yet to
// create, as SQLite creates it), then every `.`, `..` and link of its folders resolved — so `--db
// sharitories.db`, `--db ./x/../sharitories.db` and `--db link-to-it` share one lock, FILE.lock
// beside the real FILE, where SQLite keeps its -wal and -shm. (Two hard links to one database are
// two names, two locks: SQLite itself says not to make them.) The lock file is opened without
// following a link: one planted there is refused, not written through.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace sharitories::cli {

/// The database file `db` leads to, as above: absolute, links and dot segments resolved (the folders
/// that exist; a file not created yet keeps its name). `db` itself if it cannot be resolved.
std::filesystem::path database_file(const std::filesystem::path& db);

/// The lock file of database `db`: database_file(db) + ".lock".
std::filesystem::path lock_file(const std::filesystem::path& db);

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
