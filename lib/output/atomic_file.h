// Writes a file so that no reader ever sees half of it: the data goes to a temporary file beside the
// target, which replaces the target by rename(2) only when commit() succeeds. A run that fails leaves
// the previous file untouched and removes its temporary (a run killed by a signal may leave one,
// named <target>.tmp-XXXXXX). A symbolic link is followed: the file it points to is replaced, the link
// kept. A target that exists but is not a regular file (a device, a FIFO) is refused. The new file
// keeps the mode of the one it replaces, or gets the mode the umask gives a new file.
#pragma once

#include <filesystem>
#include <fstream>

namespace sharitories {

class AtomicFile {
public:
    /// Creates the temporary file; throws std::system_error (naming the path) if it cannot.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ostream& stream() { return stream_; }

    /// The temporary file, for a writer that writes by name (libxlsxwriter): write it whole there
    /// (replacing its content), then commit(); do not write to stream() as well.
    const std::filesystem::path& temporary_path() const { return temporary_; }

    /// Flushes, syncs and renames over the target; throws std::system_error on any failure.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    std::ofstream stream_;
    bool committed_ = false;
};

}  // namespace sharitories
