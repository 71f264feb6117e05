// The map step over one archive (`sharitories wet`): every record of a WARC or WET file read in
// turn (warc_reader.h), each page in it classified exactly as a fetched page is (record_page.h), and
// its evidence for the selected towns handed on, with the record it came from. One thread: a
// cluster runs one process per file and per core (GNU parallel, Hadoop Streaming, Spark's pipe).
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "classify/page_classifier.h"
#include "model/evidence.h"
#include "warc/record_page.h"
#include "warc/warc_reader.h"

namespace sharitories {

/// Where a piece of evidence was read: the crawl and the record (Common Crawl's index names).
struct RecordSource {
    std::string crawl;          ///< "CC-MAIN-2024-10": the warcinfo's isPartOf, else the file's name
    std::string warc_filename;  ///< as given, or the warcinfo's WARC-Filename for stdin
    std::uint64_t warc_record_offset = 0;
};

struct ArchiveSettings {
    std::set<std::string> towns;      ///< INSEE codes evidence is kept for; empty: every town
    /// Records whose identified languages (WARC-Identified-Content-Language, Common Crawl's: "fra,eng")
    /// do not include this one are not classified; "" classifies every record. A record without the
    /// field is classified.
    std::string language = "fra";
    std::string crawl;                ///< the crawl's name if the caller knows it; else read from the file
    std::string filename;             ///< the archive's name as reported
};

struct ArchiveStats {
    std::uint64_t records = 0;       ///< read whole
    std::uint64_t pages = 0;         ///< classified
    std::uint64_t other_language = 0;
    std::uint64_t not_pages = 0;     ///< warcinfo, requests, metadata, images, 404s …
    std::uint64_t evidence = 0;      ///< rows handed on
    std::uint64_t problems = 0;      ///< bad records skipped
    std::uint64_t input_bytes = 0;   ///< decompressed bytes of the records read
    bool cut_short = false;          ///< the input ended inside a record: the file is incomplete
};

/// Reads the whole archive from `source`: `emit` gets each evidence row with its source, `problem`
/// each bad record (the reading goes on after it). Throws only what `source` throws.
ArchiveStats read_archive_evidence(ByteSource source, const ClassifierData& classifier,
                                   const ArchiveSettings& settings,
                                   const std::function<void(const Evidence&, const RecordSource&)>& emit,
                                   const std::function<void(const WarcProblem&)>& problem);

/// The evidence rows of a record's page, fetched_at its crawl date.
std::vector<Evidence> record_evidence(const RecordPage& page, const ClassifierData& classifier);

/// "CC-MAIN-2024-10" if `text` holds a crawl's name (a path, a warcinfo block), else "".
std::string crawl_name_in(std::string_view text);

}  // namespace sharitories
