// The vocabulary a scan searches for (keywords/*.tsv, see keywords/README.md).
#pragma once

#include <optional>
#include <string>
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
};

/// Why a town's name alone is not enough to find pages about that town.
enum class AmbiguityKind { word, place, brand, commune };

struct AmbiguousName {
    std::string name;  ///< as written: "Sens", "Saint-Paul"
    AmbiguityKind kind{};
    std::string note;  ///< "also a common noun", "3 communes"
};

/// Everything loaded from a keywords directory.
struct KeywordSet {
    std::vector<Keyword> keywords;
    std::vector<Platform> platforms;
    std::vector<AmbiguousName> ambiguous_names;
};

}  // namespace sharitories
