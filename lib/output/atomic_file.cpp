#include "output/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
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

/// An output buffer over a file descriptor it does not own; remembers the first write error.
class DescriptorBuffer : public std::streambuf {
public:
    explicit DescriptorBuffer(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

    int error() const { return error_; }

protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }

    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain() {
        const char* next = pbase();
        while (next < pptr()) {
            const ssize_t written = ::write(fd_, next, static_cast<std::size_t>(pptr() - next));
            if (written < 0 && errno == EINTR) continue;
            if (written <= 0) {
                if (error_ == 0) error_ = written < 0 ? errno : EIO;
                return false;
            }
            next += written;
        }
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return true;
    }

    int fd_;
    int error_ = 0;
    std::array<char, 65536> buffer_{};
};

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    // the path itself, not what a link there leads to: it is what commit() replaces
    mode_t mode = 0666 & ~current_umask();
    struct stat existing {};
    if (::lstat(target_.c_str(), &existing) == 0) {
        if (S_ISDIR(existing.st_mode)) fail("cannot write to a directory:", target_, EISDIR);
        if (S_ISREG(existing.st_mode)) {
            mode = existing.st_mode & 07777;
        } else if (!S_ISLNK(existing.st_mode)) {
            fail("refusing to replace what is not a regular file:", target_, EINVAL);
        }
    }
    std::string pattern = target_.string() + ".tmp-XXXXXX";
    fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd_ < 0) fail("cannot create a temporary file for", target_);
    temporary_ = pattern;
    // mkstemp makes the file 0600; give it the mode the target has or a new file would have.
    if (::fchmod(fd_, mode) != 0) {
        const int chmod_error = errno;
        ::close(fd_);
        fd_ = -1;
        ::unlink(temporary_.c_str());
        fail("cannot set the mode of", temporary_, chmod_error);
    }
    buffer_ = std::make_unique<DescriptorBuffer>(fd_);
    stream_.rdbuf(buffer_.get());
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::commit() {
    stream_.flush();
    if (!stream_) {
        const int error = static_cast<DescriptorBuffer*>(buffer_.get())->error();
        fail("cannot write", temporary_, error != 0 ? error : EIO);
    }
    // a writer by name (temporary_path()) wrote through its own descriptor: the name must still lead
    // to the file made here, not to one put in its place
    struct stat ours {}, named {};
    if (::fstat(fd_, &ours) != 0) fail("cannot check", temporary_);
    if (::lstat(temporary_.c_str(), &named) != 0) fail("cannot find", temporary_);
    if (ours.st_dev != named.st_dev || ours.st_ino != named.st_ino)
        fail("the temporary file was replaced by another:", temporary_, EEXIST);
    if (::fsync(fd_) != 0) fail("cannot sync", temporary_);
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail("cannot rename the output to", target_);
    committed_ = true;
}

}  // namespace sharitories
