#include "scan/current_shortlist.h"

#include "rank/run_changes.h"
#include "scan/plan.h"

namespace sharitories {

std::vector<CityScore> current_ranking(const Store& store, const std::vector<City>& towns,
                                       const std::vector<Query>& queries, const PillarWeights& weights) {
    std::vector<std::string> insees;
    for (const auto& town : towns) insees.push_back(town.insee);
    auto ranking = rank_towns(towns, store.current_evidence(insees), weights);
    const auto coverage = town_coverage(towns, queries, store.query_states());
    for (auto& score : ranking) {
        const TownCoverage& cover = coverage.at(score.city.insee);
        score.coverage = cover.share();
        score.searched_at = cover.searched_at;
    }
    return ranking;
}

void record_run_snapshot(Store& store, std::int64_t run, const std::vector<CityScore>& ranking) {
    std::vector<std::string> insees;
    for (const auto& score : ranking) insees.push_back(score.city.insee);
    store.record_snapshot(run, snapshot_of(ranking, store.current_evidence(insees)));
}

}  // namespace sharitories
