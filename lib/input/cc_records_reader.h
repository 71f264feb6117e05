// Reads the records a study picked in Common Crawl's columnar index (`scan --cc-records FILE`): the
// CSV Amazon Athena writes for `sharitories cc-query`'s SQL — a header, every field quoted —
// with the columns url, warc_filename, warc_record_offset, warc_record_length found by name in any
// order (case aside), an optional crawl, and any other column ignored. Every bad row is reported
// with its place (FILE:LINE:COLUMN) and the file is refused: a record dropped silently would be a
// gap in the study that nobody sees.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "input/input_error.h"
#include "model/archive_source.h"

namespace sharitories {

struct CcRecord {
    std::string url;       ///< the page's address as the index has it: the record's WARC-Target-URI
    ArchiveSource source;  ///< crawl: the `crawl` column, else the CC-MAIN-YYYY-WW of warc_filename
    int line = 0;          ///< in the CSV, for messages
};

/// The columns a record needs (cc-query's SQL selects them, and more that are ignored).
inline constexpr std::string_view cc_record_required_columns[] = {"url", "warc_filename", "warc_record_offset",
                                                                  "warc_record_length"};

/// The records of `text`, in file order; a record listed twice (same file and offset) is kept once,
/// with a warning. A header without rows is no error (a query that matched nothing): no records.
/// `max_length`: the most bytes a record may have (the fetch engine's body cap).
Parsed<std::vector<CcRecord>> read_cc_records(std::string_view text, const std::string& file,
                                              std::uint64_t max_length);

}  // namespace sharitories
