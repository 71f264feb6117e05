#include "warc/warc_reader.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace sharitories {

namespace {

constexpr std::size_t read_chunk = 64 * 1024;
/// A Content-Length past this (1 TiB) is taken as a damaged header, not as a record to read.
constexpr std::uint64_t max_content_length = std::uint64_t{1} << 40;

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
               return lower(x) == lower(y);
           });
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

/// The start of a line, shown in a problem: printable ASCII, at most 40 characters.
std::string shown(std::string_view line) {
    std::string out;
    for (char c : line.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return out + (line.size() > 40 ? "…" : "");
}

}  // namespace

std::string_view WarcRecord::field(std::string_view name) const {
    for (const auto& field : fields)
        if (same_name(field.name, name)) return field.value;
    return {};
}

std::string_view WarcRecord::target_uri() const {
    std::string_view uri = field("WARC-Target-URI");
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
    return uri;
}

WarcReader::WarcReader(ByteSource source, WarcLimits limits, InflateEngine engine)
    : input_(std::move(source), engine), limits_(limits) {}

bool WarcReader::fill(std::size_t wanted) {
    if (buffer_.size() - pos_ >= wanted) return true;
    if (pos_ > 0) {
        buffer_.erase(0, pos_);
        buffer_position_ += pos_;
        pos_ = 0;
    }
    while (buffer_.size() < wanted && !at_end_) {
        const std::size_t old = buffer_.size();
        buffer_.resize(old + read_chunk);
        const std::size_t got = input_.read(buffer_.data() + old, read_chunk);
        buffer_.resize(old + got);
        if (got == 0) at_end_ = true;
    }
    return buffer_.size() >= wanted;
}

bool WarcReader::read_line(std::string_view& line, bool& too_long) {
    std::size_t scanned = 0;  // bytes after pos_ known to hold no LF
    for (;;) {
        const std::size_t lf = buffer_.find('\n', pos_ + scanned);
        if (lf != std::string::npos) {
            line = std::string_view(buffer_).substr(pos_, lf - pos_);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            pos_ = lf + 1;
            return true;
        }
        scanned = buffer_.size() - pos_;
        if (scanned > limits_.max_header_bytes) {
            too_long = true;
            pos_ = buffer_.size();
            return true;
        }
        if (!fill(scanned + 1)) {  // the input ends inside the line: it is taken, incomplete
            line = std::string_view(buffer_).substr(pos_);
            pos_ = buffer_.size();
            return false;
        }
    }
}

bool WarcReader::skip_to_record_start() {
    static constexpr std::string_view start = "\nWARC/";
    if (pos_ > 0) --pos_;  // the line before may have just ended
    else if (fill(5) && std::string_view(buffer_).substr(0, 5) == "WARC/") return true;
    for (;;) {
        const std::size_t found = buffer_.find(start, pos_);
        if (found != std::string::npos) {
            pos_ = found + 1;
            return true;
        }
        pos_ = std::max(pos_, buffer_.size() >= start.size() ? buffer_.size() - (start.size() - 1) : 0);
        if (!fill(buffer_.size() - pos_ + read_chunk) && buffer_.size() - pos_ < start.size()) {
            pos_ = buffer_.size();
            return false;
        }
    }
}

WarcReader::Step WarcReader::fail(WarcProblem& problem, std::uint64_t offset, std::string message) {
    problem.offset = offset;
    problem.message = std::move(message);
    resync_ = true;
    return Step::problem;
}

bool WarcReader::gzip_trouble(WarcProblem& problem) {
    for (auto& found : input_.take_problems()) pending_.push_back(std::move(found));
    if (pending_.empty()) return false;
    // One problem per call; a later one (another damaged member) waits for the next.
    const GzipMembers::Problem first = std::move(pending_.front());
    pending_.pop_front();
    problem.offset = first.input_offset;
    problem.message = first.message;
    // What the damaged member gave is not to be trusted: go on after it, at the next member, which
    // starts a record in a gzip-per-record file (if not, the next call says so and looks further).
    // Every byte given so far is in buffer_, so the position is in it or already passed.
    if (first.position > buffer_position_ + pos_) pos_ = static_cast<std::size_t>(first.position - buffer_position_);
    resync_ = false;
    return true;
}

