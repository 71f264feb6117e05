// The crawl cycle in-process, without sockets (a FakeFetcher answering from a FakeWeb): nights within
// a budget, failover after a CAPTCHA, a provider's silence caught by its canary, a killed run's
// unread pages, a stop by signal, and how a page found by one town's search counts for the town
// it names.
#include <doctest/doctest.h>

#include <csignal>
#include <set>

#include "pipeline.h"
#include "query/query_builder.h"
#include "scan/current_shortlist.h"
#include "scan/fake_web.h"
#include "scan/plan.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::FakeFetcher;
using sharitories::test::FakeWeb;

namespace {

const SystemTime night = *parse_iso("2026-12-01T23:00:00Z");

/// Four towns of the shipped list, their searches as scan builds them, and what the pipeline needs.
struct Scenario {
    std::vector<City> towns{test::shipped_town("29232"), test::shipped_town("56121"), test::shipped_town("56260"),
                            test::shipped_town("88160")};
    std::vector<Query> queries = [this] {
        AmbiguousNames ambiguous(test::shipped_keywords().ambiguous_names, test::shipped_towns());
        return build_queries(towns, test::shipped_keywords().keywords, ambiguous);
    }();
    ClassifierData classifier{test::shipped_keywords(), test::shipped_towns()};
    std::unique_ptr<SearchProvider> searxng = make_provider(ProviderKind::searxng, FakeWeb::searx_url, "", 10);
    std::unique_ptr<SearchProvider> duckduckgo = make_provider(ProviderKind::duckduckgo, FakeWeb::ddg_url, "", 10);
    std::vector<std::string> log;

    ScanSettings settings(int budget, SystemTime now = night) {
        ScanSettings settings;
        settings.workers = 2;
        settings.budget = budget;
        settings.now = [now] { return now; };
        settings.log = [this](const std::string& line) { log.push_back(line); };
        return settings;
    }

    ScanReport scan(FakeWeb& web, Store& store, int budget, std::vector<ProviderChoice> providers = {},
                    ScanControl* control = nullptr, SystemTime now = night) {
        if (providers.empty()) providers = {{searxng.get(), 4}};
        FakeFetcher fetcher(web.responder());
        fetcher.rounds = rounds;
        auto report = run_scan({towns, queries, classifier}, providers, fetcher, store,
                               settings(budget, now), control);
        requests = fetcher.answered();
        return report;
    }

    bool rounds = false;                 ///< the fetcher answers requests in flight together
    std::vector<FetchRequest> requests;  ///< what the last scan sent

    std::string shortlist(const Store& store) const {
        std::string text;
        for (const auto& row : shortlist_table(current_ranking(store, towns, queries)).rows) {
            for (std::size_t i = 0; i < row.size() - 2; ++i) text += row[i] + ",";  // coverage and date apart
            text += "\n";
        }
        return text;
    }

    /// The shortlist of one uninterrupted night without a budget, on a database of its own in `dir`.
    std::string reference_shortlist(const test::TempDir& dir) {
        FakeWeb web(towns);
        Store reference(dir.path() / "reference.db");
        scan(web, reference, 0);
        return shortlist(reference);
    }

