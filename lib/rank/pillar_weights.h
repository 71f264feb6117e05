// How much each pillar weighs in a town's score (town_ranking.h), as `--weights` gives them:
// `consommation=1,production=2,…`. A pillar left out weighs 1, so no weights at all is the score of
// DESIGN.md §5 exactly; a weight of 0 leaves the pillar out of the score (its count stays shown).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "model/pillar.h"

namespace sharitories {

/// The largest weight accepted: far beyond any sensible ratio, and far from where the score overflows.
inline constexpr double max_pillar_weight = 1000;

struct PillarWeights {
    std::array<double, 4> values{1, 1, 1, 1};  ///< by pillar, in all_pillars order; each in [0, max_pillar_weight]

    double operator[](Pillar pillar) const { return values[static_cast<std::size_t>(pillar)]; }
    bool all_ones() const { return values == std::array<double, 4>{1, 1, 1, 1}; }
    bool operator==(const PillarWeights&) const = default;
};

struct ParsedWeights {
    PillarWeights weights;
    /// "" if every entry is good; else what is wrong, starting with the text at fault:
    /// "culture=2: culture is not a pillar (…)".
    std::string error;
    bool ok() const { return error.empty(); }
};

/// `values` as an option gives them, each a comma-separated list of PILLAR=WEIGHT (spaces around
/// names and numbers ignored). Refused: an entry without '=', an unknown pillar, a weight that is not
/// a number from 0 to max_pillar_weight (negative, NaN, inf, "1,5" with a decimal comma), a pillar
/// given twice, every pillar at 0. The first error found is returned.
ParsedWeights parse_pillar_weights(const std::vector<std::string>& values);

/// "consommation=1,production=2,financement=1,gouvernance=0": what parse_pillar_weights reads back.
std::string to_string(const PillarWeights& weights);

}  // namespace sharitories
