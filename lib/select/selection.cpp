#include "select/selection.h"

#include <fmt/core.h>

#include <algorithm>

#include "text/normalize.h"

namespace sharitories {
namespace {

/// A user's value names a place by its code ("2a" = "2A") or by its name, accents and case ignored.
bool names_place(const std::string& value, const std::string& code, const std::string& name) {
    const std::string wanted = normalize(value);
    return wanted == normalize(code) || (!name.empty() && wanted == normalize(name));
}

bool any_names_place(const std::vector<std::string>& values, const std::string& code,
                     const std::string& name) {
    return std::any_of(values.begin(), values.end(),
                       [&](const std::string& value) { return names_place(value, code, name); });
}

/// Errors for each value that names no town of the list at all (a typo, or a place with no town in it).
void check_values_exist(const CityList& list, const std::vector<std::string>& values,
                        const char* option, const char* place, std::string City::*code,
                        std::string City::*name,
                        const std::string& source, std::vector<std::string>& errors) {
    for (const auto& value : values) {
        bool found = std::any_of(list.cities.begin(), list.cities.end(), [&](const City& city) {
            return names_place(value, city.*code, city.*name);
        });
        if (!found)
            errors.push_back(fmt::format("{} {}: no town of {} is in that {}", option, value, source, place));
    }
}

/// Why a town the user named with --insee is not in the selection.
std::string why_excluded(const City& city, const Selection& selection) {
    if (city.population < selection.min_population)
        return fmt::format("its population {} is below --min-pop {}", city.population,
                           selection.min_population);
    if (city.population > selection.max_population)
        return fmt::format("its population {} is above --max-pop {}", city.population,
                           selection.max_population);
    if (!selection.departements.empty() &&
        !any_names_place(selection.departements, city.departement, city.departement_name))
        return fmt::format("it is in département {}, not in --departement", city.departement);
    if (!selection.regions.empty() && !any_names_place(selection.regions, city.region, city.region_name))
        return fmt::format("it is in region {}, not in --region", city.region);
    return "it is not a ville centre (--centres-only)";
}

bool selected(const City& city, const Selection& selection) {
    if (city.population < selection.min_population || city.population > selection.max_population)
        return false;
    if (!selection.departements.empty() &&
        !any_names_place(selection.departements, city.departement, city.departement_name))
        return false;
    if (!selection.regions.empty() && !any_names_place(selection.regions, city.region, city.region_name))
        return false;
    if (selection.centres_only && !city.ville_centre) return false;
    if (!selection.insee.empty() &&
        std::find(selection.insee.begin(), selection.insee.end(), city.insee) == selection.insee.end())
        return false;
    return true;
}

}  // namespace

SelectionResult select_cities(const CityList& list, const Selection& wanted,
                              const std::string& source) {
    Selection selection = wanted;
    for (auto& code : selection.insee) {  // "2a004" names the same town as "2A004"
        std::transform(code.begin(), code.end(), code.begin(),
                       [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
    }
    SelectionResult result;
    auto& errors = result.errors;
    if (selection.min_population < 0)
        errors.push_back(fmt::format("--min-pop {} is negative", selection.min_population));
    if (selection.min_population > selection.max_population)
        errors.push_back(fmt::format("--min-pop {} is above --max-pop {}", selection.min_population,
                                     selection.max_population));
    auto require_column = [&](bool wanted, const char* column, const char* option) {
        if (wanted && !list.has_column(column))
            errors.push_back(fmt::format("{} needs a '{}' column, and {} has none", option, column, source));
    };
    require_column(!selection.departements.empty(), "departement", "--departement");
    require_column(!selection.regions.empty(), "region", "--region");
    require_column(selection.centres_only, "ville_centre", "--centres-only");
    if (!errors.empty()) return result;

    check_values_exist(list, selection.departements, "--departement", "département", &City::departement,
                       &City::departement_name, source, errors);
    check_values_exist(list, selection.regions, "--region", "region", &City::region, &City::region_name,
                       source, errors);
    for (const auto& code : selection.insee) {
        auto city = std::find_if(list.cities.begin(), list.cities.end(),
                                 [&](const City& c) { return c.insee == code; });
        if (city == list.cities.end())
            errors.push_back(fmt::format("--insee {}: no town of {} has this code", code, source));
        else if (!selected(*city, selection))
            errors.push_back(fmt::format("--insee {} ({}) is excluded: {}", code, city->name,
                                         why_excluded(*city, selection)));
    }
    if (!errors.empty()) return result;

    std::copy_if(list.cities.begin(), list.cities.end(), std::back_inserter(result.cities),
                 [&](const City& city) { return selected(city, selection); });
    if (result.cities.empty()) {
        errors.push_back(fmt::format("no town of {} ({} towns) matches the selection (population {}–{}{}{}{})",
                                     source, list.cities.size(), selection.min_population,
                                     selection.max_population,
                                     selection.departements.empty() ? "" : ", --departement",
                                     selection.regions.empty() ? "" : ", --region",
                                     selection.centres_only ? ", --centres-only" : ""));
    }
    return result;
}

}  // namespace sharitories
