// The verdict on one page for one town (DESIGN.md §5): which pillars its text shows and how
// strongly, whether it is really about the town, and which initiative it is.
//
// Pillar strength: each matched term counts its weight × (3 if in the title, + 2 if in a heading,
// + its occurrences in the text, at most 3); a platform that implies a pillar adds 2 to it. A pillar
// is shown from a strength of 2: one specific term (weight 2) once, or an ordinary one twice.
//
// Town: the page must name the town (text or title; "du Cannet" names Le Cannet, "St-Nazaire"
// Saint-Nazaire), or be on a domain whose words carry its name. An ambiguous name (homonyms.tsv,
// shared-names.tsv: Sens, Orange, Saint-Louis …) also needs a corroborating signal: one of the
// town's postcodes, its département's name, or a domain with a municipal word (ville-orange.fr; not
// orange.fr nor orange-business.com, the operator's). Ambiguous names do not count towards the
// number of towns a directory names. A page naming many towns of the list is a directory: from 6 towns on its weight is
// 5 / towns, and from 31 towns it is no evidence at all.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/initiative.h"
#include "html/page_text.h"
#include "model/city.h"
#include "model/keyword.h"
#include "query/ambiguous_names.h"
#include "text/term_matcher.h"

namespace sharitories {

inline constexpr double pillar_threshold = 2.0;
inline constexpr int directory_from_towns = 6;
inline constexpr int directory_ignored_from_towns = 31;

/// What the classifier needs, built once per run from the keywords and the town list.
class ClassifierData {
public:
    ClassifierData(const KeywordSet& keywords, const std::vector<City>& towns);

    const std::vector<Keyword>& keywords() const { return keywords_; }
    const TermMatcher& terms() const { return terms_; }
    const PlatformIndex& platforms() const { return platforms_; }
    const TermMatcher& town_names() const { return town_names_; }
    const AmbiguousNames& ambiguous() const { return ambiguous_; }
    /// The normalised name the town matcher's term `index` stands for.
    const std::string& town_name(std::size_t index) const { return town_name_list_[index]; }
    bool town_name_is_ambiguous(std::size_t index) const { return town_name_ambiguous_[index]; }

private:
    std::vector<Keyword> keywords_;
    TermMatcher terms_;
    PlatformIndex platforms_;
    std::vector<std::string> town_name_list_;  // distinct normalised names of the towns
    TermMatcher town_names_;
    AmbiguousNames ambiguous_;
    std::vector<bool> town_name_ambiguous_;    // by index in town_name_list_
};

struct TownVerdict {
    bool named = false;          ///< the page names the town, or its domain carries the name
    bool ambiguous = false;      ///< the name needs corroboration
    bool corroborated = false;   ///< a postcode, the département or the domain confirms it
    int towns_named = 0;         ///< distinct towns of the list the page names
    double weight = 0;           ///< 1: evidence for the town; less for a directory; 0: not about it
    std::vector<std::string> signals;  ///< "named in the title", "postcode 56100", …
    std::string reason;                ///< why the weight is what it is
};

struct PageVerdict {
    TownVerdict town;
    std::array<double, 4> strength{};                ///< by pillar, in all_pillars order
    std::array<std::vector<std::string>, 4> terms;   ///< matched terms by pillar, as written in the keyword files
    std::optional<std::string> initiative;           ///< see initiative.h
    const Platform* platform = nullptr;

    /// The pillars shown (strength at least pillar_threshold), weighted by the town verdict > 0.
    std::vector<Pillar> pillars() const;
};

/// The ways French writes a normalised town name in a sentence: "le cannet" is also "du cannet" and
/// "au cannet", "les sables d olonne" "des sables…" and "aux sables…", "saint nazaire" "st nazaire".
std::vector<std::string> name_forms(const std::string& name);

PageVerdict classify_page(const PageText& page, std::string_view url, const City& town, const ClassifierData& data);

}  // namespace sharitories