    /// Towns with some queries standing answered and others due (the plan's partly done).
    std::size_t partly_done(const Store& store) const {
        const auto plan = plan_due_work(towns, queries, store.query_states(), to_iso(night - std::chrono::days(30)));
        return std::count_if(plan.towns.begin(), plan.towns.end(),
                             [](const TownWork& town) { return town.why == TownWork::Why::partly_done; });
    }
};

bool logged(const std::vector<std::string>& log, const std::string& text) {
    return std::any_of(log.begin(), log.end(), [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("pipeline: nights within a budget add up to the unlimited scan, no search asked twice") {
    Scenario scenario;
    test::TempDir dir;

    // the reference: one night without a budget
    Store reference(dir.path() / "reference.db");
    FakeWeb unlimited_web(scenario.towns);
    const ScanReport unlimited = scenario.scan(unlimited_web, reference, 0);
    CHECK(unlimited.status == RunStatus::done);
    CHECK(unlimited.answered == 96);
    CHECK(unlimited.searches == 192);  // each search: its first page, and the empty second that ends it
    CHECK(unlimited.due_after == 0);
    CHECK(unlimited_web.page_requests() == 20);  // five sites a town, each read once
    const std::string expected = scenario.shortlist(reference);
    CHECK(expected.find(",4,") != std::string::npos);  // towns with all four pillars

    // nights of a third of its searches, on one database
    Store store(dir.path() / "nights.db");
    const int budget = unlimited.searches / 3;
    std::set<std::string> asked;
    int nights = 0;
    for (; nights < 6; ++nights) {
        FakeWeb web(scenario.towns);
        const ScanReport report = scenario.scan(web, store, budget);
        INFO("night " << nights + 1);
        CHECK(report.searches <= budget);
        CHECK(web.searches() == report.searches);
        // a query is asked twice in a night (its second page), never on two nights
        const auto searched = web.searched("searxng");
        for (const auto& query : std::set<std::string>(searched.begin(), searched.end())) {
            INFO(query);
            CHECK(asked.insert(query).second);
        }
        CHECK(scenario.partly_done(store) <= 1);
        CHECK(report.status == RunStatus::done);
        if (report.due_after == 0) {
            ++nights;
            break;
        }
    }
    CHECK(nights >= 3);
    CHECK(nights <= 4);
    CHECK(asked.size() == 96);
    CHECK(scenario.shortlist(store) == expected);

    // one more night: nothing due, no search, the same shortlist
    FakeWeb idle_web(scenario.towns);
    const ScanReport idle = scenario.scan(idle_web, store, budget);
    CHECK(idle.status == RunStatus::done);
    CHECK(idle_web.searches() == 0);
    CHECK(idle.due_before == 0);
    CHECK(scenario.shortlist(store) == expected);
}

TEST_CASE("pipeline: a CAPTCHA hands the searches to the next provider, and the cooldown outlives the run") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb web(scenario.towns);
    web.ddg = [](int n) { return n <= 10 ? FakeWeb::Behaviour::answer : FakeWeb::Behaviour::captcha; };
    const std::vector<ProviderChoice> both{{scenario.duckduckgo.get(), 1}, {scenario.searxng.get(), 4}};
    const ScanReport first = scenario.scan(web, store, 60, both);
    CHECK(web.searched("duckduckgo").size() == 11);  // ten answers, one CAPTCHA, then not one more request
    CHECK(first.blocked == 1);
    CHECK(first.status == RunStatus::partial);  // a block is said, even when another provider took over
    CHECK(first.searches <= 60);
    CHECK(web.searched("searxng").size() >= 40);  // searxng spent the rest of the budget
    CHECK(first.due_after > 0);
    CHECK(logged(scenario.log, "searxng takes over"));
    const auto providers = store.providers();
    const auto ddg = std::find_if(providers.begin(), providers.end(), [](auto& p) { return p.name == "duckduckgo"; });
    REQUIRE(ddg != providers.end());
    CHECK(ddg->cooldown_until == to_iso(night + std::chrono::hours(1)));
    CHECK(ddg->blocks_in_a_row == 1);
    CHECK(ddg->reason.find("CAPTCHA") != std::string::npos);

    // a second run half an hour later: duckduckgo is not sent a single request, searxng does the work
    FakeWeb later(scenario.towns);
    scenario.log.clear();
    const ScanReport second = scenario.scan(later, store, 0, both, nullptr, night + std::chrono::minutes(30));
    CHECK(later.searched("duckduckgo").empty());
    CHECK(logged(scenario.log, "duckduckgo is left alone until " + to_iso(night + std::chrono::hours(1))));
    CHECK(second.status == RunStatus::done);
    CHECK(second.due_after == 0);

    // it blocks again once its cooldown is over: two hours this time
    FakeWeb again(scenario.towns);
    again.ddg = [](int) { return FakeWeb::Behaviour::captcha; };
    Store third_store(dir.path() / "third.db");
    third_store.save_provider({"duckduckgo", to_iso(night), 1, "CAPTCHA"});
    scenario.scan(again, third_store, 0, both, nullptr, night + std::chrono::hours(2));
    CHECK(third_store.providers().front().cooldown_until == to_iso(night + std::chrono::hours(4)));
    CHECK(third_store.providers().front().blocks_in_a_row == 2);
}

TEST_CASE("pipeline: a provider that falls silent is caught by its canary — its empty answers are asked again") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb web(scenario.towns);
    // like a searx whose engines were suspended: 200 and an empty list, without a word, from the 60th search on
    web.searx = [](int n) { return n < 60 ? FakeWeb::Behaviour::answer : FakeWeb::Behaviour::silent; };
    const ScanReport first = scenario.scan(web, store, 0, {{scenario.searxng.get(), 1}});
    CHECK(first.status == RunStatus::partial);  // never reported as a success
    CHECK(first.canaries == 1);
    CHECK(first.withdrawn >= 24);  // the silent town's, and those of the town before it since the silence began
    CHECK(first.due_after == static_cast<std::size_t>(96 - first.answered + first.withdrawn));
    CHECK(first.due_after >= 36);
    CHECK(!first.problems.empty());
    CHECK(first.problems.front().find("silent") != std::string::npos);
    // the town before the silent one came out partly done, its last answers withdrawn with the others
    const auto coverage_ranking = current_ranking(store, scenario.towns, scenario.queries);
    const auto silent_cover = std::count_if(coverage_ranking.begin(), coverage_ranking.end(),
                                            [](const CityScore& s) { return s.coverage < 1.0; });
    CHECK(silent_cover >= 2);

    // the next night, the cooldown over and the server healthy: those queries are asked again
    FakeWeb healthy(scenario.towns);
    const ScanReport second = scenario.scan(healthy, store, 0, {{scenario.searxng.get(), 1}}, nullptr,
                                            night + std::chrono::hours(20));
    CHECK(second.status == RunStatus::done);
    CHECK(static_cast<std::size_t>(second.answered) == first.due_after);
    CHECK(second.due_after == 0);
    CHECK(scenario.shortlist(store) == scenario.reference_shortlist(dir));
}

TEST_CASE("pipeline: a town with genuinely nothing costs one canary, and its empty answers stand") {
    Scenario scenario;
    scenario.towns = {test::shipped_town("56121")};
    scenario.queries = build_queries(scenario.towns, test::shipped_keywords().keywords,
                                     AmbiguousNames(test::shipped_keywords().ambiguous_names, test::shipped_towns()));
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb web(scenario.towns);
    // every keyword search empty, but the town's name alone finds pages
    web.searx = [&web](int) {
        const auto asked = web.searched("searxng");
        return asked.back().find('(') == std::string::npos ? FakeWeb::Behaviour::answer : FakeWeb::Behaviour::silent;
    };
    const ScanReport report = scenario.scan(web, store, 0, {{scenario.searxng.get(), 1}});
    CHECK(report.canaries == 1);
    CHECK(report.status == RunStatus::done);
    CHECK(report.withdrawn == 0);
    CHECK(report.due_after == 0);
    CHECK(web.page_requests() == 0);  // the canary's hits are not read: it only tells silence from nothing
}

TEST_CASE("pipeline: pages a killed run's answers listed are read by the next run, without searching again") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    // as a run killed after Lorient's first search was answered and committed, before its pages
    const std::int64_t killed = store.begin_run(to_iso(night - std::chrono::hours(1)), 4, 0);
    const Query& first = scenario.queries[24];  // Lorient's first search (Quimper's 24 come first)
    REQUIRE(first.insee == "56121");
    std::vector<SearchHit> hits;
    FakeWeb web(scenario.towns);
    for (const auto& url : web.sites("56121")) hits.push_back({url, "Résultat", "", static_cast<int>(hits.size()) + 1});
    store.record_answer(killed, first, "searxng", hits, to_iso(night - std::chrono::minutes(50)), "");

    const ScanReport report = scenario.scan(web, store, 0);
    CHECK(store.runs().front().status == "killed");
    CHECK(logged(scenario.log, "ended without finishing"));
    const auto asked = web.searched("searxng");
    CHECK(std::count(asked.begin(), asked.end(), first.text) == 0);
    CHECK(report.answered == 95);
    CHECK(report.due_after == 0);
    CHECK(web.page_requests() == 20);
    auto lorient = store.current_evidence({"56121"});
    CHECK(lorient.size() >= 4);
}

TEST_CASE("pipeline: a stop (a signal) ends the run at once, marked interrupted — the next run completes it") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb web(scenario.towns);
    ScanControl control;
    web.on_search = [&](int n) {
        if (n == 30) control.stop(SIGTERM);
    };
    const ScanReport report = scenario.scan(web, store, 0, {{scenario.searxng.get(), 1}}, &control);
    CHECK(report.status == RunStatus::interrupted);
    CHECK(web.searches() == 30);  // not one request after the stop
    CHECK(report.answered >= 14);
    CHECK(report.answered < 16);
    CHECK(store.latest_run()->status == "interrupted");
    CHECK(control.signal() == SIGTERM);

