// Where an archived page was read: one record of a Common Crawl WARC file, named as Common Crawl's
// columnar index names it (crawl, warc_filename, warc_record_offset, warc_record_length). A page
// fetched from its own site has none (empty()).
#pragma once

#include <cstdint>
#include <string>

namespace sharitories {

struct ArchiveSource {
    std::string crawl;                     ///< "CC-MAIN-2024-10"
    std::string warc_filename;             ///< "crawl-data/CC-MAIN-2024-10/segments/…/warc/….warc.gz"
    std::uint64_t warc_record_offset = 0;  ///< the first byte of the record's gzip member in the file
    std::uint64_t warc_record_length = 0;  ///< the member's length in bytes

    bool empty() const { return warc_filename.empty(); }
    /// "crawl-data/…/x.warc.gz@12345+6789": the record's one name (the store's key for its page).
    std::string key() const {
        return warc_filename + "@" + std::to_string(warc_record_offset) + "+" + std::to_string(warc_record_length);
    }

    bool operator==(const ArchiveSource&) const = default;
};

}  // namespace sharitories
