// A town as the INSEE list describes it (one row of cities.csv).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sharitories {

struct City {
    std::string insee;             ///< INSEE code: 5 characters, e.g. "56121", "2A004", "97411"
    std::string name;              ///< official name with accents: "Épinal"
    std::string departement;       ///< code: "88", "2A", "971"
    std::string departement_name;  ///< "Vosges"
    std::string region;            ///< INSEE region code: "44"
    std::string region_name;       ///< "Grand Est"
    std::int64_t population = 0;   ///< population légale (municipale)
    std::string epci_siren;        ///< the intercommunality the town belongs to, if any
    std::string epci_name;
    std::string epci_type;         ///< CA, CC, CU, METRO, MET69 …
    bool ville_centre = false;     ///< most populous member of a non-métropole EPCI
    std::vector<std::string> postcodes;
};

/// A town list together with the columns its file actually had (a user's --cities file may carry
/// only insee, name and population; a filter on a missing column must say so, not match nothing).
struct CityList {
    std::vector<City> cities;
    std::vector<std::string> columns;

    bool has_column(std::string_view name) const {
        for (const auto& column : columns) {
            if (column == name) return true;
        }
        return false;
    }
};

}  // namespace sharitories
