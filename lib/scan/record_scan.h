// `scan --cc-records`: the crawl's fetch → classify → record over the records a study picked in
// Common Crawl's columnar index, instead of the pages searches find. No search is sent. Each record
// is fetched from the data host with an HTTP Range request (its bytes only: one gzip member),
// decompressed and read as one WARC record (warc/), and its page classified exactly as a fetched page
// (scan/classify_pool.h) and recorded as one (scan/recorder.h), dated by its WARC-Date, with the
// record as its source (ArchiveSource). An archived record never changes: one the store holds is not
// fetched again. lib/pipeline.cpp's search cycle is not involved; the run is journaled as a scan's.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/page_classifier.h"
#include "fetch/fetcher.h"
#include "input/cc_records_reader.h"
#include "model/city.h"
#include "model/timestamp.h"
#include "output/table.h"
#include "pipeline.h"
#include "store/store.h"
#include "warc/record_page.h"

namespace sharitories {

inline constexpr const char* default_cc_base_url = "https://data.commoncrawl.org/";

struct RecordScanSettings {
    std::string base_url = default_cc_base_url;  ///< where warc_filename is read from (--cc-base-url)
    int workers = 0;                             ///< classify threads; 0: one per core
    std::function<void(const std::string&)> log;
    /// After each record's answer: records answered so far, records to fetch.
    std::function<void(int done, int total)> progress;
    std::function<SystemTime()> now;  ///< the wall clock if unset
};

struct RecordScanReport {
    RunSummary run;  ///< as recorded in the store
    RunStatus status = RunStatus::done;
    int records = 0;    ///< in the list
    int known = 0;      ///< recorded by an earlier run: not fetched again
    int abandoned = 0;  ///< failed max_page_failures times in a row on earlier runs: not fetched again
    int fetched = 0;    ///< fetched, and their page classified
    int not_pages = 0;  ///< fetched, but holding no page (an HTTP 404 inside, an image …): recorded as such
    int failed = 0;     ///< not fetched or not readable: tried again by the next run
    int evidence_rows = 0;
    std::vector<std::string> problems;  ///< one per failed record, in words
};

struct RecordScanInputs {
    const std::vector<City>& selected;     ///< the run's towns (the shortlist's)
    const std::vector<CcRecord>& records;  ///< read_cc_records()
    const ClassifierData& classifier;      ///< built from the whole list: a page counts for every town it names
};

/// Fetches, reads, classifies and records the records not yet in `store`, journaled as a run. Throws
/// StoreError if the store fails (fatal); every other failure is in the report.
RecordScanReport run_record_scan(const RecordScanInputs& inputs, Fetcher& fetcher, Store& store,
                                 const RecordScanSettings& settings, ScanControl* control = nullptr);

/// `GET {base_url}{warc_filename}` with `Range: bytes={offset}-{offset + length - 1}`, the body kept
/// as received; robots.txt is not asked (a data set published for download, not a site crawled: the
/// records were fetched under robots.txt by Common Crawl's crawler); a 503 is read as "slow down".
FetchRequest record_request(const CcRecord& record, std::string_view base_url, std::uint64_t id);

/// The page of a fetched record — a 206 of exactly the record's length, one gzip member holding one
/// WARC response record of the CSV's URL, whose HTTP answer is a page — its date the record's
/// WARC-Date ("2024-02-21T08:15:02Z"). Otherwise nullopt and `refusal`: bad_content_type for a
/// record that holds no page (final: it will not change), another error for what the next run may
/// read better (the fetch failed, a 200 for the whole file, the wrong length, not a WARC record).
std::optional<RecordPage> read_fetched_record(const CcRecord& record, const FetchResult& result,
                                              FetchRefusal& refusal);

/// Whether a record known to the store as `page` (nullopt: never) is fetched this run: never
/// recorded, or its last reads failed fewer than max_page_failures times in a row. A record read
/// whole — a page, or one found to hold none — is never fetched again.
bool record_due(const std::optional<PageRecord>& page);

/// `evidence` (the rows of evidence_table, in the same order) with four columns appended: crawl,
/// warc_filename, warc_record_offset, warc_record_length — the record a row's page was read from,
/// empty for a page fetched from its site (the columns `sharitories wet` writes after the evidence).
Table with_archive_columns(Table evidence, const std::vector<Evidence>& rows);

}  // namespace sharitories
