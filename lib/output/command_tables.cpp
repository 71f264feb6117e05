#include "output/command_tables.h"

#include <algorithm>
#include <iterator>
#include <type_traits>
#include <string>

#include "input/cities_reader.h"

namespace sharitories {
namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string joined;
    for (const auto& item : items) {
        if (!joined.empty()) joined += separator;
        joined += item;
    }
    return joined;
}

}  // namespace

Table cities_table(const std::vector<City>& cities, const std::vector<std::string>& columns) {
    std::vector<std::size_t> kept;  // indexes into city_columns
    Table table;
    for (std::size_t i = 0; i < std::size(city_columns); ++i) {
        const std::string_view name = city_columns[i];
        if (std::find(columns.begin(), columns.end(), name) == columns.end()) continue;
        kept.push_back(i);
        const bool numeric = name == "population" || name == "ville_centre";
        table.columns.push_back({std::string(name), numeric ? ColumnType::integer : ColumnType::text});
    }
    for (const City& city : cities) {
        const std::string all[] = {city.insee,       city.name,        city.departement,
                                   city.departement_name, city.region, city.region_name,
                                   std::to_string(city.population), city.epci_siren, city.epci_name,
                                   city.epci_type,   city.ville_centre ? "1" : "0", join(city.postcodes, " ")};
        static_assert(std::extent_v<decltype(all)> == std::size(city_columns));
        std::vector<std::string> row;
        for (std::size_t i : kept) row.push_back(all[i]);
        table.rows.push_back(std::move(row));
    }
    return table;
}

Table queries_table(const std::vector<Query>& queries) {
    Table table{{{"insee", ColumnType::text},
                 {"city", ColumnType::text},
                 {"pillar", ColumnType::text},
                 {"group", ColumnType::integer},
                 {"terms", ColumnType::text},
                 {"query", ColumnType::text}},
                {}};
    for (const Query& query : queries) {
        table.rows.push_back({query.insee, query.city, std::string(to_string(query.pillar)),
                              std::to_string(query.group), join(query.terms, " | "), query.text});
    }
    return table;
}

}  // namespace sharitories
