#include "search/duckduckgo.h"

#include <vector>

#include "fetch/url.h"
#include "html/document.h"

namespace sharitories {
namespace {

/// //duckduckgo.com/l/?uddg=https%3A%2F%2F…&rut=… → https://…; other links as they are.
std::string unwrap_link(const std::string& href) {
    const auto query = href.find("duckduckgo.com/l/?");
    if (query == std::string::npos) return href.starts_with("//") ? "https:" + href : href;
    auto start = href.find("uddg=", query);
    if (start == std::string::npos) return href;
    start += 5;
    const auto end = href.find('&', start);
    return percent_decode(std::string_view(href).substr(start, end == std::string::npos ? std::string::npos : end - start));
}

/// A link back to a search engine's own results (DuckDuckGo ends its last page with an "EOF" entry
/// pointing to a Google search): never a page about a town.
bool is_search_engine_page(const std::string& url) {
    auto parsed = parse_url(url);
    if (!parsed) return false;
    const std::string& host = parsed->host;
    return host.ends_with("duckduckgo.com") ||
           ((host.find("google.") != std::string::npos || host.ends_with("bing.com")) && parsed->target.starts_with("/search"));
}

bool is_ad(const HtmlDocument& document, HtmlDocument::Element result, const std::string& href) {
    return document.has_class(result, "result--ad") || href.find("duckduckgo.com/y.js") != std::string::npos;
}

/// The hidden fields of the "Next" form, form-encoded, French results asked for again.
std::string next_page_of(const HtmlDocument& document) {
    for (auto nav : document.find_all("div", "nav-link")) {
        std::vector<std::pair<std::string, std::string>> fields;
        bool is_next = false;
        for (auto input : document.find_all(nav, "input")) {
            const auto type = document.attribute(input, "type");
            if (type == "submit") is_next = is_next || document.attribute(input, "value") == "Next";
            if (type != "hidden") continue;
            const auto name = document.attribute(input, "name");
            if (name.empty() || name == "kl") continue;
            fields.emplace_back(name, document.attribute(input, "value"));
        }
        if (is_next && !fields.empty()) {
            fields.emplace_back("kl", "fr-fr");
            return form_encode(fields);
        }
    }
    return "";
}

}  // namespace

FetchRequest duckduckgo_request(std::string_view query, std::string_view next_page, std::string_view endpoint) {
    FetchRequest request;
    request.url = std::string(endpoint);
    request.method = "POST";
    request.body = next_page.empty() ? form_encode({{"q", std::string(query)}, {"kl", "fr-fr"}}) : std::string(next_page);
    request.headers = {"Content-Type: application/x-www-form-urlencoded", "Referer: https://html.duckduckgo.com/"};
    request.content = ContentPolicy::api;
    request.obey_robots = false;  // a search the user asked for, not a crawl
    return request;
}

SearchPage parse_duckduckgo(int http_status, std::string_view html, int first_rank) {
    SearchPage page;
    if (http_status == 403 || http_status == 429) {
        page.status = SearchStatus::blocked;
        page.message = "DuckDuckGo answered HTTP " + std::to_string(http_status) + ": rate-limited; back off";
        return page;
    }
    const HtmlDocument document(html);
    const bool challenge = !document.find_all("form", "challenge-form").empty() ||
                           html.find("id=\"challenge-form\"") != std::string_view::npos ||
                           !document.find_all("", "anomaly-modal__modal").empty();
    if (challenge || http_status == 202) {
        page.status = SearchStatus::blocked;
        page.message = "DuckDuckGo shows its anomaly (CAPTCHA) page: too many searches from this address; "
                       "back off, or use --search-delay-ms, or a self-hosted SearXNG (--search-url)";
        return page;
    }
    if (http_status < 200 || http_status >= 300) {
        page.status = SearchStatus::error;
        page.message = "DuckDuckGo answered HTTP " + std::to_string(http_status);
        return page;
    }
    int rank = first_rank;
    for (auto result : document.find_all("div", "result")) {
        if (document.has_class(result, "result--no-result")) continue;
        auto links = document.find_all(result, "a", "result__a");
        if (links.empty()) continue;
        const std::string href = document.attribute(links.front(), "href");
        if (href.empty() || is_ad(document, result, href)) continue;
        SearchHit hit;
        hit.url = unwrap_link(href);
        if (hit.url.empty() || is_search_engine_page(hit.url)) continue;  // "uddg=&rut=": a redirect to nowhere
        hit.title = document.text(links.front());
        if (auto snippets = document.find_all(result, "", "result__snippet"); !snippets.empty())
            hit.snippet = document.text(snippets.front());
        hit.rank = rank++;
        page.hits.push_back(std::move(hit));
    }
    const bool results_area = !document.find_all("div", "serp__results").empty() || !document.find_all("div", "results").empty();
    if (page.hits.empty()) {
        page.status = results_area ? SearchStatus::no_results : SearchStatus::error;
        if (!results_area) page.message = "DuckDuckGo's answer has no result list: the page layout may have changed";
        return page;
    }
    page.status = SearchStatus::ok;
    page.next_page = next_page_of(document);
    return page;
}

}  // namespace sharitories
