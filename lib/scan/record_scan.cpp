#include "scan/record_scan.h"

#include <fmt/core.h>

#include "scan/classify_pool.h"
#include "scan/plan.h"
#include "scan/recorder.h"
#include "warc/gzip_members.h"
#include "warc/warc_reader.h"

namespace sharitories {
namespace {

/// "2024-02-21T08:15:02Z" from a WARC-Date (WARC 1.1 allows a fraction of a second: dropped), as
/// the store writes dates; nullopt if it is no date.
std::optional<std::string> warc_date(std::string_view date) {
    if (date.size() > 20 && date[19] == '.' && date.back() == 'Z') date = date.substr(0, 19);
    else if (date.size() == 20 && date.back() == 'Z') date.remove_suffix(1);
    else return std::nullopt;
    const std::string iso = std::string(date) + "Z";
    if (!parse_iso(iso)) return std::nullopt;
    return iso;
}

std::string where(const CcRecord& record) {
    return fmt::format("{} at {}", record.source.warc_filename, record.source.warc_record_offset);
}

}  // namespace

FetchRequest record_request(const CcRecord& record, std::string_view base_url, std::uint64_t id) {
    FetchRequest request;
    request.url = std::string(base_url);
    if (!request.url.ends_with('/')) request.url += '/';
    request.url += record.source.warc_filename;
    request.id = id;
    const std::uint64_t first = record.source.warc_record_offset;
    request.headers.push_back(fmt::format("Range: bytes={}-{}", first, first + record.source.warc_record_length - 1));
    request.content = ContentPolicy::api;
    request.obey_robots = false;
    request.allow_private = true;  // the user's --cc-base-url, as a --search-url: not an address from the web
    request.slow_down_503 = true;  // Amazon S3's "503 SlowDown", which the data host answers the impatient
    return request;
}

std::optional<RecordPage> read_fetched_record(const CcRecord& record, const FetchResult& result,
                                              FetchRefusal& refusal) {
    const std::uint64_t length = record.source.warc_record_length;
    if (!result.ok()) {
        refusal = {result.error, result.attempts > 1 ? fmt::format("{} ({} attempts)", result.error_detail, result.attempts)
                                                     : result.error_detail};
        return std::nullopt;
    }
    if (result.status == 200) {
        refusal = {FetchError::http_status,
                   fmt::format("HTTP 200: the server sent the whole file ({} bytes), not the record's {} bytes: it "
                               "ignored the Range request",
                               result.body.size(), length)};
        return std::nullopt;
    }
    if (result.status != 206) {
        refusal = {FetchError::http_status, fmt::format("HTTP {}: a 206 (Partial Content) with the record's bytes was "
                                                        "expected",
                                                        result.status)};
        return std::nullopt;
    }
    if (result.body.size() != length) {
        refusal = {FetchError::other, fmt::format("the server sent {} bytes for a record of {} bytes (warc_record_length)",
                                                  result.body.size(), length)};
        return std::nullopt;
    }
    WarcReader reader(memory_source(result.body));
    WarcRecord warc;
    WarcProblem problem;
    const auto step = reader.next(warc, problem);
    if (step != WarcReader::Step::record) {
        refusal = {FetchError::other,
                   fmt::format("no WARC record in these bytes ({}): is warc_record_offset right?",
                               step == WarcReader::Step::problem ? problem.message : "nothing read")};
        return std::nullopt;
    }
    if (warc.target_uri() != record.url) {
        refusal = {FetchError::other, fmt::format("the record there is of {}, not of the CSV's URL: is "
                                                  "warc_record_offset right?",
                                                  warc.target_uri().empty() ? "no URL" : std::string(warc.target_uri()))};
        return std::nullopt;
    }
    std::string why;
    auto page = record_page(warc, why);
    if (!page) {
        refusal = {FetchError::bad_content_type, "the record holds no page: " + why};
        return std::nullopt;
    }
    if (!page->html) {
        refusal = {FetchError::bad_content_type,
                   "a WET conversion record (extracted text): the records to read are WARC response records"};
        return std::nullopt;
    }
    const auto date = warc_date(page->date);
    if (!date) {
        refusal = {FetchError::other, fmt::format("WARC-Date '{}' is not a date", page->date)};
        return std::nullopt;
    }
    page->date = *date;
    return page;
}

bool record_due(const std::optional<PageRecord>& page) {
    if (!page) return true;
    if (page->error == FetchError::none || page->error == FetchError::bad_content_type) return false;
    return page->failures < max_page_failures;
}

Table with_archive_columns(Table evidence, const std::vector<Evidence>& rows) {
    evidence.columns.push_back({"crawl", ColumnType::text});
    evidence.columns.push_back({"warc_filename", ColumnType::text});
    evidence.columns.push_back({"warc_record_offset", ColumnType::integer});
    evidence.columns.push_back({"warc_record_length", ColumnType::integer});
    for (std::size_t i = 0; i < evidence.rows.size() && i < rows.size(); ++i) {
        const ArchiveSource& source = rows[i].archive;
        auto& cells = evidence.rows[i];
        cells.push_back(source.crawl);
        cells.push_back(source.warc_filename);
        cells.push_back(source.empty() ? "" : std::to_string(source.warc_record_offset));
        // wet's lines give no length (it reads whole files): 0, no record's length
        cells.push_back(source.warc_record_length == 0 ? "" : std::to_string(source.warc_record_length));
    }
    return evidence;
}

RecordScanReport run_record_scan(const RecordScanInputs& inputs, Fetcher& fetcher, Store& store,
                                 const RecordScanSettings& settings, ScanControl* control) {
    const auto clock = [&] { return settings.now ? settings.now() : std::chrono::system_clock::now(); };
    auto log = [&](const std::string& line) {
        if (settings.log) settings.log(line);
    };
    const ControlAttachment attachment(control, fetcher);
    if (const int killed = store.close_abandoned_runs())
        log(fmt::format("{} earlier run{} ended without finishing (killed?): what {} recorded is kept", killed,
                        killed == 1 ? "" : "s", killed == 1 ? "it" : "they"));

    RecordScanReport report;
    report.records = static_cast<int>(inputs.records.size());
    report.run.started_at = to_iso(clock());
    report.run.towns = static_cast<int>(inputs.selected.size());
    report.run.id = store.begin_run(report.run.started_at, report.run.towns, 0);
    store.save_run_towns(report.run.id, inputs.selected);

    Recorder recorder(store, report.run.id);
    std::vector<const CcRecord*> due;  // request id → record
    std::vector<int> earlier_failures;
    for (const auto& record : inputs.records) {
        const auto page = recorder.known_page(record.source.key());
        if (!record_due(page)) {
            ++(page->error == FetchError::none || page->error == FetchError::bad_content_type ? report.known
                                                                                              : report.abandoned);
            continue;
        }
        due.push_back(&record);
        earlier_failures.push_back(page ? page->failures : 0);
    }
    log(fmt::format("{} records to fetch from {}{}{}", due.size(), settings.base_url,
                    report.known ? fmt::format("; {} already recorded, not fetched again", report.known) : "",
                    report.abandoned ? fmt::format("; {} left after {} failed reads", report.abandoned, max_page_failures)
                                     : ""));

    const auto stopping = [&] { return control && control->stopping(); };
    try {
        ClassifyPool pool(settings.workers, inputs.classifier,
                          [&](const PageRecord& page, std::vector<Evidence> evidence) { recorder.page(page, evidence); });
        for (std::size_t i = 0; i < due.size() && !stopping(); ++i)
            fetcher.submit(record_request(*due[i], settings.base_url, i));
        int done = 0;
        fetcher.run([&](FetchResult result) {
            recorder.tick();
            const CcRecord& record = *due.at(result.id);
            PageRecord page;
            page.url = record.source.key();
            page.final_url = record.url;
            page.status = result.status;
            page.content_type = result.content_type;
            page.archive = record.source;
            FetchRefusal refusal;
            auto archived = read_fetched_record(record, result, refusal);
            if (archived) {
                page.final_url = archived->url;
                page.charset = archived->charset;
                page.fetched_at = archived->date;  // when Common Crawl fetched it
                ++report.fetched;
                pool.push({std::move(page), std::move(archived->text)});
            } else {
                page.error = refusal.error;
                page.error_detail = refusal.detail;
                page.fetched_at = to_iso(clock());
                if (refusal.error == FetchError::bad_content_type) {
                    ++report.not_pages;
                } else {
                    page.failures = earlier_failures.at(result.id) + 1;
                    ++report.failed;
                    report.problems.push_back(fmt::format("{} ({}): {}", record.url, where(record), refusal.detail));
                }
                recorder.page(page, {});
            }
            if (settings.progress) settings.progress(++done, static_cast<int>(due.size()));
        });
        pool.finish();
        recorder.flush();
    } catch (const std::exception& error) {
        report.run.status = "failed";
        report.run.finished_at = to_iso(clock());
        report.run.note = std::string("stopped by an error: ") + error.what();
        store.finish_run(report.run);
        throw;
    }
    report.evidence_rows = recorder.evidence_rows();

    const int read = report.fetched + report.not_pages;
    if (stopping()) report.status = RunStatus::interrupted;
    else if (report.failed > 0 && report.failed > read) report.status = RunStatus::failed;
    else if (report.failed > 0) report.status = RunStatus::partial;
    static constexpr const char* status_names[] = {"done", "partial", "failed", "interrupted"};
    report.run.status = status_names[static_cast<int>(report.status)];
    report.run.finished_at = to_iso(clock());
    report.run.pages_fetched = read;
    report.run.pages_failed = report.failed;
    report.run.evidence = report.evidence_rows;
    report.run.note = fmt::format("Common Crawl records: {} listed, {} already recorded, {} read ({} pages, {} holding "
                                  "none), {} failed{}",
                                  report.records, report.known, read, report.fetched, report.not_pages, report.failed,
                                  stopping() ? "; interrupted by a signal" : "");
    store.finish_run(report.run);
    return report;
}

}  // namespace sharitories
