#include "output/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <system_error>

namespace sharitories {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int error = errno) {
    throw std::system_error(error, std::generic_category(), what + " " + path.string());
}

/// The process umask, read without changing it (umask(2) can only set it); 022 if /proc is missing.
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("Umask:")) return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
    }
    return 022;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    std::error_code error;
    if (std::filesystem::is_symlink(std::filesystem::symlink_status(target_, error))) {
        target_ = std::filesystem::weakly_canonical(target_, error);
        if (error) fail("cannot follow the link", target_, error.value());
    }
    mode_t mode = 0666 & ~current_umask();
    struct stat existing {};
    if (::stat(target_.c_str(), &existing) == 0) {
        if (S_ISDIR(existing.st_mode)) fail("cannot write to a directory:", target_, EISDIR);
        if (!S_ISREG(existing.st_mode)) fail("refusing to replace what is not a regular file:", target_, EINVAL);
        mode = existing.st_mode & 07777;
    }
    std::string pattern = target_.string() + ".tmp-XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) fail("cannot create a temporary file for", target_);
    temporary_ = pattern;
    // mkstemp makes the file 0600; give it the mode the target has or a new file would have.
    if (::fchmod(fd, mode) != 0) {
        int chmod_error = errno;
        ::close(fd);
        std::filesystem::remove(temporary_, error);
        fail("cannot set the mode of", temporary_, chmod_error);
    }
    ::close(fd);
    stream_.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!stream_) {
        int open_error = errno;
        std::filesystem::remove(temporary_, error);
        fail("cannot open", temporary_, open_error);
    }
}

AtomicFile::~AtomicFile() {
    if (committed_) return;
    stream_.close();
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
}

void AtomicFile::commit() {
    stream_.flush();
    if (!stream_) fail("cannot write", temporary_);
    stream_.close();
    int fd = ::open(temporary_.c_str(), O_WRONLY);
    if (fd < 0 || ::fsync(fd) != 0) {
        int error = errno;
        if (fd >= 0) ::close(fd);
        fail("cannot sync", temporary_, error);
    }
    ::close(fd);
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail("cannot rename the output to", target_);
    committed_ = true;
}

}  // namespace sharitories
