// Whether a site (a registrable domain) is a town's own (ville-lorient.fr, lorient.bzh) or its
// intercommunality's (lorient-agglo.fr), read from the words of its first label: one rule, which the
// classifier applies to a page's site and cc-query hands to Athena as regular expressions.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "classify/gazetteer.h"

namespace sharitories {

/// Words that make a domain carrying a town's name the town's own: ville-orange.fr is the town's,
/// orange-business.com is not.
inline constexpr std::array<std::string_view, 6> municipal_site_words{"ville", "mairie", "commune",
                                                                      "tourisme", "ot", "office"};

struct TownSite {
    std::vector<std::size_t> towns;  ///< the towns the site's name carries (TownGazetteer::towns_of_site)
    bool municipal = false;          ///< one of them's own site
    bool intercommunal = false;      ///< else an intercommunality's: about any of its communes
};

/// The first label of a registrable domain as the rules read it, normalised: "ville lorient".
std::string site_words(std::string_view site);

/// The labels that name a town's own site by themselves, as site_words() writes them: its name
/// spaced or in one word ("la roche sur yon" and "larochesuryon": la-roche-sur-yon.fr,
/// larochesuryon.fr); none for an ambiguous name (orange.fr is the operator's).
std::vector<std::string> bare_site_names(const TownGazetteer& gazetteer, std::size_t town);

/// The rule: a site is a town's own if its name carries the town and a municipal word, or is one of
/// bare_site_names(); else an intercommunality's if it carries an intercommunal word (agglo, cc …)
/// or is the town's intercommunality's name.
TownSite town_site(const TownGazetteer& gazetteer, std::string_view site);

/// The municipal part of the same rule for `towns`, as regular expressions over a registrable domain
/// (portable_regex.h): the site is one of the towns' own if it matches `names` and `words`, or
/// `bare`. A superset of the rule, as a regular expression without lookaround cannot tell that a
/// name is part of a longer one: mairie-bonchamp-les-laval.fr (a name linked to another by a word)
/// and ville-saint-genis-laval.fr (inside another town's name) are taken for Laval's.
struct OwnSitePattern {
    std::string names;  ///< a town's name (a form of it) as a whole word of the first label; "" if no towns
    std::string words;  ///< a municipal word as a whole word of the first label
    std::string bare;   ///< the first label is a bare site name of a town; "" if none (all ambiguous)
};
OwnSitePattern own_site_pattern(const TownGazetteer& gazetteer, const std::vector<std::size_t>& towns);

}  // namespace sharitories
