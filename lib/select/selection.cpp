#include "select/selection.h"

#include <fmt/core.h>

#include <algorithm>

#include "input/cities_reader.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

/// The selection with defaults applied and codes in canonical case ("2a004" → "2A004").
struct Filters {
    std::int64_t min_population;
    std::int64_t max_population;
    const Selection& selection;
    std::vector<std::string> insee;
};

/// A user's value names a place by its code ("2a" = "2A") or by its name, accents and case ignored.
bool names_place(const std::string& value, const std::string& code, const std::string& name) {
    const std::string wanted = normalize(value);
    return wanted == normalize(code) || (!name.empty() && wanted == normalize(name));
}

bool any_names_place(const std::vector<std::string>& values, const std::string& code, const std::string& name) {
    return std::any_of(values.begin(), values.end(),
                       [&](const std::string& value) { return names_place(value, code, name); });
}

/// Why a town is not selected, or nullopt if it is.
std::optional<std::string> exclusion(const City& city, const Filters& filters) {
    const Selection& selection = filters.selection;
    if (city.population < filters.min_population)
        return fmt::format("its population {} is below --min-pop {}", city.population, filters.min_population);
    if (city.population > filters.max_population)
        return fmt::format("its population {} is above --max-pop {}", city.population, filters.max_population);
    if (!selection.departements.empty() &&
        !any_names_place(selection.departements, city.departement, city.departement_name))
        return fmt::format("it is in département {}, not in --departement", city.departement);
    if (!selection.regions.empty() && !any_names_place(selection.regions, city.region, city.region_name))
        return fmt::format("it is in region {}, not in --region", city.region);
    if (selection.centres_only && !city.ville_centre) return "it is not a ville centre (--centres-only)";
    if (!filters.insee.empty() && std::find(filters.insee.begin(), filters.insee.end(), city.insee) == filters.insee.end())
        return "it is not in --insee";
    return std::nullopt;
}

/// A value that names no town of the list: a typo (an error) or, for a well-formed code, a place
/// with no town in the list (a note: Lozère has no town of 20,000 inhabitants).
void check_places(const CityList& list, const std::vector<std::string>& values, const char* option,
                  const char* place, bool (*is_code)(std::string_view), std::string City::*code,
                  std::string City::*name, const std::string& source, SelectionResult& result) {
    for (const auto& value : values) {
        bool found = std::any_of(list.cities.begin(), list.cities.end(),
                                 [&](const City& city) { return names_place(value, city.*code, city.*name); });
        if (found) continue;
        if (is_code(ascii_upper(value)))
            result.notes.push_back(fmt::format("{} {}: no town of {} is in that {}", option, value, source, place));
        else
            result.errors.push_back(fmt::format("{} {}: unknown {}: neither a code nor the name of a {} of {}",
                                                option, value, place, place, source));
    }
}

bool is_region_code(std::string_view code) {
    return !code.empty() && code.size() <= 3 && code.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

SelectionResult select_cities(const CityList& list, const Selection& selection, const std::string& source) {
    SelectionResult result;
    Filters filters{selection.min_population.value_or(default_min_population),
                    selection.max_population.value_or(default_max_population), selection, {}};
    for (const auto& code : selection.insee) filters.insee.push_back(ascii_upper(code));

    auto& errors = result.errors;
    if (filters.min_population < 0) errors.push_back(fmt::format("--min-pop {} is negative", filters.min_population));
    if (filters.min_population > filters.max_population)
        errors.push_back(fmt::format("--min-pop {} is above --max-pop {}", filters.min_population,
                                     filters.max_population));
    auto require_column = [&](bool wanted, const char* column, const char* option) {
        if (wanted && !list.has_column(column))
            errors.push_back(fmt::format("{} needs a '{}' column, and {} has none", option, column, source));
    };
    require_column(!selection.departements.empty(), "departement", "--departement");
    require_column(!selection.regions.empty(), "region", "--region");
    require_column(selection.centres_only, "ville_centre", "--centres-only");
    if (!errors.empty()) return result;

    check_places(list, selection.departements, "--departement", "département", is_departement_code,
                 &City::departement, &City::departement_name, source, result);
    check_places(list, selection.regions, "--region", "region", is_region_code, &City::region,
                 &City::region_name, source, result);
    for (const auto& code : filters.insee) {
        auto city = std::find_if(list.cities.begin(), list.cities.end(), [&](const City& c) { return c.insee == code; });
        if (city == list.cities.end())
            errors.push_back(fmt::format("--insee {}: no town of {} has this code", code, source));
        else if (auto why = exclusion(*city, filters))
            errors.push_back(fmt::format("--insee {} ({}) is excluded: {}", code, city->name, *why));
    }
    if (!errors.empty()) return result;

    std::copy_if(list.cities.begin(), list.cities.end(), std::back_inserter(result.cities),
                 [&](const City& city) { return !exclusion(city, filters); });

    // A user's own list may hold towns outside the default range; leaving them out unasked is said.
    auto outside = std::count_if(list.cities.begin(), list.cities.end(), [&](const City& city) {
        return (!selection.min_population && city.population < filters.min_population) ||
               (!selection.max_population && city.population > filters.max_population);
    });
    if (outside > 0) {
        result.notes.push_back(fmt::format("{} {} of {} outside the default population range {}–{} left out "
                                           "(set --min-pop and --max-pop to keep them)",
                                           outside, outside == 1 ? "town" : "towns", source,
                                           filters.min_population, filters.max_population));
    }
    if (result.cities.empty()) {
        errors.push_back(fmt::format("no town of {} ({} towns) matches the selection (population {}–{}{}{}{})", source,
                                     list.cities.size(), filters.min_population, filters.max_population,
                                     selection.departements.empty() ? "" : ", --departement",
                                     selection.regions.empty() ? "" : ", --region",
                                     selection.centres_only ? ", --centres-only" : ""));
    }
    return result;
}

}  // namespace sharitories
