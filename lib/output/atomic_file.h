// Writes a file so that no reader ever sees half of it: the data goes to a temporary file beside the
// target, which replaces the target by rename(2) only when commit() succeeds. A run that fails leaves
// the previous file untouched and removes its temporary (a run killed by a signal may leave one,
// named <target>.tmp-XXXXXX). The new file keeps the mode of the regular file it replaces, or gets
// the mode the umask gives a new file.
//
// The path is replaced, never what it leads to. The temporary is created new (mkstemp: O_EXCL) in
// the folder of the path as given, and renamed onto the path itself: a symbolic link there is
// replaced by the file, not followed, and a file with other hard links is not written into (its
// other names keep the old content). The folders on the way are resolved by the kernel, which
// applies fs.protected_symlinks to them; nothing here reads a link to resolve it. In a sticky
// shared folder (/tmp), a name another user owns — their file or their link — cannot be replaced:
// commit() fails with EPERM and leaves it as it was. A target that is a folder, a device or a FIFO
// is refused.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <streambuf>

namespace sharitories {

class AtomicFile {
public:
    /// Creates the temporary file; throws std::system_error (naming the path) if it cannot.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Writes to the temporary file through the descriptor that created it.
    std::ostream& stream() { return stream_; }

    /// The temporary file, for a writer that writes by name (libxlsxwriter): write it whole there
    /// (replacing its content), then commit(); do not write to stream() as well. commit() checks the
    /// name still leads to the file created for it.
    const std::filesystem::path& temporary_path() const { return temporary_; }

    /// Flushes, syncs and renames onto the target; throws std::system_error on any failure.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    int fd_ = -1;
    std::unique_ptr<std::streambuf> buffer_;
    std::ostream stream_{nullptr};
    bool committed_ = false;
};

}  // namespace sharitories
