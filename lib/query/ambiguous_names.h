// Which town names a search engine would confuse with something else — a word (Sens), a foreign place
// (Vienne), a brand (Orange), another French commune (Saint-Louis) — so that queries add the town's
// département. Names compare after normalisation, so "Fougeres" finds "Fougères".
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/city.h"
#include "model/keyword.h"

namespace sharitories {

class AmbiguousNames {
public:
    /// From the keyword set's homonyms.tsv and shared-names.tsv, plus the names borne by more than
    /// one town of `cities` (a user's list can hold two towns of the same name).
    AmbiguousNames(const std::vector<AmbiguousName>& known, const std::vector<City>& cities);

    /// Why `town_name` is ambiguous, or nullptr if it is not.
    const AmbiguousName* find(std::string_view town_name) const;

private:
    std::map<std::string, AmbiguousName, std::less<>> by_normalized_name_;
};

}  // namespace sharitories