WarcReader::Step WarcReader::next(WarcRecord& record, WarcProblem& problem) {
    if (resync_) {
        resync_ = false;
        skip_to_record_start();
    }
    // between records: the empty lines that end the last one
    while (fill(1) && (buffer_[pos_] == '\r' || buffer_[pos_] == '\n')) ++pos_;
    const std::uint64_t start = buffer_position_ + pos_;
    const std::uint64_t offset = input_.input_offset(start);
    if (gzip_trouble(problem)) return Step::problem;  // garbage or damage before this record
    if (pos_ == buffer_.size()) return Step::end;
    input_.forget_before(start);

    std::string_view line;
    bool too_long = false;
    const bool whole_line = read_line(line, too_long);
    if (gzip_trouble(problem)) return Step::problem;
    if (!whole_line && line.starts_with("WARC/"))
        return fail(problem, offset, fmt::format("the record at offset {} is cut short in its header", offset));
    if (too_long || !line.starts_with("WARC/"))
        return fail(problem, offset,
                    fmt::format("bytes at offset {} are not a WARC record (they start '{}')", offset,
                                shown(too_long ? std::string_view(buffer_).substr(0, 40) : line)));
    record.version.assign(line);
    record.fields.clear();
    record.block.clear();
    record.block_cut = false;
    record.offset = offset;
    std::size_t header_bytes = line.size();
    for (;;) {
        const bool more = read_line(line, too_long);
        if (gzip_trouble(problem)) return Step::problem;
        if (!more) {
            return fail(problem, offset, fmt::format("the record at offset {} is cut short in its header", offset));
        }
        header_bytes += line.size() + 1;
        if (too_long || header_bytes > limits_.max_header_bytes)
            return fail(problem, offset,
                        fmt::format("the record at offset {} has a header of more than {} bytes", offset,
                                    limits_.max_header_bytes));
        if (line.empty()) break;
        if ((line.front() == ' ' || line.front() == '\t') && !record.fields.empty()) {  // a folded line (§4)
            auto& value = record.fields.back().value;
            value += value.empty() ? "" : " ";
            value += trim(line);
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail(problem, offset,
                        fmt::format("the record at offset {} has a header line that is no field: '{}'", offset,
                                    shown(line)));
        record.fields.push_back({std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    }

    const std::string_view length_text = record.field("Content-Length");
    std::uint64_t length = 0;
    const auto [end, error] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (length_text.empty() || error != std::errc() || end != length_text.data() + length_text.size() ||
        length > max_content_length)
        return fail(problem, offset,
                    fmt::format("the record at offset {} has no valid Content-Length ('{}')", offset, shown(length_text)));
    record.content_length = length;
    const std::size_t keep = static_cast<std::size_t>(std::min<std::uint64_t>(length, limits_.max_block_bytes));
    record.block_cut = length > keep;
    record.block.reserve(keep);
    std::uint64_t remaining = length;
    while (remaining > 0) {
        const bool more = pos_ < buffer_.size() || fill(1);
        if (gzip_trouble(problem)) return Step::problem;
        if (!more) {
            return fail(problem, offset,
                        fmt::format("the record at offset {} is cut short: {} of its {} bytes", offset,
                                    length - remaining, length));
        }
        const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, buffer_.size() - pos_));
        if (record.block.size() < keep)
            record.block.append(buffer_, pos_, std::min(take, keep - record.block.size()));
        pos_ += take;
        remaining -= take;
    }
    for (int i = 0; i < 2 && fill(1); ++i) {  // CRLF CRLF after the block
        if (buffer_[pos_] == '\n') ++pos_;
        else if (buffer_[pos_] == '\r' && fill(2) && buffer_[pos_ + 1] == '\n') pos_ += 2;
        else break;
    }
    // the record's own member damaged at its end (its CRC), found reading the CRLFs: the record is
    // whole, but not to be trusted
    if (input_.has_problems() && input_.first_problem_offset() == offset) {
        gzip_trouble(problem);
        return Step::problem;
    }
    return Step::record;
}

}  // namespace sharitories
