// The tables the commands print, built from plain structs; columns and their order are part of the
// command-line contract (DESIGN.md §4), so they are defined here once.
#pragma once

#include <vector>

#include "model/city.h"
#include "model/query.h"
#include "output/table.h"

namespace sharitories {

/// The columns of cities.csv that `columns` names (all of them for the shipped list; a user's list
/// may have fewer, and none is invented), in cities.csv's order, so the CSV reads back with --cities.
Table cities_table(const std::vector<City>& cities, const std::vector<std::string>& columns);

/// insee, city, pillar, group, terms, query.
Table queries_table(const std::vector<Query>& queries);

}  // namespace sharitories
