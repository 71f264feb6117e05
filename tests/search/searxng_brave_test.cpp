#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>

#include "search/brave.h"
#include "search/search_provider.h"
#include "search/searxng.h"

using namespace sharitories;

TEST_CASE("searxng: the request as the instance expects it, whatever the base URL looks like") {
    for (const char* base : {"https://searx.exemple.fr", "https://searx.exemple.fr/", "https://searx.exemple.fr/search"}) {
        INFO(base);
        auto request = searxng_request(base, "\"Épinal\" fablab", 2);
        CHECK(request.url ==
              "https://searx.exemple.fr/search?q=%22%C3%89pinal%22%20fablab&format=json&language=fr&pageno=2");
        CHECK(request.allow_private);  // a user's own instance may be on the local network
        CHECK_FALSE(request.obey_robots);
    }
    CHECK(searxng_request("http://127.0.0.1:8888/searxng/", "x", 1).url.starts_with("http://127.0.0.1:8888/searxng/search?"));
}

TEST_CASE("searxng: results with and without their optional fields, and unresponsive engines") {
    const std::string body = R"json({
      "query": "\"Lorient\" (AMAP OR \"circuit court\")",
      "number_of_results": 0,
      "results": [
        {"url": "https://www.amap-lorient.fr/", "title": "AMAP du Pays de Lorient", "content": "Paniers de légumes bio chaque jeudi.",
         "engine": "duckduckgo", "parsed_url": ["https", "www.amap-lorient.fr", "/", "", "", ""], "engines": ["duckduckgo", "qwant"],
         "positions": [1, 3], "score": 4.5, "category": "general"},
        {"url": "https://www.lorient.fr/circuits-courts", "title": "Circuits courts"},
        {"title": "sans URL"},
        "pas un objet"
      ],
      "answers": [], "corrections": [], "infoboxes": [], "suggestions": ["amap lorient"],
      "unresponsive_engines": [["google", "timeout"], ["bing", "CAPTCHA"]]
    })json";
    auto page = parse_searxng(200, body, 1);
    CHECK(page.status == SearchStatus::ok);
    REQUIRE(page.hits.size() == 2);
    CHECK(page.hits[0].url == "https://www.amap-lorient.fr/");
    CHECK(page.hits[0].snippet == "Paniers de légumes bio chaque jeudi.");
    CHECK(page.hits[1].title == "Circuits courts");
    CHECK(page.hits[1].snippet.empty());
    CHECK(page.hits[1].rank == 2);
    CHECK(page.message == "unresponsive engines: google (timeout), bing (CAPTCHA)");
    CHECK(page.next_page == "2");
}

TEST_CASE("searxng: no results, JSON disabled, rate-limited, not JSON") {
    auto empty = parse_searxng(200, R"({"query": "x", "results": [], "unresponsive_engines": []})", 3);
    CHECK(empty.status == SearchStatus::no_results);
    CHECK(empty.next_page.empty());
    auto engines_down = parse_searxng(200, R"({"results": [], "unresponsive_engines": [["google", "timeout"]]})", 1);
    CHECK(engines_down.status == SearchStatus::error);  // not "nothing found"
    CHECK(engines_down.message == "unresponsive engines: google (timeout)");
    auto disabled = parse_searxng(403, "<html>403 Forbidden</html>", 1);
    CHECK(disabled.status == SearchStatus::error);
    CHECK(disabled.message.find("formats: [html, json]") != std::string::npos);
    CHECK(parse_searxng(429, "Too Many Requests", 1).status == SearchStatus::blocked);
    auto html = parse_searxng(200, "<!DOCTYPE html><html><body>SearXNG</body></html>", 1);
    CHECK(html.status == SearchStatus::error);
    CHECK(html.message.find("not JSON") != std::string::npos);
    CHECK(parse_searxng(502, "", 1).status == SearchStatus::error);
}

TEST_CASE("brave: the request carries the key in a header and asks for French results") {
    auto request = brave_request("\"Narbonne\" \"budget participatif\"", 2, 20, "BSA-clef");
    CHECK(request.url ==
          "https://api.search.brave.com/res/v1/web/search?q=%22Narbonne%22%20%22budget%20participatif%22"
          "&country=FR&search_lang=fr&count=20&offset=2");
    CHECK(std::find(request.headers.begin(), request.headers.end(), "X-Subscription-Token: BSA-clef") !=
          request.headers.end());
    CHECK(request.url.find("BSA-clef") == std::string::npos);  // never in the URL (logs, error messages)
}

TEST_CASE("brave: web results, no web section, errors") {
    const std::string body = R"json({
      "type": "search",
      "query": {"original": "\"Narbonne\" \"budget participatif\"", "country": "fr", "more_results_available": true},
      "mixed": {"type": "mixed", "main": [{"type": "web", "index": 0, "all": false}]},
      "web": {"type": "search", "family_friendly": true, "results": [
        {"title": "Budget participatif 2026 - Ville de Narbonne", "url": "https://www.narbonne.fr/budget-participatif",
         "is_source_local": false, "description": "Les Narbonnais proposent et votent leurs projets.",
         "profile": {"name": "Narbonne"}, "language": "fr", "meta_url": {"hostname": "www.narbonne.fr"}},
        {"title": "Sans description", "url": "https://www.lindependant.fr/narbonne/budget"}
      ]}
    })json";
    auto page = parse_brave(200, body, 0);
    CHECK(page.status == SearchStatus::ok);
    REQUIRE(page.hits.size() == 2);
    CHECK(page.hits[0].url == "https://www.narbonne.fr/budget-participatif");
    CHECK(page.hits[0].snippet == "Les Narbonnais proposent et votent leurs projets.");
    CHECK(page.hits[1].snippet.empty());
    CHECK(page.next_page == "1");
    CHECK(parse_brave(200, body, brave_max_offset).next_page.empty());  // offset stops at 9

    CHECK(parse_brave(200, R"({"type": "search", "query": {"original": "x"}})", 0).status == SearchStatus::no_results);
    CHECK(parse_brave(429, "{}", 0).status == SearchStatus::blocked);
    auto key = parse_brave(401, "{}", 0);
    CHECK(key.status == SearchStatus::error);
    CHECK(key.message.find("BRAVE_API_KEY") != std::string::npos);
    CHECK(parse_brave(200, "pas du json", 0).status == SearchStatus::error);
}

