// run_scan in-process, with the real fetch engine against local servers: the search provider's
// back-off after a block, and how a page found by one town's search counts for the town it names.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <mutex>
#include <set>

#include "fetch/test_server.h"
#include "pipeline.h"
#include "query/query_builder.h"
#include "test_support.h"

using namespace sharitories;
using namespace std::chrono_literals;
using sharitories::test::TestServer;

namespace {

FetchOptions local_options() {
    FetchOptions options;
    options.allow_private_hosts = true;
    options.per_host = {.max_in_flight = 2, .min_gap = 0ms};
    options.retry.max_attempts = 1;  // a 429 reaches the pipeline at once
    options.user_agent = "sharitories-test/1.0";
    return options;
}

}  // namespace

TEST_CASE("pipeline: a blocked search is asked again after a doubling wait, and a page counts for the town it names") {
    TestServer server;
    std::vector<std::chrono::steady_clock::time_point> searches;
    server.http().Get("/search", [&](const httplib::Request&, httplib::Response& response) {
        searches.push_back(std::chrono::steady_clock::now());
        if (searches.size() <= 2) {
            response.status = 429;  // the instance's limiter, twice
            return;
        }
        response.set_content(R"({"results": [{"url": ")" + server.url("/fabrique") + R"(", "title": "La Fabrique"}]})",
                             "application/json");
    });
    server.http().Get("/fabrique", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html"),
                             "text/html; charset=utf-8");
    });
    server.start();

    // Vannes's search finds the page, which is about Lorient: it counts for Lorient, not Vannes
    const std::vector<City> towns{test::shipped_town("56260"), test::shipped_town("56121")};
    Query query{"56260", "Vannes", Pillar::production, 1, {"tiers-lieu"}, false, "\"Vannes\" \"tiers-lieu\""};
    ClassifierData classifier(test::shipped_keywords(), test::shipped_towns());
    auto provider = make_provider(ProviderKind::searxng, server.url(""), "", 10);
    auto fetcher = make_curl_fetcher(local_options());
    ScanSettings settings;
    settings.workers = 1;
    settings.blocked_backoff = 100ms;
    std::vector<std::string> log;
    settings.log = [&](const std::string& line) { log.push_back(line); };

    auto outcome = run_scan(towns, {query}, *provider, *fetcher, classifier, nullptr, settings);
    CHECK(outcome.queries_failed == 0);
    REQUIRE(searches.size() == 4);  // the third answered, then its second page (nothing new: the end)
    CHECK(searches[1] - searches[0] >= 95ms);   // waited 100 ms
    CHECK(searches[2] - searches[1] >= 195ms);  // then 200 ms
    CHECK(outcome.pages_fetched == 1);
    REQUIRE_FALSE(outcome.evidence.empty());
    for (const auto& row : outcome.evidence) CHECK(row.insee == "56121");
    CHECK(std::count_if(log.begin(), log.end(), [](const std::string& l) { return l.find("blocked a search") != std::string::npos; }) == 2);
}

TEST_CASE("pipeline: --results caps the hits read per query, across pages") {
    TestServer server;
    int searches = 0;
    server.http().Get("/search", [&](const httplib::Request& request, httplib::Response& response) {
        ++searches;
        const int page = std::stoi(request.get_param_value("pageno"));
        nlohmann::json results = nlohmann::json::array();
        for (int i = 0; i < 8; ++i)  // eight new hits on every page, for ever
            results.push_back({{"url", server.url("/page/" + std::to_string(page * 100 + i))}, {"title", "x"}});
        response.set_content(nlohmann::json{{"results", results}}.dump(), "application/json");
    });
    std::set<std::string> fetched;
    std::mutex fetched_mutex;  // the server answers on several threads
    server.http().Get(R"(/page/\d+)", [&](const httplib::Request& request, httplib::Response& response) {
        {
            std::lock_guard lock(fetched_mutex);
            fetched.insert(request.path);
        }
        response.set_content("<html><body><p>Rien ici.</p></body></html>", "text/html");
    });
    server.start();
    const std::vector<City> towns{test::shipped_town("56121")};
    Query query{"56121", "Lorient", Pillar::production, 1, {"fablab"}, false, "\"Lorient\" fablab"};
    ClassifierData classifier(test::shipped_keywords(), test::shipped_towns());
    auto provider = make_provider(ProviderKind::searxng, server.url(""), "", 10);
    auto fetcher = make_curl_fetcher(local_options());
    ScanSettings settings;
    settings.workers = 1;
    settings.results = 10;
    auto outcome = run_scan(towns, {query}, *provider, *fetcher, classifier, nullptr, settings);
    CHECK(searches == 2);          // 8 hits, then 2 of the next 8
    CHECK(fetched.size() == 10);
    CHECK(outcome.pages_fetched == 10);
    CHECK(outcome.evidence.empty());  // pages that show nothing give no evidence
}
