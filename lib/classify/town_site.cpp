#include "classify/town_site.h"

#include <algorithm>

#include "query/portable_regex.h"
#include "text/normalize.h"

namespace sharitories {
namespace {

bool has_municipal_word(std::string_view words) {
    return std::any_of(municipal_site_words.begin(), municipal_site_words.end(),
                       [&](std::string_view word) { return has_phrase(words, word); });
}

/// Words that make a domain an intercommunality's (agglo-laval.fr): it confirms the town, but a page
/// of it may be about any of its communes.
bool has_intercommunal_word(std::string_view words) {
    for (const char* word : {"agglo", "agglomeration", "communaute", "cc", "ca", "pays", "metropole"}) {
        if (has_phrase(words, word)) return true;
    }
    return false;
}

/// Site words as a domain label writes them: "ville lorient" → "ville-lorient".
std::string as_label(std::string words) {
    std::replace(words.begin(), words.end(), ' ', '-');
    return portable_regex::escape(words);
}

/// `alternatives` as a whole word of a registrable domain's first label: after its start or a
/// hyphen, before a hyphen or the dot that ends the label.
std::string label_word(const std::string& alternatives) {
    return "^(?:[a-z0-9-]*-)?" + alternatives + "(?:-[a-z0-9-]*)?\\.";
}

}  // namespace

std::string site_words(std::string_view site) { return normalize(site.substr(0, site.find('.'))); }

std::vector<std::string> bare_site_names(const TownGazetteer& gazetteer, std::size_t town) {
    if (gazetteer.ambiguous(town)) return {};
    const std::string& name = gazetteer.normalized_name(town);
    std::string squashed = name;
    std::erase(squashed, ' ');
    if (squashed == name) return {name};
    return {name, squashed};  // saint-nazaire.fr, saintnazaire.fr
}

TownSite town_site(const TownGazetteer& gazetteer, std::string_view site) {
    TownSite result;
    result.towns = gazetteer.towns_of_site(site);
    const std::string words = site_words(site);
    for (std::size_t town : result.towns) {
        const auto bare = bare_site_names(gazetteer, town);
        if (has_municipal_word(words) || std::find(bare.begin(), bare.end(), words) != bare.end())
            result.municipal = true;
        else if (has_intercommunal_word(words) || words == gazetteer.epci_phrase(town))
            result.intercommunal = true;  // agglo-laval.fr, quimper-bretagne-occidentale.bzh
    }
    return result;
}

OwnSitePattern own_site_pattern(const TownGazetteer& gazetteer, const std::vector<std::size_t>& towns) {
    std::vector<std::string> names, words, bare;
    for (std::size_t town : towns) {
        for (auto& form : gazetteer.name_forms_of(town)) names.push_back(as_label(std::move(form)));
        for (auto& name : bare_site_names(gazetteer, town)) bare.push_back(as_label(std::move(name)));
    }
    for (std::string_view word : municipal_site_words) words.push_back(portable_regex::escape(word));
    OwnSitePattern pattern;
    if (!names.empty()) pattern.names = label_word(portable_regex::any_of(std::move(names)));
    pattern.words = label_word(portable_regex::any_of(std::move(words)));
    if (!bare.empty()) pattern.bare = "^" + portable_regex::any_of(std::move(bare)) + "\\.";
    return pattern;
}

}  // namespace sharitories
