// What changed between two nights (`sharitories changes`, `scan --changes`): the snapshot a finished
// scan left (model/run_snapshot.h) compared with an earlier one's. Pure: no store, no clock.
//
// Only the later run's towns are compared. For each of them:
//   appeared     an initiative in the later snapshot, not in the earlier, first seen since the earlier
//                run started: new
//   back         the same, but first seen before the earlier run started: found again after a gap
//                (its page failed or lost the word for a while), not new
//   disappeared  an initiative in the earlier snapshot, not in the later
//   covered      a town without coverage before (absent from the earlier snapshot, or at 0) and with
//                some now (before → after: the share of its searches answered)
//   rank         a town of both snapshots whose rank moved (not a town at zero both times: its place
//                among the others at zero says nothing)
//   count        a town of both snapshots whose initiatives in a pillar moved, one row per pillar
// Without an earlier snapshot (the first scan), every initiative has appeared.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/evidence.h"
#include "model/run_snapshot.h"
#include "output/table.h"
#include "rank/town_ranking.h"

namespace sharitories {

enum class ChangeKind { appeared, back, disappeared, covered, rank, count };

std::string_view to_string(ChangeKind kind);

struct Change {
    ChangeKind kind{};
    std::string insee;
    std::string city;
    std::optional<Pillar> pillar;  ///< appeared, back, disappeared, count
    std::string initiative;        ///< appeared, back, disappeared
    std::string url;
    std::string first_seen;        ///< from the store's initiatives table; "" if it does not know it
    std::string last_seen;
    std::optional<double> before;  ///< rank, count: the number; covered: the coverage (none: absent)
    std::optional<double> after;
};

/// The snapshot of a run's shortlist: every town of `ranking`, and the counted initiatives of
/// `evidence` for those towns, each with its strongest page (then the first URL).
RunSnapshot snapshot_of(const std::vector<CityScore>& ranking, const std::vector<Evidence>& evidence);

/// The changes from `before` (nullptr: no earlier snapshot) to `after`, sorted: appeared, back,
/// disappeared, covered, rank, count; then by town name, pillar, initiative. `before_started_at` is
/// when the earlier run started (ISO 8601 UTC): an initiative first seen from then on is new. With
/// no earlier snapshot (`before` null), give the later run's start: what was first seen before it
/// (an older database's first snapshot) is no change, and is left out.
/// `seen`: the store's initiatives (first and last seen).
std::vector<Change> diff_snapshots(const RunSnapshot* before, const std::string& before_started_at,
                                   const RunSnapshot& after, const std::vector<InitiativeSeen>& seen);

/// change, insee, city, pillar, initiative, url, first_seen, last_seen, before, after, from_scan, to_scan.
/// `from_scan` and `to_scan` name the two scans compared ("scan #3 (2026-11-30 02:00 UTC)"; from
/// "" when compared against nothing), repeated on every row as the last two columns: a file or a
/// sheet read the morning after says which night it is about.
Table changes_table(const std::vector<Change>& changes, const std::string& from_scan, const std::string& to_scan);

/// "2 appeared, 1 disappeared, 3 rank" (kinds in table order), or "no changes".
std::string changes_summary(const std::vector<Change>& changes);

}  // namespace sharitories
