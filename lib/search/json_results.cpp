#include "search/json_results.h"

namespace sharitories {

std::string string_field(const nlohmann::json& object, const char* name) {
    auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

bool bool_field(const nlohmann::json& object, const char* name, bool otherwise) {
    if (!object.is_object()) return otherwise;
    auto found = object.find(name);
    return found != object.end() && found->is_boolean() ? found->get<bool>() : otherwise;
}

std::vector<SearchHit> read_hits(const nlohmann::json& results, const char* snippet_field, int first_rank) {
    std::vector<SearchHit> hits;
    if (!results.is_array()) return hits;
    int rank = first_rank;
    for (const auto& result : results) {
        if (!result.is_object()) continue;
        SearchHit hit{string_field(result, "url"), string_field(result, "title"), string_field(result, snippet_field), 0};
        if (hit.url.empty()) continue;
        hit.rank = rank++;
        hits.push_back(std::move(hit));
    }
    return hits;
}

}  // namespace sharitories