    FakeWeb next(scenario.towns);
    const ScanReport resumed = scenario.scan(next, store, 0);
    CHECK(resumed.status == RunStatus::done);
    CHECK(resumed.answered == 96 - report.answered);
    CHECK(scenario.shortlist(store) == scenario.reference_shortlist(dir));
}

TEST_CASE("pipeline: a provider that keeps failing is given up for the run — most searches failed is a failed run") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb web(scenario.towns);
    web.searx = [](int) { return FakeWeb::Behaviour::error; };
    const ScanReport report = scenario.scan(web, store, 0);
    CHECK(report.status == RunStatus::failed);
    // four searches in flight at once; while they fail no other is started, and three errors in a row
    // give the provider up: not 192
    CHECK(web.searches() == 4);
    CHECK(logged(scenario.log, "not asked again this run"));
    CHECK(store.latest_run()->status == "failed");
    CHECK(report.due_after == 96);
}

TEST_CASE("pipeline: a page found by one town's search counts for the town it names") {
    Scenario scenario;
    scenario.towns = {test::shipped_town("56260"), test::shipped_town("56121")};  // Vannes, Lorient
    scenario.queries = {Query{"56260", "Vannes", Pillar::production, 1, {"tiers-lieu"}, false, "\"Vannes\" \"tiers-lieu\""}};
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    const std::string lorient_page = test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html");
    FakeFetcher fetcher([&](const FetchRequest& request) {
        FetchResult result;
        result.status = 200;
        if (request.url.starts_with(FakeWeb::searx_url)) {
            result.content_type = "application/json";
            result.body = request.url.find("pageno=1") != std::string::npos
                              ? R"({"results": [{"url": "https://lafabrique-lorient.fr/", "title": "La Fabrique"}]})"
                              : R"({"results": []})";
        } else {
            result.content_type = "text/html";
            result.body = lorient_page;
        }
        return result;
    });
    const auto report = run_scan({scenario.towns, scenario.queries, scenario.classifier},
                                 {{scenario.searxng.get(), 1}}, fetcher, store, scenario.settings(0));
    CHECK(report.pages_fetched == 1);
    const auto evidence = store.current_evidence();
    REQUIRE_FALSE(evidence.empty());
    for (const auto& row : evidence) CHECK(row.insee == "56121");
}

