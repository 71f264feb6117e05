// One piece of evidence: a page that shows a pillar for a town (one row of `sharitories evidence`).
#pragma once

#include <string>
#include <vector>

#include "model/archive_source.h"
#include "model/pillar.h"

namespace sharitories {

/// A page counts towards a town's initiatives from this town weight on (a directory naming more than
/// ten towns is listed as evidence, weakly, but counts for none of them).
inline constexpr double counting_weight = 0.5;

struct Evidence {
    std::string insee;
    std::string city;
    Pillar pillar{};
    std::string initiative;          ///< "lafabrique-lorient.fr", "ulule.com/la-fabrique-lorient"
    std::string url;
    std::string title;
    std::vector<std::string> terms;  ///< the matched terms of this pillar, as written in the keyword files
    double strength = 0;             ///< the pillar's strength on the page, times the town weight
    double town_weight = 1;          ///< 1, or less for a directory page (see page_classifier.h)
    std::string fetched_at;          ///< ISO 8601, UTC
    /// The Common Crawl record the page was read from (scan --cc-records); empty when it was fetched
    /// from its site. Filled in by the store (current_evidence), not by the classifier.
    ArchiveSource archive;

    bool counts() const { return town_weight >= counting_weight; }
};

}  // namespace sharitories
