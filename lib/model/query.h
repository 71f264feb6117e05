// One search a scan sends: a town, a pillar and a group of that pillar's terms.
#pragma once

#include <string>
#include <vector>

#include "model/pillar.h"

namespace sharitories {

struct Query {
    std::string insee;
    std::string city;
    Pillar pillar{};
    int group = 1;                   ///< 1-based index of the term group within the town and pillar
    std::vector<std::string> terms;  ///< the keyword terms this query carries
    bool disambiguated = false;      ///< the département was added because the name is ambiguous
    std::string text;                ///< exactly what the search engine receives
};

}  // namespace sharitories
