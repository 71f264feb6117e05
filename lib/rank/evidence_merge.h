// Evidence from several sources (the shards of `sharitories wet` run on many machines, another
// machine's `evidence --format jsonl`) merged into the rows one store would hold: one row per town,
// pillar and page. Initiatives need no merging here: rank_towns counts distinct ones.
#pragma once

#include <vector>

#include "model/evidence.h"

namespace sharitories {

/// One row per (insee, pillar, url): the strongest, and of equally strong ones the earliest
/// fetched_at (a row without a date last; the first given if
/// those are equal too). Ordered as Store::current_evidence orders
/// them: by INSEE code, pillar (all_pillars order), strength (strongest first), then URL.
std::vector<Evidence> merge_evidence(std::vector<Evidence> rows);

}  // namespace sharitories
