#include "output/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace sharitories {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int error = errno) {
    throw std::system_error(error, std::generic_category(), what + " " + path.string());
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    if (std::filesystem::is_directory(target_)) fail("cannot write to a directory:", target_, EISDIR);
    std::string pattern = target_.string() + ".tmp-XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) fail("cannot create a temporary file for", target_);
    // mkstemp makes the file 0600; give it the mode an ordinary new file would have.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    ::close(fd);
    temporary_ = pattern;
    stream_.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!stream_) {
        std::filesystem::remove(temporary_);
        fail("cannot open", temporary_);
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
