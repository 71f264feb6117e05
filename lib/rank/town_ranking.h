// From evidence to a ranked shortlist (DESIGN.md §5): distinct initiatives per town and pillar, a
// score that rewards breadth across the four pillars more than volume in one, a per-capita figure.
//
//   volume = Σ over the four pillars of w × log2(1 + initiatives)
//   score  = 10 × Σ over the four pillars of w × [initiatives > 0] + 9 × volume / (volume + 4)
//
// where w is the pillar's weight (pillar_weights.h: `--weights`, 1 unless given). With every weight
// at 1 the breadth term is 10 × pillars, `pillars` being how many of the four have at least one
// initiative, and the volume part stays under 9, so breadth always decides first — one initiative in
// each pillar (44.50) ranks above twenty-five in each of three (37.01) or a hundred in one (15.62) —
// and volume, with diminishing returns, orders towns of equal breadth. The volume part stays under 9
// whatever the weights, so a pillar weighted 0.9 or more still outweighs any volume; a weight of 0
// leaves the pillar out of the score (its count and `pillars` stay as they are). An initiative counts
// when one of its pages is about the town with a weight of at least 0.5 (a directory naming more than
// ten towns lists it as evidence but does not count it).
// per_10k is the number of distinct initiatives, all pillars together, per 10,000 inhabitants
// (weights do not change it). Ties: score, then per_10k, then INSEE code.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "model/city.h"
#include "model/evidence.h"
#include "output/table.h"
#include "rank/pillar_weights.h"

namespace sharitories {

inline constexpr std::size_t top_evidence_urls = 3;

struct CityScore {
    City city;
    std::array<int, 4> initiatives{};  ///< by pillar, in all_pillars order
    int pillars = 0;
    double score = 0;
    double per_10k = 0;
    std::vector<std::string> top_evidence;  ///< up to three URLs, strongest first (then by URL), distinct initiatives
    int rank = 0;
    double coverage = 0;      ///< share of the town's planned queries that stand answered, 0–1
    std::string searched_at;  ///< date of the oldest of those answers (YYYY-MM-DD); "" if none
};

/// The score above of a town's initiatives by pillar (all_pillars order).
double town_score(const std::array<int, 4>& initiatives, const PillarWeights& weights = {});

/// Every town of `towns` ranked, those without evidence included (at the end, with zeros).
std::vector<CityScore> rank_towns(const std::vector<City>& towns, const std::vector<Evidence>& evidence,
                                  const PillarWeights& weights = {});

/// The shortlist columns of DESIGN.md §4 (coverage and searched_at last); `top` > 0 keeps the first
/// `top` towns. `searched` false (a ranking from evidence files, without the searches' record):
/// coverage and searched_at left empty, as they have no meaning.
Table shortlist_table(const std::vector<CityScore>& ranking, std::size_t top = 0, bool searched = true);

/// The evidence columns of DESIGN.md §4, then town_weight (appended: 1, or less for a directory
/// page; a page counts from counting_weight).
Table evidence_table(const std::vector<Evidence>& evidence);

}  // namespace sharitories
