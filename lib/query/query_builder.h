// Builds the searches a scan sends, written the way search engines read them: the town's name in
// quotes, every term that is not a single plain word in quotes ("circuit court", "tiers-lieu"), a
// pillar's terms joined by OR in groups, and the département added when the name is ambiguous:
//     "Lorient" (AMAP OR "circuit court" OR covoiturage OR autopartage OR "repair café" OR SEL)
//     "Sens" Yonne (fablab OR coworking OR "tiers-lieu" OR makerspace OR hackerspace)
// An engine returns only its top results, so one query with all of a pillar's terms would let the
// commonest term crowd out the rest: each pillar's terms are split into groups of at most
// `group_size`, balanced (20 terms → 4 × 5, not 6+6+6+2), and a group is split again if its query
// would reach `max_chars`. The readers bound names (100 characters) and terms (60), so even a
// one-term query of an ambiguous town stays far below 400.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/city.h"
#include "model/keyword.h"
#include "model/query.h"
#include "query/ambiguous_names.h"

namespace sharitories {

inline constexpr std::size_t default_group_size = 6;
inline constexpr std::size_t max_query_chars = 400;

struct QueryOptions {
    std::size_t group_size = default_group_size;  ///< terms per query, at least 1
    bool per_term = false;                        ///< one query per term (group_size 1)
    std::size_t max_chars = max_query_chars;      ///< a query is kept strictly under this length
};

/// Queries for every town × pillar, in town order, then pillar order, then the terms' file order.
std::vector<Query> build_queries(const std::vector<City>& cities, const std::vector<Keyword>& keywords,
                                 const AmbiguousNames& ambiguous, const QueryOptions& options = {});

/// `term` as an engine must receive it: bare if it is one word of letters and digits (any script),
/// else — or if it is OR, AND, NOT — in double quotes.
std::string quote_term(std::string_view term);

}  // namespace sharitories
