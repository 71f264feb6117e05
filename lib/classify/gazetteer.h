// The towns as a page names them (issue 8): every written form of every town name of the list ("du
// Cannet", "St-Nazaire"), matched on whole words and also written in one word (a hyphenated place
// name, "Saint-Genis-Laval", is one name, not Laval); the postcodes, département names and
// intercommunalities that confirm a town; and which names are ambiguous (homonyms.tsv,
// shared-names.tsv, two towns of the list), with the words of their other referent. Built once per
// run from the whole list; pure lookups afterwards.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/city.h"
#include "model/keyword.h"
#include "query/ambiguous_names.h"
#include "text/term_matcher.h"

namespace sharitories {

struct PlaceMatch {
    std::vector<std::size_t> towns;  ///< the towns bearing the name found (several for a shared name)
    std::size_t token = 0;           ///< its first token in the text
    std::size_t length = 0;          ///< its tokens
};

class TownGazetteer {
public:
    TownGazetteer(const std::vector<City>& towns, const std::vector<AmbiguousName>& ambiguous);

    const std::vector<City>& towns() const { return towns_; }
    /// Index of the town with this INSEE code, or towns().size().
    std::size_t find(std::string_view insee) const;

    /// The town names in `joined` text (normalize_joined: a hyphenated place name is one word, so
    /// Saint-Genis-Laval does not name Laval), the longest where two overlap ("saint genis laval"
    /// written without hyphens still names Saint-Genis-Laval only).
    std::vector<PlaceMatch> places(std::string_view joined) const;
    /// The same, of joined text already split by tokens_of.
    std::vector<PlaceMatch> places(const std::vector<std::string_view>& joined_tokens) const;
    /// The towns whose name a site's registrable domain carries ("ville-lorient.fr", "tierslieu-larochelle.fr").
    std::vector<std::size_t> towns_of_site(std::string_view site) const;
    /// Whether a site's registrable domain is a département's or a region's ("lavienne86.fr",
    /// "morbihan.fr", "bretagne.bzh"): its name is one of theirs, and if that is also a town's name
    /// ("vienne"), the département's number follows it.
    bool names_territory(std::string_view site) const;
    /// The towns that have `postcode`.
    const std::vector<std::size_t>& towns_of_postcode(std::string_view postcode) const;

    bool ambiguous(std::size_t town) const { return ambiguity_[town] != nullptr; }
    /// Why the town's name is ambiguous; nullptr if it is not.
    const AmbiguousName* ambiguity(std::size_t town) const { return ambiguity_[town]; }
    /// Normalised words of the other referent (against words of homonyms.tsv).
    const std::vector<std::string>& against(std::size_t town) const { return against_[town]; }
    const std::string& departement_name(std::size_t town) const { return departement_names_[town]; }
    /// The département's code as normalised text writes it: "56", "2a", "971".
    const std::string& departement_code(std::size_t town) const { return departement_codes_[town]; }
    /// The town's intercommunality, normalised, without its legal form ("vienne condrieu
    /// agglomeration"); "" if it has none worth searching for.
    const std::string& epci_phrase(std::size_t town) const { return epci_phrases_[town]; }
    const std::string& normalized_name(std::size_t town) const { return names_[town]; }
    /// Every written form of the town's name that places() and towns_of_site() find, normalised:
    /// spaced and in one word, articles contracted, Saint abbreviated ("saint nazaire",
    /// "saintnazaire", "st nazaire", "stnazaire").
    std::vector<std::string> name_forms_of(std::size_t town) const;

private:
    std::vector<City> towns_;
    std::unordered_map<std::string, std::size_t> by_insee_;
    std::vector<std::vector<std::size_t>> towns_of_form_;  // by matcher term
    std::vector<std::size_t> form_lengths_;                // by matcher term: its tokens
    TermMatcher forms_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_squashed_name_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_postcode_;
    std::unordered_map<std::string, std::string> territories_;  // squashed name → département code ("" for a region)
    AmbiguousNames ambiguous_names_;
    std::vector<const AmbiguousName*> ambiguity_;
    std::vector<std::vector<std::string>> against_;
    std::vector<std::string> names_, departement_names_, departement_codes_, epci_phrases_;
};

/// True if `normalized` holds `phrase` (also normalised) as whole words.
bool has_phrase(std::string_view normalized, std::string_view phrase);

}  // namespace sharitories
