#include "query/ambiguous_names.h"

#include <fmt/core.h>

#include "text/normalize.h"

namespace sharitories {

AmbiguousNames::AmbiguousNames(const std::vector<AmbiguousName>& known, const std::vector<City>& cities) {
    for (const auto& name : known) by_normalized_name_.emplace(normalize(name.name), name);

    std::map<std::string, int> towns_per_name;
    for (const auto& city : cities) ++towns_per_name[normalize(city.name)];
    for (const auto& [name, count] : towns_per_name) {
        if (count > 1) {
            by_normalized_name_.emplace(
                name, AmbiguousName{name, AmbiguityKind::commune,
                                    fmt::format("{} towns of the list bear this name", count), {}});
        }
    }
}

const AmbiguousName* AmbiguousNames::find(std::string_view town_name) const {
    auto found = by_normalized_name_.find(normalize(town_name));
    return found == by_normalized_name_.end() ? nullptr : &found->second;
}

}  // namespace sharitories
