#include "scan/changes_since.h"

#include <fmt/core.h>

#include <algorithm>
#include <regex>

#include "model/timestamp.h"

namespace sharitories {
namespace {

bool finished(const RunSummary& run) { return run.status == "done" || run.status == "partial"; }

/// "2026-11-30T02:00:00Z" → "2026-11-30 02:00 UTC"
std::string when(const std::string& iso) {
    if (iso.size() < 16) return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string scan_named(const RunSummary& run) { return fmt::format("scan #{} ({})", run.id, when(run.started_at)); }

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string> since_time(const std::string& text) {
    static const std::regex form(R"((\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?Z?)?)");
    std::smatch match;
    if (!std::regex_match(text, match, form)) return std::nullopt;
    const std::string iso = match[1].str() + "T" + (match[2].matched ? match[2].str() : "00:00") +
                            (match[3].matched ? match[3].str() : ":00") + "Z";
    if (!parse_iso(iso) || to_iso(*parse_iso(iso)) != iso) return std::nullopt;  // 2026-02-30 is no date
    return iso;
}

ChangesChoice choose_runs(const std::vector<RunSummary>& runs, const std::vector<std::int64_t>& with_snapshot,
                          const std::string& since) {
    const auto has_snapshot = [&](const RunSummary& run) {
        return std::find(with_snapshot.begin(), with_snapshot.end(), run.id) != with_snapshot.end();
    };
    std::vector<const RunSummary*> kept;  // finished, with a snapshot, in order
    bool any_finished = false;
    for (const auto& run : runs) {
        any_finished = any_finished || finished(run);
        if (finished(run) && has_snapshot(run)) kept.push_back(&run);
    }
    if (!any_finished) throw ChangesError("no scan has finished yet: there is nothing to compare");
    if (kept.empty())
        throw ChangesError("no scan has kept a snapshot of its shortlist yet (scans before this version of "
                           "sharitories keep none): the next scan will, and the one after it can be compared with it");
    ChangesChoice choice{*kept.back(), std::nullopt};
    const auto without_snapshot = [&](const RunSummary& run) {
        if (run.id > kept.front()->id)  // the process stopped between the end of the run and its snapshot
            return ChangesError(fmt::format("--since {}: {} kept no snapshot of its shortlist (the process stopped "
                                            "before it could): name another scan",
                                            since, scan_named(run)));
        return ChangesError(fmt::format("--since {}: {} is older than the snapshots (made before sharitories kept "
                                        "what each scan found); the oldest scan that can be compared with is {}",
                                        since, scan_named(run), scan_named(*kept.front())));
    };

    if (since.empty()) {
        if (kept.size() > 1) choice.before = *kept[kept.size() - 2];
        return choice;
    }
    if (all_digits(since)) {
        const auto id = std::stoll(since.substr(0, 18));
        const auto found = std::find_if(runs.begin(), runs.end(), [&](const RunSummary& run) { return run.id == id; });
        if (found == runs.end())
            throw ChangesError(fmt::format("--since {}: there is no scan #{} (the scans are #{} to #{})", since, since,
                                           runs.front().id, runs.back().id));
        if (!finished(*found))
            throw ChangesError(fmt::format("--since {}: {} did not finish ({}): only a finished scan (done or partial) "
                                           "has a snapshot to compare with",
                                           since, scan_named(*found), found->status));
        if (!has_snapshot(*found)) throw without_snapshot(*found);
        choice.before = *found;
        return choice;
    }
    const auto time = since_time(since);
    if (!time)
        throw ChangesError(fmt::format("--since {}: a scan number (as in 4) or a date or time in UTC (2026-11-30, "
                                       "2026-11-30T02:00) is needed",
                                       since));
    const RunSummary* last_finished = nullptr;
    for (const auto& run : runs)
        if (finished(run) && run.started_at < *time) last_finished = &run;
    const RunSummary* last_kept = nullptr;
    for (const RunSummary* run : kept)
        if (run->started_at < *time) last_kept = run;
    if (!last_finished) {
        const auto first = std::find_if(runs.begin(), runs.end(), finished);
        throw ChangesError(fmt::format("--since {}: no finished scan started before {} (the first started {})", since,
                                       when(*time), when(first->started_at)));
    }
    if (!last_kept) throw without_snapshot(*last_finished);
    choice.before = *last_kept;
    return choice;
}

ChangesReport changes_since(const Store& store, const std::string& since) {
    const auto runs = store.runs();
    ChangesReport report;
    report.choice = choose_runs(runs, store.snapshot_runs(), since);
    const auto& choice = report.choice;
    report.from_scan = choice.before ? scan_named(*choice.before) : "";
    report.to_scan = scan_named(choice.after);
    const auto after = store.snapshot(choice.after.id);
    if (!after) throw ChangesError(fmt::format("scan #{} has no snapshot", choice.after.id));
    if (choice.before && choice.before->id >= choice.after.id) {
        report.message = fmt::format("{} is the latest finished scan: compared with itself, no changes",
                                     scan_named(*choice.before));
        return report;
    }
    const auto before = choice.before ? store.snapshot(choice.before->id) : std::nullopt;
    report.changes = diff_snapshots(before ? &*before : nullptr,
                                    choice.before ? choice.before->started_at : choice.after.started_at, *after,
                                    store.initiatives());
    if (choice.before) {
        report.message = fmt::format("changes from {} to {}: {}", scan_named(*choice.before), scan_named(choice.after),
                                     changes_summary(report.changes));
    } else {
        report.message = fmt::format("{} is the first scan with a snapshot: compared against nothing, every initiative "
                                     "it counts and first saw has appeared: {}",
                                     scan_named(choice.after), changes_summary(report.changes));
    }
    return report;
}

}  // namespace sharitories
