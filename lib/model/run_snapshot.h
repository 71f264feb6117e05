// What a finished scan left: its shortlist and the initiatives that made its numbers, kept per run
// in the store (schema 3) so that `sharitories changes` can say what moved between two nights.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "model/pillar.h"

namespace sharitories {

/// A town's row of a run's shortlist, as the run wrote it (every selected town, --top or not).
struct SnapshotTown {
    std::string insee;
    std::string city;
    int rank = 0;
    std::array<int, 4> initiatives{};  ///< by pillar, in all_pillars order
    double score = 0;
    double coverage = 0;  ///< 0–1: the share of the town's searches answered
};

/// A counted initiative of a town's evidence at the end of the run, with one page behind it (the
/// strongest).
struct SnapshotInitiative {
    std::string insee;
    Pillar pillar{};
    std::string initiative;
    std::string url;
};

struct RunSnapshot {
    std::vector<SnapshotTown> towns;
    std::vector<SnapshotInitiative> initiatives;
};

/// A town's initiative in a pillar, and when the scans saw it (the store's initiatives table).
struct InitiativeSeen {
    std::string insee;
    Pillar pillar{};
    std::string initiative;
    std::string first_seen;
    std::string last_seen;
};

}  // namespace sharitories
