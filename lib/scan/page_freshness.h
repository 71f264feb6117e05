// Whether a page a search found is fetched tonight, and how — the page half of the crawl's generate
// step, decided as an HTTP cache decides (RFC 9111): a page fetched within --max-age is fresh (not
// fetched at all); an older one is revalidated with the validators of its last fetch (If-None-Match,
// If-Modified-Since: a 304 keeps its verdict), or downloaded when it has none. A page whose last
// fetch failed keeps the retry rules of scan/plan.h (is_passing_failure, max_page_failures) and is
// downloaded when due. Pure: the page's record, the clock and the max age in, a decision out.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "model/timestamp.h"
#include "store/store.h"

namespace sharitories {

enum class PageFreshness {
    fresh,       ///< fetched within max age (or failed for good within it): not fetched tonight
    revalidate,  ///< stale, with validators: a conditional request
    download,    ///< never fetched, stale without validators, or its last fetch failed and is due again
};

struct PageFetchPlan {
    PageFreshness freshness = PageFreshness::download;
    std::string if_none_match;      ///< the stored ETag, when revalidating
    std::string if_modified_since;  ///< the stored Last-Modified, when revalidating
};

inline constexpr std::chrono::seconds default_page_max_age = std::chrono::days(7);
inline constexpr std::chrono::seconds longest_page_max_age = std::chrono::days(3650);

/// What to do tonight with a page known as `page` (nullopt: never fetched). `max_age` 0: every page
/// found is revalidated (or downloaded), however recent.
PageFetchPlan plan_page_fetch(const std::optional<PageRecord>& page, SystemTime now, std::chrono::seconds max_age);

/// `--max-age`: "7d", "36h", "90m", or a bare number of days ("7"), from 0 to longest_page_max_age;
/// nullopt when malformed or out of range.
std::optional<std::chrono::seconds> parse_page_max_age(std::string_view text);

}  // namespace sharitories
