// The tables the commands print, built from plain structs; columns and their order are part of the
// command-line contract (DESIGN.md §4), so they are defined here once.
#pragma once

#include <vector>

#include "model/city.h"
#include "model/query.h"
#include "output/table.h"

namespace sharitories {

/// The columns of cities.csv, so `cities --format csv` can be read back as a --cities file.
Table cities_table(const std::vector<City>& cities);

/// insee, city, pillar, group, terms, query.
Table queries_table(const std::vector<Query>& queries);

}  // namespace sharitories
