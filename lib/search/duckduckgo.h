// DuckDuckGo's keyless HTML endpoint (POST https://html.duckduckgo.com/html/): the request for a
// query page, and the parse of its answer with Gumbo: result blocks with their title, link and
// snippet; ads skipped; //duckduckgo.com/l/?uddg= redirect links unwrapped to the real URL; the
// "Next" form kept for page 2+; the anomaly / CAPTCHA page (a challenge form, often with HTTP 202)
// recognised as blocked, not as an empty answer.
#pragma once

#include <string>
#include <string_view>

#include "fetch/fetch_types.h"
#include "search/search_types.h"

namespace sharitories {

inline constexpr std::string_view duckduckgo_endpoint = "https://html.duckduckgo.com/html/";

/// The first page of `query` when `next_page` is empty, else the page `next_page` (from the
/// previous page's SearchPage) designates. French results (kl=fr-fr).
FetchRequest duckduckgo_request(std::string_view query, std::string_view next_page,
                                std::string_view endpoint = duckduckgo_endpoint);

/// `first_rank` is the rank the page's first hit gets (1 on the first page).
SearchPage parse_duckduckgo(int http_status, std::string_view html, int first_rank = 1);

}  // namespace sharitories