TEST_CASE("pipeline: requests in flight when a provider blocks are not followed by more requests to it") {
    Scenario scenario;
    scenario.rounds = true;  // four searches in flight at once, as with a real engine
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb web(scenario.towns);
    // the third searxng request gets a 429 (for an hour): it is in flight with three others
    web.searx = [](int n) { return n == 3 ? FakeWeb::Behaviour::captcha : FakeWeb::Behaviour::answer; };
    const std::vector<ProviderChoice> both{{scenario.searxng.get(), 4}, {scenario.duckduckgo.get(), 1}};
    const ScanReport report = scenario.scan(web, store, 0, both);
    // the two answered before the 429 came back had asked for their next pages; the one answered
    // after it does not send its own to searxng: duckduckgo asks it afresh, with the blocked one
    CHECK(web.searched("searxng").size() == 4 + 2);
    CHECK(report.blocked == 1);
    CHECK(report.due_after == 0);
    CHECK(web.searched("duckduckgo").size() == 96 - 2);
    CHECK(report.searches == 6 + 94);  // the next page not sent is not counted
}

TEST_CASE("pipeline: searches blocked together are one block: the cooldown does not double for them") {
    Scenario scenario;
    scenario.rounds = true;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb web(scenario.towns);
    web.ddg = [](int n) { return n <= 2 ? FakeWeb::Behaviour::answer : FakeWeb::Behaviour::captcha; };
    const ScanReport report = scenario.scan(web, store, 0, {{scenario.duckduckgo.get(), 2}, {scenario.searxng.get(), 4}});
    CHECK(web.searched("duckduckgo").size() == 4);  // two answered, then two in flight both blocked
    CHECK(report.blocked == 2);
    const auto providers = store.providers();
    REQUIRE(providers.front().name == "duckduckgo");
    CHECK(providers.front().blocks_in_a_row == 1);
    CHECK(providers.front().cooldown_until == to_iso(night + std::chrono::hours(1)));
    CHECK(report.due_after == 0);  // searxng did the rest
}

