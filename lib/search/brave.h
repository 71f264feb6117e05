// Brave Search's web API (GET https://api.search.brave.com/res/v1/web/search, key in the
// X-Subscription-Token header, from the environment variable BRAVE_API_KEY): the request for a query
// page (French results: country=FR, search_lang=fr; offset is a page index 0–9) and the parse of
// web.results[].url/title/description.
#pragma once

#include <string>
#include <string_view>

#include "fetch/fetch_types.h"
#include "search/search_types.h"

namespace sharitories {

inline constexpr std::string_view brave_endpoint = "https://api.search.brave.com/res/v1/web/search";
inline constexpr int brave_max_offset = 9;

FetchRequest brave_request(std::string_view query, int offset, int count, std::string_view api_key,
                           std::string_view endpoint = brave_endpoint);

SearchPage parse_brave(int http_status, std::string_view body, int offset, int first_rank = 1);

}  // namespace sharitories
