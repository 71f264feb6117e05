// A file of gzip members one after another (RFC 1952 §2.2: "a gzip file consists of a series of
// members"), read as one stream of decompressed bytes, in bounded memory, with ISA-L's igzip where
// the build has it (2 to 4 times zlib's speed here: scripts/bench --wet), else zlib. This is how
// WARC files are compressed (ISO 28500 / WARC 1.1 annex D: one member per record, so that a record
// can be read alone from its offset — Common Crawl's warc_record_offset).
//
// Departures, for a reader of other people's archives: input that does not start with gzip's magic is
// passed through unchanged (an uncompressed .warc); a damaged member is reported and skipped to the
// next gzip header found in the bytes after it, never thrown on; zero bytes after the last member
// (padding) are ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sharitories {

/// Fills `buffer` with up to `size` bytes of input; returns how many, 0 at the end. May throw (an
/// unreadable file): the exception goes through the reader to its caller.
using ByteSource = std::function<std::size_t(char* buffer, std::size_t size)>;

/// A ByteSource over an open file descriptor (read(2), EINTR retried); throws std::system_error.
ByteSource fd_source(int fd);

/// A ByteSource over bytes in memory (`bytes` must outlive it).
ByteSource memory_source(const std::string& bytes);

/// The library that inflates: the two read the same bytes the same way (tests and fuzz_warc check it).
enum class InflateEngine { zlib, isa_l };

/// ISA-L if this build has it, else zlib.
InflateEngine default_inflate_engine();
/// Whether this build can use `engine`.
bool has_inflate_engine(InflateEngine engine);

class GzipMembers {
public:
    /// Throws std::invalid_argument for an engine this build does not have.
    explicit GzipMembers(ByteSource source, InflateEngine engine = default_inflate_engine());
    ~GzipMembers();
    GzipMembers(const GzipMembers&) = delete;
    GzipMembers& operator=(const GzipMembers&) = delete;

    /// Up to `size` decompressed bytes; 0 only at the end of the input.
    std::size_t read(char* out, std::size_t size);

    /// Decompressed bytes given by read() so far.
    std::uint64_t position() const { return position_; }
    /// The input offset of the member holding the decompressed byte at `position` (a position not
    /// yet forgotten: see forget_before); for uncompressed input, `position` itself.
    std::uint64_t input_offset(std::uint64_t position) const;
    /// Positions before this will not be asked about again (keeps the member list short).
    void forget_before(std::uint64_t position);

    bool compressed() const { return compressed_; }
    InflateEngine engine() const { return engine_; }
    /// Problems met since the last call (a damaged member, a cut-short end), each with the input
    /// offset of the member and the decompressed position where its bytes stop.
    struct Problem {
        std::uint64_t input_offset = 0;
        std::uint64_t position = 0;
        std::string message;
    };
    std::vector<Problem> take_problems();
    bool has_problems() const { return !problems_.empty(); }
    /// The input offset of the member of the first problem not taken (has_problems() first).
    std::uint64_t first_problem_offset() const { return problems_.front().input_offset; }

private:
    bool fill_input();
    void start_member();
    void skip_to_next_member(const std::string& why);

    class Inflater;
    class ZlibInflater;
    class IsalInflater;
    ByteSource source_;
    InflateEngine engine_;
    std::unique_ptr<Inflater> inflater_;
    std::vector<unsigned char> input_;
    std::size_t input_pos_ = 0, input_end_ = 0;
    std::uint64_t input_base_ = 0;  ///< input offset of input_[0]
    bool input_done_ = false;
    bool started_ = false, compressed_ = false, in_member_ = false;
    std::uint64_t position_ = 0;
    struct MemberStart {
        std::uint64_t position;
        std::uint64_t input_offset;
    };
    std::deque<MemberStart> members_;
    std::vector<Problem> problems_;
};

}  // namespace sharitories