TEST_CASE("pipeline: an answer after a cooldown resets the block count the store keeps") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    store.save_provider({"duckduckgo", to_iso(night - std::chrono::hours(1)), 3, "CAPTCHA"});
    FakeWeb web(scenario.towns);
    scenario.scan(web, store, 20, {{scenario.duckduckgo.get(), 1}});
    CHECK(web.searched("duckduckgo").size() == 19);  // the 20th is kept back for a next page, unused
    const auto providers = store.providers();
    REQUIRE(providers.front().name == "duckduckgo");
    CHECK(providers.front().blocks_in_a_row == 0);  // its next block is an hour again, not 8
}

TEST_CASE("pipeline: a canary that gets no answer leaves the town's empty answers standing") {
    Scenario scenario;
    scenario.towns = {test::shipped_town("56121")};
    scenario.queries = build_queries(scenario.towns, test::shipped_keywords().keywords,
                                     AmbiguousNames(test::shipped_keywords().ambiguous_names, test::shipped_towns()));
    for (const auto behaviour : {FakeWeb::Behaviour::error, FakeWeb::Behaviour::captcha}) {
        test::TempDir dir;
        Store store(dir.path() / "scan.db");
        FakeWeb web(scenario.towns);
        web.searx = [&web, behaviour](int) {  // every keyword search empty; the canary: an error or a block
            return web.searched("searxng").back().find('(') == std::string::npos ? behaviour : FakeWeb::Behaviour::silent;
        };
        const ScanReport report = scenario.scan(web, store, 0, {{scenario.searxng.get(), 1}});
        INFO((behaviour == FakeWeb::Behaviour::error ? "a 502" : "a 429"));
        CHECK(report.canaries == 1);
        CHECK(report.withdrawn == 0);
        CHECK(report.due_after == 0);
        CHECK(report.status == RunStatus::partial);
        REQUIRE_FALSE(report.problems.empty());
        CHECK(report.problems.front().find("unverified") != std::string::npos);
        const bool cooling = !store.providers().empty() && !store.providers().front().cooldown_until.empty();
        CHECK(cooling == (behaviour == FakeWeb::Behaviour::captcha));
    }
}

TEST_CASE("pipeline: answers are asked again after --refresh-days, and pages read again after --max-age") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb first(scenario.towns);
    scenario.scan(first, store, 0);
    FakeWeb five_days(scenario.towns);  // within --max-age (7 days) too: not a page read
    const ScanReport early = scenario.scan(five_days, store, 0, {}, nullptr, night + std::chrono::days(5));
    CHECK(early.due_before == 0);
    CHECK(five_days.searches() == 0);
    CHECK(five_days.page_requests() == 0);
    FakeWeb a_month(scenario.towns);
    const ScanReport refreshed = scenario.scan(a_month, store, 60, {}, nullptr, night + std::chrono::days(31));
    CHECK(refreshed.due_before == 96);
    CHECK(refreshed.searches <= 60);
    CHECK(refreshed.answered == 30);  // two requests each: a town and a quarter of the next
    // every page older than --max-age is read again, its searches refreshed tonight or not: pages
    // cost no search
    CHECK(a_month.page_requests() == 20);
    CHECK(current_ranking(store, scenario.towns, scenario.queries).front().coverage == doctest::Approx(1.0));
}

TEST_CASE("pipeline: a provider near the end of a short cooldown is waited for — a fallback keeps to its own allowance") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb web(scenario.towns);
    // searxng asks for 30 s once: the run waits for it rather than ending its searching
    web.searx = [](int n) { return n == 3 ? FakeWeb::Behaviour::rate_limited : FakeWeb::Behaviour::answer; };
    const ScanReport waited = scenario.scan(web, store, 0, {{scenario.searxng.get(), 1}});
    CHECK(waited.due_after == 0);
    CHECK(waited.blocked == 1);
    const auto delayed = std::count_if(scenario.requests.begin(), scenario.requests.end(),
                                       [](const FetchRequest& request) { return request.delay >= std::chrono::seconds(29); });
    CHECK(delayed >= 1);

    // searxng blocks for an hour: duckduckgo takes over, but no more than its own allowance
    test::TempDir other;
    Store fallback_store(other.path() / "scan.db");
    FakeWeb blocked(scenario.towns);
    blocked.searx = [](int) { return FakeWeb::Behaviour::captcha; };
    const ScanReport report =
        scenario.scan(blocked, fallback_store, 0, {{scenario.searxng.get(), 1}, {scenario.duckduckgo.get(), 1, 10}});
    CHECK(blocked.searched("duckduckgo").size() == 10);
    CHECK(report.status == RunStatus::partial);
    CHECK(report.notes.back().find("duckduckgo has had its 10 searches of the night") != std::string::npos);
}

