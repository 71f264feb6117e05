// `sharitories changes`: what changed between two nights — initiatives that appeared, came back or
// disappeared, towns newly covered, ranks and pillar counts that moved — from the snapshots the
// store keeps of each finished scan (lib/scan/changes_since.h). Also `scan --changes FILE`.
#include "cmd_changes.h"

#include <unistd.h>

#include <fmt/core.h>

#include <filesystem>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "console.h"
#include "exit_codes.h"
#include "preflight.h"
#include "rank/run_changes.h"
#include "scan/changes_since.h"

namespace sharitories::cli {

const char* const changes_file_help =
    "At the end of a scan that finishes (exit 0 or 3), write what changed since the previous finished scan "
    "to FILE, as `sharitories changes` prints it, in the format its extension names (.csv, .tsv, .json, "
    ".jsonl, .md, .xlsx; else csv)";

namespace {

constexpr const char* changes_help =
    "Compares the snapshot the latest finished scan (done or partial) kept of its shortlist with an earlier "
    "one's: by default the finished scan before it; --since N the scan #N; --since DATE (2026-11-30, or a "
    "time: 2026-11-30T02:00; UTC, as the store keeps times) the last finished scan that started before it. "
    "Only the latest scan's towns are compared. One row per change:\n"
    "  appeared     an initiative counted now and not then, first seen since the earlier scan started: new\n"
    "  back         counted now and not then, but first seen before: found again after a gap, not new\n"
    "  disappeared  counted then and not now (its page lost the words, or is gone)\n"
    "  covered      a town with no searches answered then (or not in that scan) and some now\n"
    "  rank         a town's rank moved (not a town at zero both times)\n"
    "  count        a town's initiatives in a pillar moved, one row per pillar\n"
    "Columns: change, insee, city, pillar, initiative, url (the strongest page), first_seen and last_seen "
    "(when the scans saw the initiative), before and after (rank: the ranks; count: the initiatives; "
    "covered: the coverage, 0.00-1.00), from_scan and to_scan (the two scans compared, on every row). Sorted by "
    "kind in that order, then by town. Which scans are compared is also said on standard error; after the "
    "first scan, everything it first saw has appeared. Scans made before this version of sharitories kept no "
    "snapshot and cannot be compared with.";

/// The format FILE's extension names (.csv … .xlsx, in any case), else csv.
std::string format_of(const std::string& file) {
    const auto format = format_from_extension(file);
    return std::string(to_string(format.value_or(Format::csv)));
}

class ChangesCommand : public Command {
public:
    explicit ChangesCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("changes", "What changed since the previous scan: initiatives, coverage, ranks");
        set_footer(*app_, changes_help);
        app_->add_option("--db", db_, "SQLite file of the scans")->capture_default_str()->type_name("FILE");
        app_->add_option("--since", since_,
                         "The earlier scan: its number (as `4`), or a date or time in UTC (2026-11-30, "
                         "2026-11-30T02:00): the last finished scan that started before it. Default: the finished "
                         "scan before the latest")
            ->type_name("RUN|DATE");
        add_output_options(*app_, output_, {"csv", "tsv", "json", "jsonl", "md", "xlsx"});
    }

    int run() override {
        check_output_options(output_);
        if (app_->count("--since") > 0 && since_.empty())
            fail({"--since: give a scan number or a date (2026-11-30)"}, exit_usage);
        const auto store = open_store(db_, Store::Open::existing);
        ChangesReport report;
        try {
            report = changes_since(*store, since_);
        } catch (const ChangesError& error) {
            fail({fmt::format("{} ({})", error.what(), db_)}, exit_usage);
        }
        say(LogLevel::info, report.message);
        write_output(changes_table(report.changes, report.from_scan, report.to_scan), output_, "changes");
        return exit_done;
    }

private:
    std::string db_ = default_db;
    std::string since_;
    OutputOptions output_;
};

}  // namespace

void check_changes_file(const std::string& file) {
    if (file.empty() || file == "-")
        fail({"--changes: a file name is needed (standard output carries the shortlist)"}, exit_usage);
    refuse_unwritten_spreadsheet("--changes", file);
    require_writable("--changes", file);
}

void write_changes_file(const Store& store, const std::string& file, bool csv_excel) {
    ChangesReport report;
    try {
        report = changes_since(store, "");
    } catch (const std::exception& error) {
        fail({fmt::format("--changes {}: {}", file, error.what())}, exit_failed);
    }
    const std::string format = format_of(file);
    OutputOptions options;
    options.out = file;
    options.format = format;
    options.csv_excel = csv_excel && format == "csv";
    write_output(changes_table(report.changes, report.from_scan, report.to_scan), options, "changes");
    say(LogLevel::info, fmt::format("{}; written to {}", report.message, file));
}

Table latest_changes_table(const Store& store) {
    try {
        const auto report = changes_since(store, "");
        return changes_table(report.changes, report.from_scan, report.to_scan);
    } catch (const std::exception& error) {
        fail({fmt::format("the changes sheet: {}", error.what())}, exit_failed);
    }
}

std::unique_ptr<Command> make_changes_command(CLI::App& parent) { return std::make_unique<ChangesCommand>(parent); }

}  // namespace sharitories::cli
