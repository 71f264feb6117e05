#include "rank/evidence_merge.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace sharitories {

std::vector<Evidence> merge_evidence(std::vector<Evidence> rows) {
    // each page's copies together, the one to keep first; stable, so a full tie keeps the first given
    std::stable_sort(rows.begin(), rows.end(), [](const Evidence& a, const Evidence& b) {
        if (std::tie(a.insee, a.pillar, a.url) != std::tie(b.insee, b.pillar, b.url))
            return std::tie(a.insee, a.pillar, a.url) < std::tie(b.insee, b.pillar, b.url);
        if (a.strength != b.strength) return a.strength > b.strength;
        // the earliest date; a row without one after every dated row
        return std::pair(a.fetched_at.empty(), a.fetched_at) < std::pair(b.fetched_at.empty(), b.fetched_at);
    });
    const auto end = std::unique(rows.begin(), rows.end(), [](const Evidence& a, const Evidence& b) {
        return std::tie(a.insee, a.pillar, a.url) == std::tie(b.insee, b.pillar, b.url);
    });
    rows.erase(end, rows.end());
    std::stable_sort(rows.begin(), rows.end(), [](const Evidence& a, const Evidence& b) {
        if (std::tie(a.insee, a.pillar) != std::tie(b.insee, b.pillar))
            return std::tie(a.insee, a.pillar) < std::tie(b.insee, b.pillar);
        if (a.strength != b.strength) return a.strength > b.strength;
        return a.url < b.url;
    });
    return rows;
}

}  // namespace sharitories
