// What a search provider answers for one query page: hits, or a reason there are none. A block or
// rate-limit page must never read as "no results": the three are told apart (DESIGN.md §3).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sharitories {

struct SearchHit {
    std::string url;
    std::string title;
    std::string snippet;
    int rank = 0;  ///< 1-based position in the provider's answer, over all pages of the query
};

enum class SearchStatus {
    ok,          ///< hits found
    no_results,  ///< the engine answered, and found nothing
    blocked,     ///< a CAPTCHA, an anomaly page, a 403 or a 429: back off, do not count as empty
    error,       ///< anything else: a 5xx, unreadable JSON, an unexpected page
};

struct SearchPage {
    SearchStatus status = SearchStatus::error;
    std::vector<SearchHit> hits;
    std::string message;    ///< why blocked or an error, in words a user can act on
    std::string next_page;  ///< what the provider needs to ask for the next page; "" when none
    /// For a block: how long the answer itself says the block lasts (a SearXNG engine suspended
    /// for a CAPTCHA: its default 24 h), when it says; the response headers may say more.
    std::optional<std::chrono::seconds> block_lasts;
};

}  // namespace sharitories