TEST_CASE("pipeline: pages younger than --max-age are not fetched, older ones are revalidated — a 304 keeps their verdict") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    // the web with validators: an ETag for every page, honoured as a server would (the fetcher reports
    // a 304 to a conditional request as not_modified)
    int bodies = 0, not_modified = 0;
    auto conditional = [&](FakeWeb& web) {
        return [&](const FetchRequest& request) {
            FetchResult result = web.respond(request);
            if (request.url.starts_with(FakeWeb::searx_url)) return result;
            result.etag = "\"" + std::to_string(std::hash<std::string>{}(result.body)) + "\"";
            if (!request.if_none_match.empty() && request.if_none_match == result.etag) {
                result.status = 304;
                result.body.clear();
                result.not_modified = true;
                ++not_modified;
            } else {
                ++bodies;
            }
            return result;
        };
    };
    auto scan = [&](FakeWeb& web, SystemTime now) {
        FakeFetcher fetcher(conditional(web));
        auto report = run_scan({scenario.towns, scenario.queries, scenario.classifier}, {{scenario.searxng.get(), 4}},
                               fetcher, store, scenario.settings(0, now));
        scenario.requests = fetcher.answered();
        return report;
    };
    FakeWeb first(scenario.towns);
    const ScanReport night1 = scan(first, night);
    CHECK(night1.pages_fetched == 20);
    CHECK(night1.pages_revalidated == 0);
    CHECK(bodies == 20);
    const auto evidence = store.current_evidence();
    const std::string expected = scenario.shortlist(store);
    REQUIRE(evidence.size() >= 12);

    // three days on: every page is fresh, not one is asked for (the searches, due after 30 days, neither)
    FakeWeb three_days(scenario.towns);
    bodies = 0;
    const ScanReport fresh = scan(three_days, night + std::chrono::days(3));
    CHECK(three_days.page_requests() == 0);
    CHECK(fresh.pages_fresh == 0);  // nothing searched, nothing found again: nothing even considered
    CHECK(fresh.pages_fetched == 0);

    // eight days on: the pages are older than the 7-day default, their searches not due; each page is
    // asked for once with its ETag, and the 304s keep every verdict
    FakeWeb eight_days(scenario.towns);
    const SystemTime later = night + std::chrono::days(8);
    const ScanReport revalidated = scan(eight_days, later);
    CHECK(eight_days.searches() == 0);
    CHECK(eight_days.page_requests() == 20);
    CHECK(not_modified == 20);
    CHECK(bodies == 0);
    CHECK(revalidated.pages_revalidated == 20);
    CHECK(revalidated.pages_fetched == 0);
    CHECK(revalidated.evidence_rows == 0);
    CHECK(store.latest_run()->pages_fetched == 20);  // the runs table: fetched with a verdict that stands
    for (const auto& request : scenario.requests) {
        INFO(request.url);
        CHECK_FALSE(request.if_none_match.empty());
    }
    const auto kept = store.current_evidence();
    REQUIRE(kept.size() == evidence.size());
    for (std::size_t i = 0; i < kept.size(); ++i) {
        CHECK(kept[i].url == evidence[i].url);
        CHECK(kept[i].fetched_at == evidence[i].fetched_at);
    }
    CHECK(scenario.shortlist(store) == expected);
    for (const auto& seen : store.initiatives()) {
        INFO(seen.initiative);
        CHECK(seen.first_seen == to_iso(night));
        CHECK(seen.last_seen == to_iso(later));
    }
}

TEST_CASE("pipeline: a page found again the same night by many searches is fetched once, its searches refreshed or not") {
    Scenario scenario;
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    FakeWeb first(scenario.towns);
    scenario.scan(first, store, 0);
    // every search asked again (--refresh-days 0) and every page stale (--max-age 0): each page once
    FakeWeb again(scenario.towns);
    FakeFetcher fetcher(again.responder());
    auto settings = scenario.settings(0, night + std::chrono::hours(1));
    settings.refresh_days = 0;
    settings.max_age = std::chrono::seconds(0);
    const ScanReport report = run_scan({scenario.towns, scenario.queries, scenario.classifier},
                                       {{scenario.searxng.get(), 4}}, fetcher, store, settings);
    CHECK(report.answered == 96);
    CHECK(again.page_requests() == 20);
    CHECK(report.pages_fetched == 20);  // no validators (the fake web sends none): downloaded
    CHECK(report.pages_revalidated == 0);
}
