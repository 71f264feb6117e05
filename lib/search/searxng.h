// SearXNG's JSON API (GET {base}/search?q=…&format=json&language=fr&pageno=N): the request for a query
// page and the parse of its answer. Only results[].url is required; title and content are optional.
// A 403 means the instance has JSON output disabled, and the message says how to enable it.
#pragma once

#include <string>
#include <string_view>

#include "fetch/fetch_types.h"
#include "search/search_types.h"

namespace sharitories {

/// `base_url` as users write it ("https://searx.example.org", with or without a final / or /search).
/// A user's own instance may be on a private address: the request allows it.
FetchRequest searxng_request(std::string_view base_url, std::string_view query, int page_number);

/// `page_number` is the page this answer is for (1-based); its hits are ranked after the earlier
/// pages' (`first_rank`).
SearchPage parse_searxng(int http_status, std::string_view body, int page_number, int first_rank = 1);

}  // namespace sharitories
