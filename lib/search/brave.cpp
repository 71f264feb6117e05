#include "search/brave.h"

#include "fetch/url.h"
#include "search/json_results.h"

namespace sharitories {
FetchRequest brave_request(std::string_view query, int offset, int count, std::string_view api_key,
                           std::string_view endpoint) {
    FetchRequest request;
    request.url = std::string(endpoint) + "?" +
                  form_encode({{"q", std::string(query)},
                               {"country", "FR"},
                               {"search_lang", "fr"},
                               {"count", std::to_string(count)},
                               {"offset", std::to_string(offset)}});
    request.headers = {"Accept: application/json", "X-Subscription-Token: " + std::string(api_key)};
    request.content = ContentPolicy::api;
    request.obey_robots = false;
    return request;
}

SearchPage parse_brave(int http_status, std::string_view body, int offset, int first_rank) {
    SearchPage page;
    if (http_status == 429) {
        page.status = SearchStatus::blocked;
        page.message = "Brave answered 429: rate limit or monthly quota reached; waiting for X-RateLimit-Reset";
        return page;
    }
    if (http_status == 401 || http_status == 403) {
        page.message = "Brave answered " + std::to_string(http_status) + ": check the API key in BRAVE_API_KEY";
        return page;
    }
    if (http_status < 200 || http_status >= 300) {
        page.message = "Brave answered HTTP " + std::to_string(http_status);
        return page;
    }
    const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        page.message = "Brave's answer is not JSON";
        return page;
    }
    // no "web" section at all: Brave found no web result for the query
    auto web = json.find("web");
    if (web != json.end() && web->is_object()) {
        if (auto results = web->find("results"); results != web->end()) page.hits = read_hits(*results, "description", first_rank);
    }
    page.status = page.hits.empty() ? SearchStatus::no_results : SearchStatus::ok;
    auto query = json.find("query");
    const bool more = query != json.end() && bool_field(*query, "more_results_available", false);
    if (!page.hits.empty() && more && offset < brave_max_offset) page.next_page = std::to_string(offset + 1);
    return page;
}

}  // namespace sharitories