TEST_CASE("searxng: an empty answer from suspended or rate-limited engines is a block, for as long as SearXNG says") {
    auto captcha = parse_searxng(
        200, R"({"results": [], "unresponsive_engines": [["google", "timeout"], ["startpage", "CAPTCHA"]]})", 1);
    CHECK(captcha.status == SearchStatus::blocked);
    CHECK(captcha.block_lasts == std::chrono::hours(24));
    auto suspended = parse_searxng(
        200, R"({"results": [], "unresponsive_engines": [["qwant", "Suspended: too many requests"]]})", 1);
    CHECK(suspended.status == SearchStatus::blocked);
    CHECK(suspended.block_lasts == std::chrono::hours(1));
    CHECK(suspended.message == "unresponsive engines: qwant (Suspended: too many requests)");
    auto other = parse_searxng(200, R"({"results": [], "unresponsive_engines": [["mojeek", "Suspended: unexpected crash"]]})", 1);
    CHECK(other.status == SearchStatus::blocked);
    CHECK_FALSE(other.block_lasts);  // how long: the instance's settings, unknown here
    // results from the other engines: an answer, the suspension said
    auto partial = parse_searxng(
        200, R"({"results": [{"url": "https://www.lorient.fr/"}], "unresponsive_engines": [["qwant", "Suspended: access denied"]]})", 1);
    CHECK(partial.status == SearchStatus::ok);
    CHECK(partial.message.find("qwant") != std::string::npos);
    CHECK(engine_block("access denied") == std::chrono::hours(24));
    CHECK_FALSE(engine_block("HTTP error"));
}

TEST_CASE("brave: a mistyped more_results_available (null, a string, a number) is read as absent, not thrown") {
    // issue 10: `"more_results_available": null` made parse_brave throw a JSON type error, which ended the scan
    for (const char* flag : {"null", "\"true\"", "1", "{}", "[true]"}) {
        INFO(flag);
        const std::string body = std::string(R"json({"type": "search",
          "query": {"original": "\"Vannes\" tiers-lieu", "more_results_available": )json") + flag + R"json(},
          "web": {"type": "search", "results": [
            {"title": "Le Tiers-Lieu de Vannes", "url": "https://www.tiers-lieu-vannes.fr/", "description": "Espace partagé, café associatif."}
          ]}})json";
        SearchPage page;
        REQUIRE_NOTHROW(page = parse_brave(200, body, 0));
        CHECK(page.status == SearchStatus::ok);
        REQUIRE(page.hits.size() == 1);
        CHECK(page.hits[0].url == "https://www.tiers-lieu-vannes.fr/");
        CHECK(page.next_page.empty());  // a flag that is not `true` does not promise another page
    }
    const std::string more = R"json({"query": {"more_results_available": true}, "web": {"results": [{"url": "https://a.fr/"}]}})json";
    CHECK(parse_brave(200, more, 0).next_page == "1");
}

namespace {

/// A provider whose reading of an answer throws, as a parser bug or a library's type error would.
class ThrowingProvider final : public SearchProvider {
public:
    std::string_view name() const override { return "throwing"; }
    FetchRequest request(const std::string&, const std::string&) const override { return {}; }
    std::string origin() const override { return ""; }
    std::chrono::milliseconds default_delay() const override { return {}; }
    int default_concurrency() const override { return 1; }
    int default_budget() const override { return 1; }
    std::chrono::seconds cooldown(int, std::optional<std::chrono::seconds>) const override { return {}; }

protected:
    SearchPage parse(const FetchResult&, const std::string&, int) const override {
        throw std::runtime_error("type must be boolean, but is null");
    }
};

}  // namespace

TEST_CASE("search provider: whatever a parser throws is that query's error, never the scan's end") {
    FetchResult result;
    result.status = 200;
    result.body = "{}";
    const ThrowingProvider provider;
    SearchPage page;
    REQUIRE_NOTHROW(page = provider.read_answer(result, "", 1));
    CHECK(page.status == SearchStatus::error);
    CHECK(page.message == "could not read throwing's answer: type must be boolean, but is null");
    CHECK(page.hits.empty());

    // a page number that is not one (a hand-edited database) is the first page, not std::stoi's exception
    for (auto kind : {ProviderKind::searxng, ProviderKind::brave}) {
        auto real = make_provider(kind, "http://127.0.0.1:9/", "key", 10);
        REQUIRE_NOTHROW(real->request("\"Vannes\" fablab", "deux"));
        result.body = R"json({"results": [{"url": "https://fablab-vannes.fr/"}], "web": {"results": [{"url": "https://fablab-vannes.fr/"}]}})json";
        CHECK(real->read_answer(result, "99999999999999999999", 1).hits.size() == 1);
    }
}
