// WARC/WET reading (lib/warc): any bytes, as an uncompressed file and as the same bytes cut into
// gzip members (one per piece, as Common Crawl writes one per record).
// Invariants: the reader ends, in a number of steps bounded by the input, without throwing; a record
// keeps min(Content-Length, cap) bytes of its block and says whether it cut; offsets never go back;
// the records read from the gzip members are exactly those read from the plain bytes (compression
// changes offsets, never what is read), with zlib and with ISA-L alike, and the two inflaters read
// the input bytes themselves (whatever gzip they hold) the same way; a record's page, when it has
// one, is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "warc/record_page.h"
#include "warc/warc_reader.h"
#include "warc/warc_builder.h"

namespace {

using namespace sharitories;

struct Read {
    std::vector<WarcRecord> records;
    std::size_t problems = 0;
};

Read read_all(const std::string& bytes, const WarcLimits& limits, const std::string& what,
              InflateEngine engine = InflateEngine::zlib) {
    WarcReader reader(memory_source(bytes), limits, engine);
    Read out;
    WarcRecord record;
    WarcProblem problem;
    std::uint64_t last_offset = 0;
    for (std::size_t steps = 0;; ++steps) {
        FUZZ_CHECK(steps <= bytes.size() + 2, what + ": the reader does not end");
        const auto step = reader.next(record, problem);
        if (step == WarcReader::Step::end) return out;
        if (step == WarcReader::Step::problem) {
            ++out.problems;
            continue;
        }
        const std::uint64_t kept = std::min<std::uint64_t>(record.content_length, limits.max_block_bytes);
        FUZZ_CHECK(record.block.size() == kept, what + ": a block of " + std::to_string(record.block.size()) +
                                                    " bytes for Content-Length " + std::to_string(record.content_length));
        FUZZ_CHECK(record.block_cut == (record.content_length > limits.max_block_bytes), what + ": block_cut wrong");
        FUZZ_CHECK(record.offset >= last_offset && record.offset < bytes.size(), what + ": offset out of order");
        last_offset = record.offset;
        std::string why;
        if (auto page = record_page(record, why, 4096))
            FUZZ_CHECK(fuzz::is_valid_utf8(page->text), what + ": a page that is not UTF-8");
        out.records.push_back(record);
    }
}

void check_same(const Read& a, const Read& b, const std::string& what) {
    FUZZ_CHECK(a.records.size() == b.records.size(), what + ": " + std::to_string(a.records.size()) + " records vs " +
                                                         std::to_string(b.records.size()));
    for (std::size_t i = 0; i < a.records.size(); ++i) {
        const auto& x = a.records[i];
        const auto& y = b.records[i];
        FUZZ_CHECK(x.version == y.version && x.block == y.block && x.content_length == y.content_length &&
                       x.fields.size() == y.fields.size(),
                   what + ": record " + std::to_string(i) + " differs: '" + fuzz::escape(x.block) + "' vs '" +
                       fuzz::escape(y.block) + "'");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string plain(fuzz::as_text(data, size));
    const WarcLimits limits{.max_header_bytes = 1024, .max_block_bytes = 512};
    const Read from_plain = read_all(plain, limits, "plain");
    if (has_inflate_engine(InflateEngine::isa_l)) {  // the input as it is (gzip or not) read by both inflaters
        const Read isal = read_all(plain, limits, "plain, ISA-L", InflateEngine::isa_l);
        check_same(from_plain, isal, "zlib vs ISA-L on the input");
        FUZZ_CHECK(from_plain.problems == isal.problems, "zlib and ISA-L meet a different number of problems");
    }

    // the same bytes in gzip members, cut after each "\r\n\r\n" that ends a block (or anywhere)
    std::string members;
    std::size_t start = 0;
    for (std::size_t at = plain.find("\r\n\r\n"); at != std::string::npos; at = plain.find("\r\n\r\n", at + 4)) {
        members += test::gzip_member(plain.substr(start, at + 4 - start), 1);
        start = at + 4;
    }
    if (start < plain.size() || members.empty()) members += test::gzip_member(plain.substr(start), 1);
    if (plain.size() >= 3 && static_cast<unsigned char>(plain[0]) == 0x1f && static_cast<unsigned char>(plain[1]) == 0x8b)
        return 0;  // the plain bytes were read as gzip themselves: nothing to compare
    check_same(from_plain, read_all(members, limits, "gzip members"), "plain vs gzip members (zlib)");
    if (has_inflate_engine(InflateEngine::isa_l))
        check_same(from_plain, read_all(members, limits, "gzip members, ISA-L", InflateEngine::isa_l),
                   "plain vs gzip members (ISA-L)");
    return 0;
}
