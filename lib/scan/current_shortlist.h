// The shortlist as the store knows it now: every selected town ranked from the evidence the store
// holds, whichever night found it, with the coverage of its plan (the share of its queries that
// stand answered, and the date of the oldest answer). What `scan` writes at the end of a night and
// `rank` writes without the network.
#pragma once

#include <cstdint>
#include <vector>

#include "model/city.h"
#include "model/query.h"
#include "rank/town_ranking.h"
#include "store/store.h"

namespace sharitories {

/// `queries`: the towns' plan (every query the keywords make for them); `weights`: the pillars'
/// weights in the score.
std::vector<CityScore> current_ranking(const Store& store, const std::vector<City>& towns,
                                       const std::vector<Query>& queries, const PillarWeights& weights = {});

/// Keeps in the store the snapshot of a finished run's shortlist (`ranking`, as current_ranking
/// gave it: every town) and of its towns' counted initiatives, for `sharitories changes`.
void record_run_snapshot(Store& store, std::int64_t run, const std::vector<CityScore>& ranking);

}  // namespace sharitories
