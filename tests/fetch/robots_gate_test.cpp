#include <doctest/doctest.h>

#include "fetch/robots_gate.h"

using namespace sharitories;
using namespace std::chrono_literals;

namespace {

FetchResult fetched(std::string body) {
    FetchResult result;
    result.status = 200;
    result.body = std::move(body);
    return result;
}

FetchResult http(int status) {
    FetchResult result;
    result.status = status;
    result.error = FetchError::http_status;
    result.error_detail = "HTTP " + std::to_string(status);
    return result;
}

FetchResult failed(FetchError error, std::string detail) {
    FetchResult result;
    result.error = error;
    result.error_detail = std::move(detail);
    return result;
}

}  // namespace

TEST_CASE("robots gate: robots.txt's URL is on the page's origin, port explicit") {
    CHECK(robots_url(*parse_url("https://www.lorient.bzh/agenda/repair-cafe?page=2")) ==
          "https://www.lorient.bzh:443/robots.txt");
    CHECK(robots_url(*parse_url("http://127.0.0.1:8080/a")) == "http://127.0.0.1:8080/robots.txt");
}

TEST_CASE("robots gate: a robots.txt read gives its rules, for our product token") {
    const auto outcome = read_robots_outcome(
        fetched("User-agent: *\nDisallow: /\n\nUser-agent: sharitories\nDisallow: /prive/\n"), "sharitories");
    CHECK_FALSE(outcome.unavailable);
    CHECK_FALSE(robots_verdict(outcome, "/agenda"));
    const auto refusal = robots_verdict(outcome, "/prive/membres");
    REQUIRE(refusal);
    CHECK(refusal->error == FetchError::robots);
    CHECK(refusal->detail == "robots.txt disallows /prive/membres");
}

TEST_CASE("robots gate: a URL path past the limit is refused as too long, not quoted whole") {
    const auto outcome = read_robots_outcome(fetched("User-agent: *\nAllow: /\n"), "sharitories");
    const std::string trap = "/agenda/" + std::string(robots_max_target_bytes, 'a');
    const auto refusal = robots_verdict(outcome, trap);
    REQUIRE(refusal);
    CHECK(refusal->error == FetchError::robots);
    CHECK(refusal->detail == "a URL path of " + std::to_string(trap.size()) + " bytes (more than 8192) is not fetched");
    CHECK_FALSE(robots_verdict(outcome, "/agenda/" + std::string(1000, 'a')));
}

TEST_CASE("robots gate: a 4xx (not 429) or too many redirects means no rules: all allowed") {
    for (int status : {400, 401, 403, 404, 410, 451}) {
        INFO(status);
        const auto outcome = read_robots_outcome(http(status), "sharitories");
        CHECK_FALSE(outcome.unavailable);
        CHECK_FALSE(robots_verdict(outcome, "/admin/"));
    }
    const auto outcome = read_robots_outcome(failed(FetchError::too_many_redirects, "more than 5 redirects"), "sharitories");
    CHECK_FALSE(robots_verdict(outcome, "/"));
}

TEST_CASE("robots gate: a 5xx or a 429 disallows everything this run, said as robots") {
    for (int status : {429, 500, 503}) {
        INFO(status);
        const auto outcome = read_robots_outcome(http(status), "sharitories");
        REQUIRE(outcome.unavailable);
        CHECK(outcome.unavailable->error == FetchError::robots);
        CHECK(outcome.unavailable->detail == "robots.txt unreachable: HTTP " + std::to_string(status) +
                                                 "; nothing is fetched from this host this run");
        CHECK(robots_verdict(outcome, "/agenda") == outcome.unavailable);
    }
}

TEST_CASE("robots gate: an unreachable host disallows everything, and the pages say why") {
    for (auto error : {FetchError::dns, FetchError::connect, FetchError::timeout, FetchError::tls, FetchError::network}) {
        INFO(to_string(error));
        const auto outcome = read_robots_outcome(failed(error, "Couldn't connect to server"), "sharitories");
        REQUIRE(outcome.unavailable);
        CHECK(outcome.unavailable->error == error);
        CHECK(outcome.unavailable->detail.starts_with("robots.txt unreachable: Couldn't connect to server"));
    }
    // no detail: the error's name stands in; an unexplained failure is said as robots
    const auto other = read_robots_outcome(failed(FetchError::other, ""), "sharitories");
    REQUIRE(other.unavailable);
    CHECK(other.unavailable->error == FetchError::robots);
    CHECK(other.unavailable->detail.starts_with("robots.txt unreachable: other;"));
}

TEST_CASE("robots gate: robots.txt on a refused private address refuses the pages the same way") {
    const auto outcome = read_robots_outcome(
        failed(FetchError::blocked_private, "refused to connect to the non-public address 10.0.0.7"), "sharitories");
    REQUIRE(outcome.unavailable);
    CHECK(*outcome.unavailable ==
          FetchRefusal{FetchError::blocked_private, "refused to connect to the non-public address 10.0.0.7"});
    CHECK(robots_verdict(outcome, "/") == outcome.unavailable);
}

TEST_CASE("robots gate: Crawl-delay becomes the host's gap, a minute at most") {
    CHECK(crawl_gap(read_robots_outcome(fetched("User-agent: *\nCrawl-delay: 0.2\n"), "sharitories")) == 200ms);
    CHECK(crawl_gap(read_robots_outcome(fetched("User-agent: *\nCrawl-delay: 3600\n"), "sharitories")) == 60'000ms);
    CHECK_FALSE(crawl_gap(read_robots_outcome(fetched("User-agent: *\nDisallow: /x\n"), "sharitories")));
    CHECK_FALSE(crawl_gap(read_robots_outcome(http(404), "sharitories")));
}

TEST_CASE("robots gate: one fetch per origin, jobs wait for it and come back in order") {
    RobotsGate gate;
    using Step = RobotsGate::Decision::Step;
    const RobotsKey key{"https://www.lorient.bzh:443", false};
    CHECK(gate.admit(key, 1, "/a").step == Step::fetch_robots);
    CHECK(gate.admit(key, 2, "/prive/b").step == Step::wait);
    CHECK(gate.admit(key, 3, "/c").step == Step::wait);
    CHECK(gate.outcome(key) == nullptr);
    // the same origin for a job allowed on private addresses is a robots.txt of its own
    const RobotsKey private_key{"https://www.lorient.bzh:443", true};
    CHECK(gate.admit(private_key, 4, "/a").step == Step::fetch_robots);

    const auto waiting = gate.settle(key, read_robots_outcome(fetched("User-agent: *\nDisallow: /prive/\n"), "sharitories"));
    CHECK(waiting == std::vector<RobotsGate::JobId>{1, 2, 3});
    REQUIRE(gate.outcome(key) != nullptr);
    CHECK(gate.outcome(private_key) == nullptr);
    // known now: admitted again, each gets its verdict at once
    CHECK(gate.admit(key, 1, "/a").step == Step::go);
    const auto refused = gate.admit(key, 2, "/prive/b");
    CHECK(refused.step == Step::refuse);
    REQUIRE(refused.refusal);
    CHECK(refused.refusal->error == FetchError::robots);
    CHECK(gate.settle(key, read_robots_outcome(http(404), "sharitories")).empty());  // nobody waits any more
}
