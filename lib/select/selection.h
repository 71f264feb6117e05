// Selects the towns a command covers (DESIGN.md §4 "selection"): every filter narrows the list, and
// anything the user names that cannot be honoured — an unknown code or name, a filter on a column the
// file lacks, a named town that another filter excludes — is an error, never a silently shorter list.
// What is left out without being asked for (towns of a user's list outside the default population
// range, a département code with no town) is said in a note.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/city.h"

namespace sharitories {

inline constexpr std::int64_t default_min_population = 20'000;
inline constexpr std::int64_t default_max_population = 100'000;

struct Selection {
    std::optional<std::int64_t> min_population;  ///< unset: default_min_population
    std::optional<std::int64_t> max_population;  ///< unset: default_max_population
    std::vector<std::string> departements;  ///< codes ("56", "2A") or names ("Morbihan", accents optional)
    std::vector<std::string> regions;       ///< codes ("53") or names ("Bretagne")
    std::vector<std::string> insee;         ///< INSEE codes of the towns wanted
    bool centres_only = false;              ///< only towns with ville_centre = 1
};

struct SelectionResult {
    std::vector<City> cities;         ///< in the file's order
    std::vector<std::string> errors;  ///< non-empty: the selection cannot be honoured
    std::vector<std::string> notes;   ///< worth telling the user, not wrong
};

/// `source` names the town list in messages ("cities.csv").
SelectionResult select_cities(const CityList& list, const Selection& selection,
                              const std::string& source);

}  // namespace sharitories
