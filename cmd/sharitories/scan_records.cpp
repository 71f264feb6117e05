// `sharitories scan --cc-records FILE.csv`: the night's scan over records picked in Common Crawl's
// index (lib/scan/record_scan.h) instead of searches: the same database, run journal, shortlist,
// --out, --format, --changes and exit codes as a scan's. cmd_scan.cpp parses the options.
#include "scan_records.h"

#include <fmt/core.h>

#include <chrono>
#include <csignal>

#include "cmd_changes.h"
#include "console.h"
#include "exit_codes.h"
#include "input/data_files.h"
#include "preflight.h"
#include "query/query_builder.h"
#include "rank/town_ranking.h"
#include "run_lock.h"
#include "scan/current_shortlist.h"
#include "scan/plan.h"
#include "scan/record_scan.h"
#include "scan/stop_signals.h"

namespace sharitories::cli {
namespace {

/// The records of the CSV; a malformed file is refused whole, each bad row named (exit 2).
std::vector<CcRecord> load_records(const std::string& file, std::size_t max_length) {
    auto text = read_text_file(file);
    if (!text.ok()) fail_input(text.errors);
    auto records = read_cc_records(text.value, std::filesystem::path(file).filename().string(), max_length);
    if (!records.ok()) fail_input(records.errors);
    for (const auto& warning : records.warnings) say(LogLevel::warning, format_error(warning));
    return std::move(records.value);
}

/// --cc-base-url: an http:// or https:// address.
std::string checked_base_url(const std::string& url) {
    if (!url.starts_with("http://") && !url.starts_with("https://"))
        fail({fmt::format("--cc-base-url {}: an http:// or https:// address is needed (as in {})", url,
                          default_cc_base_url)},
             exit_usage);
    return url.ends_with('/') ? url : url + "/";
}

/// Shown on a terminal four times a second; elsewhere every 100 records or every minute.
class RecordProgress {
public:
    void operator()(int done, int total) {
        const auto now = std::chrono::steady_clock::now();
        const bool last = done == total;
        const bool due = Console::get().live() ? last || now - shown_at_ >= std::chrono::milliseconds(250)
                                               : last || done % 100 == 0 || now - shown_at_ >= std::chrono::minutes(1);
        if (!due) return;
        shown_at_ = now;
        Console::get().progress(fmt::format("records {}/{}", done, total), {{"records_done", done}, {"records", total}},
                                true);
    }

private:
    std::chrono::steady_clock::time_point shown_at_{};
};

void print_report(const RecordScanReport& report, std::size_t towns, std::chrono::steady_clock::duration elapsed) {
    constexpr std::size_t problems_shown = 10;
    for (std::size_t i = 0; i < report.problems.size() && i < problems_shown; ++i)
        say(LogLevel::warning, report.problems[i]);
    if (report.problems.size() > problems_shown)
        say(LogLevel::warning, fmt::format("… and {} more records failed", report.problems.size() - problems_shown));
    const double seconds = std::chrono::duration<double>(elapsed).count();
    const std::string summary = fmt::format(
        "summary: {} town{}; records {} listed: {} already recorded (not fetched again){}, {} fetched ({} pages "
        "classified, {} holding no page), {} failed (tried again next run); {} evidence rows; no searches; {:.0f} s",
        towns, towns == 1 ? "" : "s", report.records, report.known,
        report.abandoned ? fmt::format(", {} left after {} failed reads", report.abandoned, max_page_failures) : "",
        report.fetched + report.not_pages + report.failed, report.fetched, report.not_pages, report.failed,
        report.evidence_rows, seconds);
    Console::get().say(report.status == RunStatus::done ? LogLevel::info : LogLevel::warning, summary,
                       {{"event", "summary"},
                        {"summary",
                         {{"towns", towns}, {"records", report.records}, {"records_known", report.known},
                          {"records_abandoned", report.abandoned}, {"records_fetched", report.fetched},
                          {"records_not_pages", report.not_pages}, {"records_failed", report.failed},
                          {"evidence_rows", report.evidence_rows}, {"seconds", seconds}}}},
                       report.status != RunStatus::done);
}

}  // namespace

int scan_records(ScanRecordsOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    const std::string base_url = checked_base_url(options.base_url);
    const auto records = load_records(options.records_file, options.fetch.max_body_bytes);
    auto list = load_city_list(options.selection);
    auto towns = select(list, options.selection);
    auto keywords = load_keyword_set(options.keywords_dir);
    // coverage in the shortlist is still that of the towns' searches, as scan plans them
    const AmbiguousNames ambiguous(keywords.ambiguous_names, list.cities);
    const auto queries = build_queries(towns, keywords.keywords, ambiguous);
    options.fetch.log = [](const std::string& line) { say(LogLevel::note, line); };

    RunLock lock(options.db);
    auto store = open_store(options.db, Store::Open::create);
    const ClassifierData classifier(keywords, list.cities);
    ScanControl control;
    StopSignals signals([&control](int signal) {
        Console::get().end_progress();
        say(LogLevel::warning, "stopping: no new record is fetched; what was read is being recorded (a second signal "
                               "ends the process at once)");
        control.stop(signal);
    });
    RecordScanSettings settings;
    settings.base_url = base_url;
    settings.workers = options.workers;
    settings.log = [](const std::string& line) { say(LogLevel::info, line); };
    settings.progress = RecordProgress();
    RecordScanReport report;
    {
        auto fetcher = make_curl_fetcher(options.fetch);
        say(LogLevel::info, fmt::format("reading {} Common Crawl records of {} for {} towns (no searches), database {}",
                                        records.size(), options.records_file, towns.size(), options.db));
        try {
            report = run_record_scan({towns, records, classifier}, *fetcher, *store, settings, &control);
        } catch (const std::exception& error) {  // the store: the run cannot go on
            fail({error.what()}, exit_failed);
        }
    }
    Console::get().end_progress();
    print_report(report, towns.size(), std::chrono::steady_clock::now() - started);
    switch (report.status) {
        case RunStatus::interrupted:
            Console::get().say(LogLevel::warning,
                               fmt::format("interrupted: the records read are kept in {}; the next scan --cc-records "
                                           "goes on from there",
                                           options.db),
                               nlohmann::json::object(), true);
            return control.signal() == SIGTERM ? exit_terminated : exit_interrupted;
        case RunStatus::failed:
            say(LogLevel::error, fmt::format("most records could not be fetched or read (is --cc-base-url {} right?): "
                                             "no shortlist written",
                                             base_url));
            return exit_failed;
        case RunStatus::partial:
        case RunStatus::done:
            break;
    }
    const auto ranking = current_ranking(*store, towns, queries, options.weights);
    try {
        record_run_snapshot(*store, report.run.id, ranking);
    } catch (const StoreError& error) {
        fail({error.what()}, exit_failed);
    }
    std::vector<Sheet> sheets{{"shortlist", shortlist_table(ranking, options.top)}};
    if (writes_workbook(options.output)) {
        std::vector<std::string> codes;
        for (const auto& town : towns) codes.push_back(town.insee);
        const auto evidence = codes.empty() ? std::vector<Evidence>{} : store->current_evidence(codes);
        sheets.push_back({"evidence", with_archive_columns(evidence_table(evidence), evidence)});
        sheets.push_back({"changes", latest_changes_table(*store)});
    }
    write_output(sheets, options.output);
    if (!options.changes.empty()) write_changes_file(*store, options.changes, options.output.csv_excel);
    return report.status == RunStatus::partial ? exit_partial : exit_done;
}

}  // namespace sharitories::cli
