#include "scan/page_freshness.h"

#include <charconv>
#include <cstdint>

#include "scan/plan.h"

namespace sharitories {

PageFetchPlan plan_page_fetch(const std::optional<PageRecord>& page, SystemTime now, std::chrono::seconds max_age) {
    PageFetchPlan plan;
    if (!page) return plan;
    if (page->error != FetchError::none) {
        // today's retry rules: a passing failure is tried again at once, a few times; a lasting one
        // (robots.txt, a 404, not a page) waits for max age like a fetched page; either is downloaded
        const bool retry = is_passing_failure(page->error, page->status) && page->failures < max_page_failures;
        const auto fetched = parse_iso(page->fetched_at);
        const bool stale = max_age.count() == 0 || !fetched || now - *fetched >= max_age;
        if (!retry && !stale) plan.freshness = PageFreshness::fresh;
        return plan;
    }
    const auto fetched = parse_iso(page->fetched_at);
    if (max_age.count() > 0 && fetched && now - *fetched < max_age) {
        plan.freshness = PageFreshness::fresh;
        return plan;
    }
    if (page->etag.empty() && page->last_modified.empty()) return plan;  // nothing to revalidate with
    plan.freshness = PageFreshness::revalidate;
    plan.if_none_match = page->etag;
    plan.if_modified_since = page->last_modified;
    return plan;
}

std::optional<std::chrono::seconds> parse_page_max_age(std::string_view text) {
    std::int64_t unit = 86400;  // a bare number is days
    if (!text.empty()) {
        switch (text.back()) {
            case 'd': text.remove_suffix(1); break;
            case 'h': unit = 3600, text.remove_suffix(1); break;
            case 'm': unit = 60, text.remove_suffix(1); break;
            default: break;
        }
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
    const std::int64_t longest = longest_page_max_age.count();
    if (value > longest / unit) return std::nullopt;
    return std::chrono::seconds(value * unit);
}

}  // namespace sharitories
