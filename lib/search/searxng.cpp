#include "search/searxng.h"

#include "fetch/url.h"
#include "search/json_results.h"

namespace sharitories {
FetchRequest searxng_request(std::string_view base_url, std::string_view query, int page_number) {
    std::string base(base_url);
    while (base.ends_with('/')) base.pop_back();
    if (!base.ends_with("/search")) base += "/search";
    FetchRequest request;
    request.url = base + "?" +
                  form_encode({{"q", std::string(query)},
                               {"format", "json"},
                               {"language", "fr"},
                               {"pageno", std::to_string(page_number)}});
    request.headers = {"Accept: application/json"};
    request.content = ContentPolicy::api;
    request.obey_robots = false;
    request.allow_private = true;
    return request;
}

std::optional<std::chrono::seconds> engine_block(std::string_view reason) {
    std::string lower;
    for (char c : reason) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const auto says = [&](const char* words) { return lower.find(words) != std::string::npos; };
    // SearXNG's default suspended_times (settings.yml, search:): a CAPTCHA or an access denied 24 h,
    // too many requests 1 h; another suspension lasts as long as its settings say: unknown here
    if (says("captcha") || says("access denied")) return std::chrono::hours(24);
    if (says("too many requests")) return std::chrono::hours(1);
    if (says("suspended")) return std::chrono::seconds(0);
    return std::nullopt;
}

SearchPage parse_searxng(int http_status, std::string_view body, int page_number, int first_rank) {
    SearchPage page;
    if (http_status == 403) {
        page.message = "SearXNG answered 403: this instance does not serve JSON; enable it in its settings.yml "
                       "with `search: formats: [html, json]` and restart it";
        return page;
    }
    if (http_status == 429) {
        page.status = SearchStatus::blocked;
        page.message = "SearXNG answered 429: rate-limited (its limiter); raise --search-delay-ms or allow this "
                       "address in the instance's limiter settings";
        return page;
    }
    if (http_status < 200 || http_status >= 300) {
        page.message = "SearXNG answered HTTP " + std::to_string(http_status);
        return page;
    }
    const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        page.message = "SearXNG's answer is not JSON: is --search-url the instance's address?";
        return page;
    }
    auto results = json.find("results");
    if (results == json.end() || !results->is_array()) {
        page.message = "SearXNG's answer has no results list";
        return page;
    }
    page.hits = read_hits(*results, "content", first_rank);
    // engines that failed for this query: said, so a thin answer is not taken for a thin town
    std::optional<std::chrono::seconds> suspended;
    if (auto unresponsive = json.find("unresponsive_engines"); unresponsive != json.end() && unresponsive->is_array()) {
        std::string engines;
        for (const auto& entry : *unresponsive) {
            if (!entry.is_array() || entry.empty() || !entry[0].is_string()) continue;
            engines += (engines.empty() ? "" : ", ") + entry[0].get<std::string>();
            if (entry.size() > 1 && entry[1].is_string()) {
                const std::string why = entry[1].get<std::string>();
                engines += " (" + why + ")";
                if (auto lasts = engine_block(why); lasts && (!suspended || *lasts > *suspended)) suspended = lasts;
            }
        }
        if (!engines.empty()) page.message = "unresponsive engines: " + engines;
    }
    // no result because the engines behind it failed is not "nothing found"; because they are
    // suspended or rate-limited, it is a block
    if (page.hits.empty() && !page.message.empty()) {
        page.status = suspended ? SearchStatus::blocked : SearchStatus::error;
        if (suspended && *suspended > std::chrono::seconds(0)) page.block_lasts = suspended;
        return page;
    }
    page.status = page.hits.empty() ? SearchStatus::no_results : SearchStatus::ok;
    if (!page.hits.empty()) page.next_page = std::to_string(page_number + 1);
    return page;
}

}  // namespace sharitories
