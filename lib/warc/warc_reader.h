// Reads WARC records one at a time from a .warc, .warc.gz or .warc.wet.gz file (ISO 28500:2017,
// WARC 1.1 §4–5: a version line, named fields, an empty line, a block of Content-Length bytes, two
// CRLFs), streaming, in bounded memory: a record's block is kept up to a cap and the rest skipped.
//
// Departures, for reading other people's archives: WARC/1.0 and WARC/1.1 are both read (1.1 changed
// fields, not the syntax); a bare LF ends a line as CRLF does; a bad record (no version line, no
// Content-Length, a header past its limit, a damaged gzip member) is reported with its offset and
// the reader goes on from the next line that starts "WARC/" (the next member, in a gzip-per-record
// file); a record cut short by the end of the file is reported, not returned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "warc/gzip_members.h"

namespace sharitories {

struct WarcField {
    std::string name;   ///< as written ("WARC-Target-URI")
    std::string value;  ///< white space around it removed, folded lines joined by a space
};

struct WarcRecord {
    std::string version;  ///< "WARC/1.1"
    std::vector<WarcField> fields;
    std::uint64_t content_length = 0;  ///< as declared
    std::string block;                 ///< the first WarcLimits::max_block_bytes of the block
    bool block_cut = false;            ///< the block was longer than that: the rest was skipped
    /// Where the record starts: the input offset of its gzip member (one member per record, as
    /// Common Crawl writes them: its warc_record_offset), or its byte offset in an uncompressed file.
    std::uint64_t offset = 0;

    /// The first field named `name` (compared without case), "" if none.
    std::string_view field(std::string_view name) const;
    std::string_view type() const { return field("WARC-Type"); }
    std::string_view target_uri() const;  ///< WARC-Target-URI, without the <> WARC 1.0 writers put around it
    std::string_view date() const { return field("WARC-Date"); }
};

struct WarcLimits {
    std::size_t max_header_bytes = 64 * 1024;     ///< a record's named fields, all together
    std::size_t max_block_bytes = 8 * 1024 * 1024;  ///< kept of a block (a page is capped at 5 MiB anyway)
};

struct WarcProblem {
    std::uint64_t offset = 0;  ///< as WarcRecord::offset
    std::string message;
};

class WarcReader {
public:
    explicit WarcReader(ByteSource source, WarcLimits limits = {}, InflateEngine engine = default_inflate_engine());

    enum class Step { record, problem, end };
    /// The next record (in `record`, whose buffers are reused), or a problem met on the way to it
    /// (in `problem`; call again to go on), or the end of the input.
    Step next(WarcRecord& record, WarcProblem& problem);

private:
    bool fill(std::size_t wanted);
    /// The next line, without its CRLF or LF; false when the input ends inside it (the rest is given,
    /// and consumed). `too_long`: no line end within the header's limit (all of it consumed).
    bool read_line(std::string_view& line, bool& too_long);
    bool skip_to_record_start();
    Step fail(WarcProblem& problem, std::uint64_t offset, std::string message);
    bool gzip_trouble(WarcProblem& problem);

    GzipMembers input_;
    WarcLimits limits_;
    std::string buffer_;
    std::size_t pos_ = 0;
    std::uint64_t buffer_position_ = 0;  ///< decompressed position of buffer_[0]
    bool at_end_ = false;
    bool resync_ = false;  ///< the last record was bad: look for the next "WARC/" line first
    std::deque<GzipMembers::Problem> pending_;  ///< gzip problems met, not reported yet
};

}  // namespace sharitories
