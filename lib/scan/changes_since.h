// Which two nights `sharitories changes` (and `scan --changes`) compares, and the changes between
// them (rank/run_changes.h). The latest finished scan with a snapshot is "after"; "before" is
// --since: a scan number, or a date or time (UTC: the last finished scan that started before it),
// by default the finished scan before "after". A scan made before snapshots were kept, or one that
// did not finish, cannot be compared with: an error naming --since, not an empty table.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "rank/run_changes.h"
#include "store/store.h"

namespace sharitories {

/// Why the runs cannot be chosen, in words (the command's usage error).
struct ChangesError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ChangesChoice {
    RunSummary after;
    std::optional<RunSummary> before;  ///< none: no earlier snapshot, compared against nothing
};

/// --since's date or time as the store writes times: "2026-11-30" → "2026-11-30T00:00:00Z",
/// "2026-11-30T02:00" → "2026-11-30T02:00:00Z"; nullopt if it is neither.
std::optional<std::string> since_time(const std::string& text);

/// Pure: the choice among `runs` (the store's journal) of which `with_snapshot` have a snapshot;
/// `since` as given ("" for the default). Throws ChangesError.
ChangesChoice choose_runs(const std::vector<RunSummary>& runs, const std::vector<std::int64_t>& with_snapshot,
                          const std::string& since);

struct ChangesReport {
    ChangesChoice choice;
    std::vector<Change> changes;
    std::string from_scan;  ///< "scan #3 (2026-11-30 02:00 UTC)", "" when compared against nothing
    std::string to_scan;    ///< the latest finished scan, named the same way
    /// "changes from scan #3 (2026-11-30 02:00 UTC) to scan #4 (…): 2 appeared, 1 rank", or what it
    /// was compared with instead.
    std::string message;
};

/// The runs chosen from `store` and their changes. Throws ChangesError (and StoreError).
ChangesReport changes_since(const Store& store, const std::string& since);

}  // namespace sharitories
