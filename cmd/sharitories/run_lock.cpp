#include "run_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstring>

#include "cli_common.h"
#include "exit_codes.h"

namespace sharitories::cli {
namespace {

std::string lock_path(const std::string& db) { return db + ".lock"; }

struct flock whole_file(short type) {
    struct flock region {};
    region.l_type = type;
    region.l_whence = SEEK_SET;
    region.l_start = 0;
    region.l_len = 0;  // to the end, however long
    return region;
}

}  // namespace

RunLock::RunLock(const std::string& db) {
    const std::string path = lock_path(db);
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) fail({fmt::format("cannot create the lock file {} ({})", path, std::strerror(errno))}, exit_failed);
    struct flock region = whole_file(F_WRLCK);
    if (::fcntl(fd_, F_SETLK, &region) != 0) {
        const auto holder = scan_holding_lock(db);
        fail({fmt::format("another scan{} holds the lock on {} ({}): wait for it to end",
                          holder ? fmt::format(" (process {})", *holder) : std::string(), db, path)},
             exit_locked);
    }
}

RunLock::~RunLock() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<pid_t> scan_holding_lock(const std::string& db) {
    const int fd = ::open(lock_path(db).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct flock region = whole_file(F_WRLCK);  // would a write lock be refused? by whom?
    const bool asked = ::fcntl(fd, F_GETLK, &region) == 0;
    ::close(fd);
    if (!asked || region.l_type == F_UNLCK) return std::nullopt;
    return region.l_pid;
}

}  // namespace sharitories::cli
