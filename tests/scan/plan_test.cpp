// What is due: never-answered and stale queries, town by town in the documented order; coverage;
// which failures are worth another try is tested with the pages' freshness (page_freshness_test.cpp).
#include <doctest/doctest.h>

#include "scan/plan.h"

using namespace sharitories;

namespace {

City town(std::string insee, std::string name) {
    City city;
    city.insee = std::move(insee);
    city.name = std::move(name);
    return city;
}

/// `count` queries per town, texts "<name> qN".
std::vector<Query> queries_for(const std::vector<City>& towns, int count) {
    std::vector<Query> queries;
    for (const auto& t : towns)
        for (int i = 1; i <= count; ++i)
            queries.push_back({t.insee, t.name, Pillar::production, i, {}, false, "\"" + t.name + "\" q" + std::to_string(i)});
    return queries;
}

QueryState answered(const Query& query, std::string at, int hits = 3) {
    QueryState state;
    state.insee = query.insee;
    state.text = query.text;
    state.provider = "searxng";
    state.outcome = hits ? QueryOutcome::hits : QueryOutcome::no_results;
    state.answered_at = state.attempted_at = std::move(at);
    state.hits = hits;
    return state;
}

}  // namespace

TEST_CASE("plan: a town left partly done first, then towns never searched, then the longest unsearched") {
    const std::vector<City> towns{town("11262", "Narbonne"), town("29019", "Brest"), town("56121", "Lorient"),
                                  town("56260", "Vannes"), town("88160", "Épinal")};
    const auto queries = queries_for(towns, 3);
    const std::string stale_before = "2026-11-01T00:00:00Z";
    std::vector<QueryState> states;
    // Narbonne: all answered recently — nothing due
    for (int i = 0; i < 3; ++i) states.push_back(answered(queries[i], "2026-11-20T22:00:00Z"));
    // Brest: all answered, but long ago (2026-09) — stale
    for (int i = 3; i < 6; ++i) states.push_back(answered(queries[i], "2026-09-10T22:00:00Z"));
    // Lorient: nothing answered — never searched (a blocked attempt is not an answer)
    QueryState blocked;
    blocked.insee = "56121";
    blocked.text = queries[6].text;
    blocked.outcome = QueryOutcome::blocked;
    blocked.attempted_at = "2026-11-20T22:00:00Z";
    states.push_back(blocked);
    // Vannes: all answered, even longer ago — stale, before Brest
    for (int i = 9; i < 12; ++i) states.push_back(answered(queries[i], "2026-08-01T22:00:00Z", 0));
    // Épinal: one answered recently, two not — partly done
    states.push_back(answered(queries[12], "2026-11-20T22:00:00Z"));

    const CrawlPlan plan = plan_due_work(towns, queries, states, stale_before);
    REQUIRE(plan.towns.size() == 4);
    CHECK(plan.towns[0].town == 4);  // Épinal, partly done
    CHECK(plan.towns[0].why == TownWork::Why::partly_done);
    CHECK(plan.towns[0].due == std::vector<std::size_t>{13, 14});
    CHECK(plan.towns[0].has_hits);
    CHECK(plan.towns[1].town == 2);  // Lorient, never searched
    CHECK(plan.towns[1].why == TownWork::Why::never_searched);
    CHECK(plan.towns[1].oldest_answer.empty());
    CHECK(plan.towns[2].town == 3);  // Vannes, stale since August
    CHECK(plan.towns[2].why == TownWork::Why::stale);
    CHECK_FALSE(plan.towns[2].has_hits);  // its answers are due again: they say nothing now
    CHECK(plan.towns[3].town == 1);  // Brest, stale since September
    CHECK(plan.towns[3].oldest_answer == "2026-09-10T22:00:00Z");
    CHECK(plan.due_queries() == 2 + 3 + 3 + 3);

    // a changed keyword file makes new query texts: they are due, the old answers do not count
    auto changed = queries;
    changed[0].text += " OR makerspace";
    const CrawlPlan replan = plan_due_work(towns, changed, states, stale_before);
    REQUIRE(replan.towns.size() == 5);
    CHECK(replan.towns[0].town == 0);  // Narbonne is now partly done, and comes first
    CHECK(replan.towns[0].due == std::vector<std::size_t>{0});
}

TEST_CASE("plan: coverage is the share of a town's planned queries answered, searched_at its oldest answer") {
    const std::vector<City> towns{town("56121", "Lorient"), town("88160", "Épinal")};
    const auto queries = queries_for(towns, 4);
    std::vector<QueryState> states{answered(queries[0], "2026-11-20T22:00:00Z"),
                                   answered(queries[1], "2026-10-02T03:00:00Z", 0),
                                   answered(queries[2], "2026-11-21T01:00:00Z")};
    QueryState silenced;
    silenced.insee = "56121";
    silenced.text = queries[3].text;
    silenced.outcome = QueryOutcome::silenced;
    states.push_back(silenced);
    const auto coverage = town_coverage(towns, queries, states);
    CHECK(coverage.at("56121").planned == 4);
    CHECK(coverage.at("56121").answered == 3);
    CHECK(coverage.at("56121").share() == doctest::Approx(0.75));
    CHECK(coverage.at("56121").searched_at == "2026-10-02");
    CHECK(coverage.at("88160").share() == 0.0);
    CHECK(coverage.at("88160").searched_at.empty());
}
