#include "run_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "cli_common.h"
#include "exit_codes.h"

namespace sharitories::cli {
namespace {

/// As the kernel's limit on links followed in one path (MAXSYMLINKS).
constexpr int max_links = 40;

struct flock whole_file(short type) {
    struct flock region {};
    region.l_type = type;
    region.l_whence = SEEK_SET;
    region.l_start = 0;
    region.l_len = 0;  // to the end, however long
    return region;
}

}  // namespace

std::filesystem::path database_file(const std::filesystem::path& db) {
    namespace fs = std::filesystem;
    std::error_code error;
    fs::path path = fs::absolute(db, error);
    if (error || db.empty()) return db;
    // a link at the end, followed here: weakly_canonical() keeps a link to a file not created yet as
    // it is, where SQLite would create the file it leads to
    for (int links = 0; links < max_links; ++links) {
        if (!fs::is_symlink(fs::symlink_status(path, error)) || error) break;
        const fs::path target = fs::read_symlink(path, error);
        if (error) break;
        path = target.is_absolute() ? target : path.parent_path() / target;
    }
    fs::path resolved = fs::weakly_canonical(path, error);
    return error ? path.lexically_normal() : resolved;
}

std::filesystem::path lock_file(const std::filesystem::path& db) {
    return database_file(db).string() + ".lock";
}

RunLock::RunLock(const std::string& db) {
    const std::filesystem::path path = lock_file(db);
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0 && errno == ELOOP)
        fail({fmt::format("the lock file {} of {} is a symbolic link: a scan does not follow one there (it may have "
                          "been planted to make the scan create or lock another file); remove it",
                          path.string(), db)},
             exit_failed);
    if (fd_ < 0) fail({fmt::format("cannot create the lock file {} ({})", path.string(), std::strerror(errno))}, exit_failed);
    struct flock region = whole_file(F_WRLCK);
    if (::fcntl(fd_, F_SETLK, &region) != 0) {
        const auto holder = scan_holding_lock(db);
        fail({fmt::format("another scan{} holds the lock on {} ({}): wait for it to end",
                          holder ? fmt::format(" (process {})", *holder) : std::string(), db, path.string())},
             exit_locked);
    }
}

RunLock::~RunLock() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<pid_t> scan_holding_lock(const std::string& db) {
    const int fd = ::open(lock_file(db).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return std::nullopt;
    struct flock region = whole_file(F_WRLCK);  // would a write lock be refused? by whom?
    const bool asked = ::fcntl(fd, F_GETLK, &region) == 0;
    ::close(fd);
    if (!asked || region.l_type == F_UNLCK) return std::nullopt;
    return region.l_pid;
}

}  // namespace sharitories::cli
