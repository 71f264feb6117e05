// From one page to its evidence rows: every town of the list the page may be about — named in its
// title or text (in any of the forms French writes names in: "du Cannet", "St-Nazaire"), carried by
// its site's domain ("lafabrique-lorient.fr", "tierslieu-larochelle.fr"), or found by a search for
// it — judged by classify_page, one row per town and pillar shown. The verdict depends on the page
// alone (and the town list), not on which search found it, so the store can keep it per page and
// reuse it for any night and any selection of towns.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/page_classifier.h"
#include "html/page_text.h"
#include "model/city.h"
#include "model/evidence.h"
#include "text/term_matcher.h"

namespace sharitories {

class TownIndex {
public:
    /// `towns`: the whole list (not a run's selection), kept by reference.
    explicit TownIndex(const std::vector<City>& towns);

    /// Index of the town with this INSEE code, or towns().size().
    std::size_t find(std::string_view insee) const;
    const std::vector<City>& towns() const { return towns_; }

    /// The towns (indexes) a page names in `normalized_text` or whose name its site carries.
    std::vector<std::size_t> named(std::string_view normalized_text, std::string_view url) const;

private:
    const std::vector<City>& towns_;
    std::unordered_map<std::string, std::size_t> by_insee_;
    std::vector<std::vector<std::size_t>> towns_of_form_;  // by matcher term: the towns of that name form
    TermMatcher forms_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_squashed_name_;  // "larochelle" → La Rochelle
};

/// The evidence a page gives: for each candidate town (the towns it names, and `hint_insees`), the
/// pillars classify_page finds, weighted by the town verdict. Sorted by town, pillar.
std::vector<Evidence> evidence_for_page(const PageText& page, const std::string& url,
                                        const std::vector<std::string>& hint_insees, const TownIndex& towns,
                                        const ClassifierData& classifier, const std::string& fetched_at);

}  // namespace sharitories
