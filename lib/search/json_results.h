// What the JSON providers (SearXNG, Brave) share: reading a list of result objects into hits,
// tolerating missing or mistyped optional fields.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "search/search_types.h"

namespace sharitories {

/// The string field `name` of `object`, or "" when absent or not a string.
std::string string_field(const nlohmann::json& object, const char* name);

/// The boolean field `name` of `object`, or `otherwise` when absent or not a boolean (null, "true", 1:
/// a provider that mistypes an optional flag is read as if it had not sent it).
bool bool_field(const nlohmann::json& object, const char* name, bool otherwise);

/// Hits from an array of result objects (`url`, `title`, and the snippet under `snippet_field`);
/// entries that are not objects or have no url are skipped. Ranks start at `first_rank`.
std::vector<SearchHit> read_hits(const nlohmann::json& results, const char* snippet_field, int first_rank);

}  // namespace sharitories
