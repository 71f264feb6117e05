// Reads a town list: the shipped cities.csv (made by scripts/make-cities) or a user's --cities file.
// Columns are found by their header name, in any order; `insee`, `name` and `population` are required,
// the others of cities.csv optional, unknown ones ignored (spreadsheets add columns).
#pragma once

#include <string>
#include <string_view>

#include "input/input_error.h"
#include "model/city.h"

namespace sharitories {

/// The columns of cities.csv, in the order scripts/make-cities writes them.
inline constexpr std::string_view city_columns[] = {
    "insee",     "name",       "departement", "departement_name", "region",       "region_name",
    "population", "epci_siren", "epci_name",  "epci_type",        "ville_centre", "postcodes"};

/// Every bad row is reported (file, line, column, what was expected); none is dropped silently.
Parsed<CityList> read_cities(std::string_view text, const std::string& file);

/// True for a well-formed INSEE commune code: 2 digits (or 2A/2B) then 3 digits.
bool is_insee_code(std::string_view code);

/// True for a well-formed département code: "01"–"95", "2A", "2B", "971"–"989".
bool is_departement_code(std::string_view code);

}  // namespace sharitories
