// SearXNG's JSON API (GET {base}/search?q=…&format=json&language=fr&pageno=N): the request for a query
// page and the parse of its answer. Only results[].url is required; title and content are optional.
// A 403 means the instance has JSON output disabled, and the message says how to enable it. An empty
// answer whose engines are listed as suspended or rate-limited (unresponsive_engines: ["qwant",
// "Suspended: too many requests"]) is a block; with other failing engines, an error.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "fetch/fetch_types.h"
#include "search/search_types.h"

namespace sharitories {

/// `base_url` as users write it ("https://searx.example.org", with or without a final / or /search).
/// A user's own instance may be on a private address: the request allows it.
FetchRequest searxng_request(std::string_view base_url, std::string_view query, int page_number);

/// How long SearXNG suspends an engine for the reason it gives in unresponsive_engines: 24 h for a
/// CAPTCHA or an access denied, 1 h for too many requests, 0 (unknown) for another suspension;
/// nullopt when the engine is not suspended or rate-limited (a timeout, a parse error).
std::optional<std::chrono::seconds> engine_block(std::string_view reason);

/// `page_number` is the page this answer is for (1-based); its hits are ranked after the earlier
/// pages' (`first_rank`).
SearchPage parse_searxng(int http_status, std::string_view body, int page_number, int first_rank = 1);

}  // namespace sharitories
