#include <doctest/doctest.h>

#include "fetch/host_scheduler.h"

using namespace sharitories;
using namespace std::chrono_literals;

namespace {
const SteadyTime t0{};
}

TEST_CASE("scheduler: one host gets its requests spaced by the gap") {
    HostScheduler scheduler(32, {.max_in_flight = 2, .min_gap = 1000ms});
    for (HostScheduler::JobId job = 1; job <= 3; ++job) scheduler.push("https://a.fr:443", job, t0);
    auto first = scheduler.pop_ready(t0);
    REQUIRE(first);
    CHECK(first->job == 1);
    CHECK_FALSE(scheduler.pop_ready(t0 + 999ms));
    CHECK(scheduler.next_ready_time() == t0 + 1000ms);
    auto second = scheduler.pop_ready(t0 + 1000ms);
    REQUIRE(second);
    CHECK(second->job == 2);
    // two in flight: the third waits for one to finish, whatever the clock says
    CHECK_FALSE(scheduler.pop_ready(t0 + 5000ms));
    CHECK_FALSE(scheduler.next_ready_time());
    scheduler.finish("https://a.fr:443");
    CHECK(scheduler.pop_ready(t0 + 5000ms)->job == 3);
    CHECK(scheduler.queued() == 0);
    CHECK(scheduler.in_flight() == 2);
}

TEST_CASE("scheduler: hosts run side by side, under the global cap") {
    HostScheduler scheduler(3, {.max_in_flight = 2, .min_gap = 1000ms});
    for (int host = 0; host < 5; ++host) scheduler.push("http://h" + std::to_string(host) + ":80", host, t0);
    int started = 0;
    while (scheduler.pop_ready(t0)) ++started;
    CHECK(started == 3);
    CHECK(scheduler.in_flight() == 3);
    scheduler.finish("http://h0:80");
    CHECK(scheduler.pop_ready(t0));
    CHECK_FALSE(scheduler.pop_ready(t0));
}

TEST_CASE("scheduler: a retry's not-before does not hold up the host's other requests") {
    HostScheduler scheduler(8, {.max_in_flight = 2, .min_gap = 0ms});
    scheduler.push("h", 1, t0 + 10s);  // a retry, waiting
    scheduler.push("h", 2, t0);
    CHECK(scheduler.pop_ready(t0)->job == 2);
    CHECK_FALSE(scheduler.pop_ready(t0 + 9s));
    CHECK(scheduler.pop_ready(t0 + 10s)->job == 1);
}

TEST_CASE("scheduler: the host ready longest goes first") {
    HostScheduler scheduler(1, {.max_in_flight = 1, .min_gap = 100ms});
    scheduler.push("a", 1, t0);
    scheduler.push("a", 2, t0);
    scheduler.push("b", 3, t0 + 50ms);
    CHECK(scheduler.pop_ready(t0)->job == 1);
    scheduler.finish("a");
    // a may go again at 100 ms, b since 50 ms: b first
    CHECK(scheduler.pop_ready(t0 + 200ms)->job == 3);
}

TEST_CASE("scheduler: Crawl-delay raises a host's gap, never lowers it") {
    HostScheduler scheduler(8, {.max_in_flight = 2, .min_gap = 1000ms});
    scheduler.set_min_gap("slow", 5000ms);
    scheduler.set_min_gap("eager", 10ms);
    for (HostScheduler::JobId job = 1; job <= 2; ++job) {
        scheduler.push("slow", job, t0);
        scheduler.push("eager", job + 10, t0);
    }
    CHECK(scheduler.pop_ready(t0));
    CHECK(scheduler.pop_ready(t0));
    CHECK_FALSE(scheduler.pop_ready(t0 + 999ms));
    auto next = scheduler.pop_ready(t0 + 1000ms);
    REQUIRE(next);
    CHECK(next->host == "eager");
    CHECK_FALSE(scheduler.pop_ready(t0 + 4999ms));
    CHECK(scheduler.pop_ready(t0 + 5000ms)->host == "slow");
}

TEST_CASE("scheduler: a host with limits of its own (a search provider's pace)") {
    HostScheduler scheduler(8, {.max_in_flight = 2, .min_gap = 1000ms});
    scheduler.set_limits("search", {.max_in_flight = 1, .min_gap = 2500ms});
    scheduler.set_limits("own-searxng", {.max_in_flight = 4, .min_gap = 0ms});
    for (HostScheduler::JobId job = 1; job <= 3; ++job) {
        scheduler.push("search", job, t0);
        scheduler.push("own-searxng", job + 10, t0);
    }
    int started = 0;
    while (scheduler.pop_ready(t0)) ++started;
    CHECK(started == 4);  // one to the search engine, three to the own instance at once
    scheduler.finish("search");
    CHECK_FALSE(scheduler.pop_ready(t0 + 2499ms));
    CHECK(scheduler.pop_ready(t0 + 2500ms)->host == "search");
    scheduler.set_min_gap("own-searxng", 10ms);  // a Crawl-delay still raises it
    scheduler.push("own-searxng", 20, t0);
    scheduler.finish("own-searxng");
    CHECK_FALSE(scheduler.pop_ready(t0 + 5ms));  // its last start was at t0
    CHECK(scheduler.pop_ready(t0 + 10ms)->host == "own-searxng");
}

TEST_CASE("scheduler: a host given up loses its queued requests") {
    HostScheduler scheduler(8, {.max_in_flight = 1, .min_gap = 0ms});
    for (HostScheduler::JobId job = 1; job <= 4; ++job) scheduler.push("down", job, t0);
    scheduler.push("up", 9, t0);
    CHECK(scheduler.pop_ready(t0));
    auto dropped = scheduler.drop_host("down");
    CHECK(dropped.size() + 1 == 4);
    CHECK(scheduler.queued() == 1);
}

TEST_CASE("scheduler: a held host starts nothing before the hold ends, queued or pushed later, and other hosts go on") {
    HostScheduler scheduler(32, {.max_in_flight = 2, .min_gap = 0ms});
    const std::string data = "https://data.commoncrawl.org:443";
    scheduler.push(data, 1, t0);
    scheduler.push(data, 2, t0);
    auto first = scheduler.pop_ready(t0);
    REQUIRE(first);
    CHECK(first->job == 1);
    scheduler.push("https://a.fr:443", 3, t0);
    scheduler.finish(data);  // its answer: "503 Slow Down", retried in 4 s, the host held meanwhile
    scheduler.hold(data, t0 + 4000ms);
    scheduler.push(data, 1, t0 + 4000ms);
    auto other = scheduler.pop_ready(t0 + 10ms);
    REQUIRE(other);
    CHECK(other->job == 3);  // another host is not held
    CHECK_FALSE(scheduler.pop_ready(t0 + 3999ms));
    CHECK(scheduler.next_ready_time() == t0 + 4000ms);
    scheduler.hold(data, t0 + 1000ms);  // a shorter hold changes nothing
    CHECK_FALSE(scheduler.pop_ready(t0 + 3999ms));
    auto after = scheduler.pop_ready(t0 + 4000ms);
    REQUIRE(after);
    CHECK(after->job == 2);  // the one that waited behind the hold goes first, then the retry
    CHECK(scheduler.pop_ready(t0 + 4000ms)->job == 1);
}
