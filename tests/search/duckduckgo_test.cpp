#include <doctest/doctest.h>

#include <array>

#include "fetch/url.h"
#include "search/duckduckgo.h"
#include "test_support.h"

using namespace sharitories;

namespace {

std::filesystem::path fixtures() { return test::shared_dir() / "fixtures" / "duckduckgo"; }

bool has_fixtures() { return test::shared_fixture("fixtures/duckduckgo").has_value(); }

/// A results page as DuckDuckGo writes it, with one block per (href, title, snippet, extra classes).
std::string results_page(const std::vector<std::array<std::string, 4>>& blocks) {
    std::string html = "<!DOCTYPE html><html><head><title>tiers-lieu Lorient at DuckDuckGo</title></head><body>"
                       "<div class=\"serp__results\"><div id=\"links\" class=\"results\">";
    for (const auto& [href, title, snippet, classes] : blocks) {
        html += "<div class=\"result results_links results_links_deep web-result " + classes +
                "\"><div class=\"links_main links_deep result__body\"><h2 class=\"result__title\">"
                "<a rel=\"nofollow\" class=\"result__a\" href=\"" + href + "\">" + title + "</a></h2>"
                "<a class=\"result__snippet\" href=\"" + href + "\">" + snippet + "</a></div></div>";
    }
    return html + "</div></div></body></html>";
}

}  // namespace

TEST_CASE("duckduckgo: the real first page: ten hits with titles, snippets, ranks and the next page") {
    if (!has_fixtures()) return;
    auto page = parse_duckduckgo(200, test::read_file(fixtures() / "results-page1.html"));
    CHECK(page.status == SearchStatus::ok);
    REQUIRE(page.hits.size() == 10);
    CHECK(page.hits[0].url == "https://github.com/cloudwego/eino");
    CHECK(page.hits[0].title == "GitHub - cloudwego/eino: The ultimate LLM/AI application development ...");
    CHECK(page.hits[0].snippet.starts_with("Eino is a framework for building LLM applications in Golang"));
    CHECK(page.hits[0].rank == 1);
    CHECK(page.hits[9].url == "https://en.wikipedia.org/wiki/Eino");
    CHECK(page.hits[9].rank == 10);
    CHECK(page.hits[1].snippet.find("\"i know\"") != std::string::npos);  // entities decoded
    CHECK(page.next_page.find("q=eino") != std::string::npos);
    CHECK(page.next_page.find("s=10") != std::string::npos);
    CHECK(page.next_page.find("vqd=4-167208798460794982980732831674372650598") != std::string::npos);
    CHECK(page.next_page.find("kl=fr-fr") != std::string::npos);
    CHECK(page.next_page.find("wt-wt") == std::string::npos);
}

TEST_CASE("duckduckgo: the real last page and the real no-results page are empty answers, not errors") {
    if (!has_fixtures()) return;
    auto last = parse_duckduckgo(200, test::read_file(fixtures() / "results-last-page.html"), 11);
    CHECK(last.status == SearchStatus::no_results);  // its only entry is an "EOF" link to a Google search
    CHECK(last.hits.empty());
    CHECK(last.next_page.empty());
    auto none = parse_duckduckgo(200, test::read_file(fixtures() / "no-results.html"));
    CHECK(none.status == SearchStatus::no_results);
}

TEST_CASE("duckduckgo: redirect links unwrapped, ads skipped, ranks continue across pages") {
    auto page = parse_duckduckgo(
        200,
        results_page({{{"https://duckduckgo.com/y.js?ad_domain=coworking.example&u3=x", "Coworking pas cher",
                        "Annonce", "result--ad"}},
                      {{"//duckduckgo.com/l/?uddg=https%3A%2F%2Fwww.lorient.fr%2Fvie%2Dlocale%2Ftiers%2Dlieux%3Fp%3D2"
                        "&amp;rut=abc123",
                        "Les tiers-lieux &agrave; Lorient", "La ville soutient <b>six tiers-lieux</b>.", ""}},
                      {{"https://www.ouest-france.fr/bretagne/lorient-56100/la-fabrique", "La Fabrique ouvre",
                        "Un fablab au port de Lorient.", ""}}}),
        11);
    CHECK(page.status == SearchStatus::ok);
    REQUIRE(page.hits.size() == 2);
    CHECK(page.hits[0].url == "https://www.lorient.fr/vie-locale/tiers-lieux?p=2");
    CHECK(page.hits[0].title == "Les tiers-lieux à Lorient");
    CHECK(page.hits[0].snippet == "La ville soutient six tiers-lieux.");
    CHECK(page.hits[0].rank == 11);
    CHECK(page.hits[1].rank == 12);
    CHECK(page.next_page.empty());
}

TEST_CASE("duckduckgo: the anomaly page, a 202, a 403 or a 429 is blocked, never 'no results'") {
    const std::string anomaly =
        "<!DOCTYPE html><html><body><div class=\"anomaly-modal__modal\"><div class=\"anomaly-modal__title\">"
        "Unfortunately, bots use DuckDuckGo too.</div><form id=\"challenge-form\" class=\"challenge-form\" "
        "action=\"//duckduckgo.com/anomaly.js?sv=html\" method=\"POST\"><input type=\"hidden\" name=\"cc\" "
        "value=\"botnet\"></form></div></body></html>";
    for (int status : {200, 202}) {
        auto page = parse_duckduckgo(status, anomaly);
        CHECK(page.status == SearchStatus::blocked);
        CHECK(page.message.find("anomaly") != std::string::npos);
    }
    CHECK(parse_duckduckgo(429, "").status == SearchStatus::blocked);
    CHECK(parse_duckduckgo(403, "<html></html>").status == SearchStatus::blocked);
    CHECK(parse_duckduckgo(500, "<html></html>").status == SearchStatus::error);
    auto unknown = parse_duckduckgo(200, "<html><body><p>Maintenance</p></body></html>");
    CHECK(unknown.status == SearchStatus::error);
    CHECK(unknown.message.find("layout") != std::string::npos);
}

TEST_CASE("duckduckgo: the request: a POST of the query, French results, then the next-page form") {
    auto first = duckduckgo_request("\"Lorient\" (AMAP OR \"circuit court\")", "");
    CHECK(first.url == "https://html.duckduckgo.com/html/");
    CHECK(first.method == "POST");
    CHECK(first.body == "q=%22Lorient%22%20%28AMAP%20OR%20%22circuit%20court%22%29&kl=fr-fr");
    CHECK(first.content == ContentPolicy::api);
    CHECK_FALSE(first.obey_robots);
    auto second = duckduckgo_request("ignored", "q=eino&s=10&kl=fr-fr");
    CHECK(second.body == "q=eino&s=10&kl=fr-fr");
    CHECK(percent_decode("tiers%2Dlieu%20%C3%A0%20Lorient") == "tiers-lieu à Lorient");
}
