// The vocabulary a scan searches for (keywords/*.tsv, see keywords/README.md).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/pillar.h"

namespace sharitories {

struct Keyword {
    Pillar pillar{};
    std::string term;      ///< as written in the file: "tiers-lieu", "épicerie coopérative"
    double weight = 1.0;   ///< 0 < weight <= 10
    std::string language;  ///< the file it came from: "fr" for fr.tsv
};

enum class PlatformKind { crowdfunding, civic_tech, network, directory, marketplace, social };

/// A site whose pages are themselves evidence: each project path on it is its own initiative.
struct Platform {
    std::string domain;             ///< registrable domain, lower case: "ulule.com"
    std::optional<Pillar> pillar;   ///< none for social networks: the page text decides
    PlatformKind kind{};
    /// Pages whose path has the segment imply the pillar instead: HelloAsso's "collectes" are
    /// crowdfunding, its memberships and ticketing are not.
    std::vector<std::pair<std::string, Pillar>> pillar_of_pages;
};

/// Why a town's name alone is not enough to find pages about that town.
enum class AmbiguityKind { word, place, brand, commune };

struct AmbiguousName {
    std::string name;  ///< as written: "Sens", "Saint-Paul"
    AmbiguityKind kind{};
    std::string note;  ///< "also a common noun", "3 communes"
    /// Words of the other referent ("forfait", "fibre" for Orange the operator): a page that has
    /// them needs the town's postcode or its own site to count for the town.
    std::vector<std::string> against;
};

/// When a term counts in its pillar's sense (keywords/context.tsv), and when a town is named only
/// in passing.
enum class ContextKind {
    needs,    ///< the term counts only with one of the words in the same block
    cancels,  ///< the term does not count with one of the words in the same block
    passing,  ///< a town named right after one of the phrases is named in passing ("à deux pas de")
    third_party,  ///< an address in a block with one of the phrases is not the page's ("hébergé par")
    proposal,     ///< a block or listing entry with one of the phrases is a proposal, not an initiative ("déposée par")
    media,        ///< a footer with one of the phrases is a media's: its address is its seat, not its articles' subject
};

/// needs and cancels are about one term of the language files; the other rules about the page.
inline bool is_term_rule(ContextKind kind) { return kind == ContextKind::needs || kind == ContextKind::cancels; }

struct ContextRule {
    ContextKind kind{};
    std::string term;                ///< a term of a language file, as written there; "" when !is_term_rule(kind)
    std::vector<std::string> words;  ///< as written: "habitants", "logiciel libre", "à deux pas de"
    std::string file;                ///< where it is written, for reports
    int line = 0;
};

/// Everything loaded from a keywords directory.
struct KeywordSet {
    std::vector<Keyword> keywords;
    std::vector<Platform> platforms;
    std::vector<AmbiguousName> ambiguous_names;
    std::vector<ContextRule> context;
};

}  // namespace sharitories
