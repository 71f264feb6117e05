// The run's searches town by town within the budget: the budget is never passed, a run that spends
// it leaves at most one town partly done, a town with only empty answers gets its canary.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "scan/search_queue.h"

using namespace sharitories;

namespace {

/// `towns` towns of `per_town` queries each, numbered in order, none answered before.
CrawlPlan plan_of(std::size_t towns, std::size_t per_town, bool has_hits = false) {
    CrawlPlan plan;
    for (std::size_t t = 0; t < towns; ++t) {
        TownWork work;
        work.town = t;
        work.has_hits = has_hits;
        for (std::size_t q = 0; q < per_town; ++q) work.due.push_back(t * per_town + q);
        plan.towns.push_back(work);
    }
    return plan;
}

SearchPage results(int count, std::string next = "", int offset = 0) {
    SearchPage page;
    page.status = count ? SearchStatus::ok : SearchStatus::no_results;
    for (int i = 0; i < count; ++i)
        page.hits.push_back({"https://site-" + std::to_string(offset + i) + ".fr/", "titre", "", 0});
    page.next_page = std::move(next);
    return page;
}

}  // namespace

TEST_CASE("search queue: without a budget every query goes, in the plan's order") {
    SearchQueue queue(plan_of(2, 3), 10, 0);
    std::vector<std::size_t> order;
    while (auto task = queue.start()) {
        order.push_back(task->query);
        auto step = queue.on_page(*task, results(10));
        CHECK(step.answered);
        CHECK(step.hits.size() == 10);
    }
    CHECK(order == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
    CHECK(queue.spent() == 6);
    CHECK(queue.towns_partly_done() == 0);
    CHECK_FALSE(queue.budget_exhausted());
}

TEST_CASE("search queue: a budget keeps back a next page per query in flight and a canary per town") {
    // towns of four queries; every answer has results and no next page
    SearchQueue queue(plan_of(3, 4), 10, 10);
    int answered = 0;
    while (auto task = queue.start()) {
        CHECK(queue.on_page(*task, results(10)).answered);
        ++answered;
    }
    // a town's first query needs three requests (its own, its next page kept back, the town's canary
    // kept back), the later ones two: after two towns (8 requests) the third cannot start, and waits
    // whole for the next night
    CHECK(answered == 8);
    CHECK(queue.spent() == 8);
    CHECK(queue.towns_partly_done() == 0);
    CHECK(queue.waiting() == 4);
    CHECK(queue.budget_exhausted());

    // with one more request, the third town starts and is the one left partly done
    SearchQueue roomier(plan_of(3, 4), 10, 11);
    answered = 0;
    while (auto task = roomier.start()) {
        roomier.on_page(*task, results(10));
        ++answered;
    }
    CHECK(answered == 10);
    CHECK(roomier.towns_partly_done() == 1);
    CHECK(roomier.waiting() == 2);
}

TEST_CASE("search queue: a query's next page uses the page kept back for it — beyond, it stops with what it has") {
    SearchQueue queue(plan_of(1, 2, /*has_hits=*/true), 30, 4);
    auto first = queue.start();  // spent 1, one page kept back
    auto second = queue.start();  // spent 2, another kept back
    REQUIRE(first);
    REQUIRE(second);
    CHECK_FALSE(queue.start());
    auto step = queue.on_page(*first, results(10, "2"));
    REQUIRE(step.follow_up);  // the kept-back page
    CHECK(step.follow_up->next_page == "2");
    CHECK(step.follow_up->first_rank == 11);
    CHECK(queue.spent() == 3);
    // a third page for the first query would take the second query's kept-back page: refused
    step = queue.on_page(*step.follow_up, results(10, "3", 10));
    CHECK_FALSE(step.follow_up);
    CHECK(step.answered);
    CHECK(step.hits.size() == 20);
    CHECK(step.message.find("budget") != std::string::npos);
    step = queue.on_page(*second, results(10, "2"));
    REQUIRE(step.follow_up);  // its own kept-back page
    step = queue.on_page(*step.follow_up, results(3, "", 10));
    CHECK(step.answered);
    CHECK(step.town_finished);
    CHECK(queue.spent() == 4);
}

TEST_CASE("search queue: a town whose every answer is empty gets a canary — heard or silent") {
    SearchQueue queue(plan_of(2, 2), 10, 0);
    auto a = queue.start();
    auto b = queue.start();
    CHECK_FALSE(queue.on_page(*a, results(0)).follow_up);
    auto step = queue.on_page(*b, results(0));
    CHECK(step.town_finished);
    REQUIRE(step.follow_up);
    CHECK(step.follow_up->canary);
    CHECK(step.follow_up->town == 0);
    const auto canary = *step.follow_up;
    CHECK(queue.on_page(canary, results(8)).canary == SearchQueue::Step::Canary::heard);

    auto c = queue.start();
    auto d = queue.start();
    queue.on_page(*c, results(0));
    step = queue.on_page(*d, results(0));
    REQUIRE(step.follow_up);
    CHECK(queue.on_page(*step.follow_up, results(0)).canary == SearchQueue::Step::Canary::silent);
    CHECK(queue.spent() == 6);  // four queries, two canaries
}

TEST_CASE("search queue: a town with one result needs no canary, and keeps none back") {
    SearchQueue queue(plan_of(1, 3), 10, 6);
    auto a = queue.start();
    queue.on_page(*a, results(0));
    auto b = queue.start();
    queue.on_page(*b, results(2));  // found something: no canary will be needed
    auto c = queue.start();
    auto step = queue.on_page(*c, results(0));
    CHECK(step.town_finished);
    CHECK_FALSE(step.follow_up);
    CHECK(queue.spent() == 3);
}

TEST_CASE("search queue: a query given back starts again first — a dropped one leaves its town partly done") {
    SearchQueue queue(plan_of(2, 2, true), 10, 0);
    auto a = queue.start();
    queue.give_back(*a);  // blocked: to be asked afresh, on another provider
    auto again = queue.start();
    REQUIRE(again);
    CHECK(again->query == a->query);
    CHECK(again->next_page.empty());
    queue.drop(*again);  // failed twice: left for the next run
    auto b = queue.start();
    CHECK(b->query == 1);
    CHECK(queue.on_page(*b, results(5)).answered);
    CHECK(queue.towns_partly_done() == 1);
    CHECK(queue.spent() == 3);
}

TEST_CASE("search queue: whatever the answers, blocks and failures, the budget holds — without them one town at most is left partly done") {
    std::mt19937 random(20261201);
    for (int round = 0; round < 300; ++round) {
        const std::size_t towns = 1 + random() % 6;
        const std::size_t per_town = 1 + random() % 8;
        const int budget = static_cast<int>(random() % 60);  // 0: no limit
        const std::size_t concurrency = 1 + random() % 4;
        SearchQueue queue(plan_of(towns, per_town, random() % 2), 10, budget);
        std::vector<SearchQueue::Task> in_flight;
        std::set<std::size_t> answered, dropped;
        int requests = 0;
        bool interrupted = false;  // a block or a failure gave a query back or dropped it
        while (true) {
            while (in_flight.size() < concurrency) {
                auto task = queue.start();
                if (!task) break;
                ++requests;
                in_flight.push_back(*task);
            }
            if (in_flight.empty()) break;
            const std::size_t pick = random() % in_flight.size();
            const auto task = in_flight[pick];
            in_flight.erase(in_flight.begin() + static_cast<std::ptrdiff_t>(pick));
            if (!task.canary && random() % 25 == 0) {  // blocked: asked afresh later
                queue.give_back(task);
                interrupted = true;
                continue;
            }
            if (!task.canary && random() % 40 == 0) {  // failed twice: left for the next run
                queue.drop(task);
                dropped.insert(task.query);
                interrupted = true;
                continue;
            }
            const int hits = static_cast<int>(random() % 4) * 2;  // 0, 2, 4 or 6 hits a page
            const bool more = random() % 3 == 0;
            auto step = queue.on_page(task, results(hits, more ? "next" : "", requests * 10));
            if (step.answered) CHECK(answered.insert(task.query).second);  // never answered twice
            if (step.follow_up) {
                ++requests;
                in_flight.push_back(*step.follow_up);
            }
        }
        INFO("round " << round << ": towns " << towns << " × " << per_town << ", budget " << budget);
        CHECK(requests == queue.spent());
        if (budget > 0) CHECK(requests <= budget);
        // blocks and failures near the end of the budget may leave a second town partly done
        if (!interrupted) CHECK(queue.towns_partly_done() <= 1);
        CHECK(answered.size() + dropped.size() + queue.waiting() == towns * per_town);
        if (budget == 0) CHECK(queue.waiting() == 0);
    }
}
