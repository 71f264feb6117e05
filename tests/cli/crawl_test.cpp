// End to end, the built `sharitories scan` as cron runs it, night after night on one database,
// against local servers that count what they are asked (a SearXNG-like API, a DuckDuckGo-like
// endpoint, five French sites a town; all on 127.0.0.1, host names pinned with --resolve): nights
// within a budget, kill -9 and SIGTERM at several points, a provider turning to CAPTCHAs, a searx
// falling silent.
#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <thread>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "fetch/test_server.h"
#include "model/timestamp.h"
#include "query/query_builder.h"
#include "scan/fake_web.h"
#include "scan/plan.h"
#include "store/store.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::FakeWeb;
using sharitories::test::RunResult;
using sharitories::test::SharitoriesProcess;
using sharitories::test::TempDir;
using sharitories::test::TestServer;

namespace {

const std::vector<std::string> towns{"29232", "56121", "56260"};  // Quimper, Lorient, Vannes: 72 searches

/// The local web: the sites and the search servers of a FakeWeb, served over HTTP.
class LocalWeb {
public:
    LocalWeb() : sites_(16), searx_(4), ddg_(4) {
        sites_.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
        sites_.http().Get(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
            serve(content().page("http://" + request.get_header_value("Host") + request.path), response);
        });
        searx_.http().Get("/search", [this](const httplib::Request& request, httplib::Response& response) {
            serve(content().search("searxng", request.get_param_value("q"), std::stoi(request.get_param_value("pageno"))),
                  response);
        });
        ddg_.http().Post("/html/", [this](const httplib::Request& request, httplib::Response& response) {
            serve(content().search("duckduckgo", request.get_param_value("q"), request.has_param("s") ? 2 : 1), response);
        });
        sites_.start();
        searx_.start();
        ddg_.start();
        std::vector<City> cities;
        for (const auto& insee : towns) cities.push_back(test::shipped_town(insee));
        const std::string port = std::to_string(sites_.port());
        web_ = std::make_unique<FakeWeb>(cities, [port](const std::string& site) { return "http://" + site + ".test:" + port + "/"; });
        for (const auto& town : cities)
            for (const auto& url : web_->sites(town.insee)) hosts_.push_back(url.substr(7, url.find(':', 7) - 7));
    }

    /// A fresh count (and behaviour) for the next run; the servers stay.
    FakeWeb& reset() {
        std::vector<City> cities;
        for (const auto& insee : towns) cities.push_back(test::shipped_town(insee));
        const std::string port = std::to_string(sites_.port());
        std::lock_guard lock(mutex_);
        web_ = std::make_unique<FakeWeb>(cities, [port](const std::string& site) { return "http://" + site + ".test:" + port + "/"; });
        return *web_;
    }
    FakeWeb& content() {
        std::lock_guard lock(mutex_);
        return *web_;
    }

    /// A scan of the three towns on `db`, searxng first unless `extra` says otherwise.
    std::vector<std::string> scan_args(const std::string& db, std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"scan", "--insee", "29232,56121,56260", "--db", db, "--allow-private-hosts",
                                      "--per-host-delay-ms", "0", "--search-delay-ms", "0", "--workers", "2",
                                      "--format", "csv"};
        bool provider_given = false;
        for (const auto& arg : extra) provider_given = provider_given || arg == "--provider";
        if (!provider_given) {
            args.insert(args.end(), {"--search-url", "http://127.0.0.1:" + std::to_string(searx_.port())});
        }
        args.insert(args.end(), extra.begin(), extra.end());
        for (const auto& host : hosts_) {
            args.push_back("--resolve");
            args.push_back(host + ":" + std::to_string(sites_.port()) + ":127.0.0.1");
        }
        return args;
    }
    std::string searx_url() const { return "http://127.0.0.1:" + std::to_string(searx_.port()); }
    std::string ddg_url() const { return "http://127.0.0.1:" + std::to_string(ddg_.port()) + "/html/"; }

private:
    static void serve(const FetchResult& result, httplib::Response& response) {
        response.status = result.status;
        response.set_content(result.body, result.content_type + (result.content_type == "text/html" ? "; charset=utf-8" : ""));
    }

    TestServer sites_, searx_, ddg_;
    std::mutex mutex_;
    std::unique_ptr<FakeWeb> web_;
    std::vector<std::string> hosts_;
};

/// The searches of the three towns, as scan builds them.
std::vector<Query> planned_queries() {
    std::vector<City> cities;
    for (const auto& insee : towns) cities.push_back(test::shipped_town(insee));
    AmbiguousNames ambiguous(test::shipped_keywords().ambiguous_names, test::shipped_towns());
    return build_queries(cities, test::shipped_keywords().keywords, ambiguous);
}

/// The query texts a store holds answered.
std::set<std::string> answered_in(const std::string& db) {
    std::set<std::string> texts;
    Store store(db);
    for (const auto& state : store.query_states())
        if (state.answered()) texts.insert(state.text);
    return texts;
}

/// Towns with some searches answered and others due.
std::size_t partly_done(const std::string& db) {
    std::vector<City> cities;
    for (const auto& insee : towns) cities.push_back(test::shipped_town(insee));
    Store store(db);
    const auto plan = plan_due_work(cities, planned_queries(), store.query_states(), "2000-01-01T00:00:00Z");
    return std::count_if(plan.towns.begin(), plan.towns.end(),
                         [](const TownWork& town) { return town.why == TownWork::Why::partly_done; });
}

/// "due N queries" of the summary line.
int due_after(const RunResult& run) {
    const auto at = run.err.find("; due ");
    REQUIRE(at != std::string::npos);
    return std::stoi(run.err.substr(at + 6));
}

std::set<std::string> distinct(const std::vector<std::string>& queries) { return {queries.begin(), queries.end()}; }

/// The reference: one scan without a budget on a database of its own.
std::string reference_shortlist(LocalWeb& web, const TempDir& dir) {
    web.reset();
    auto run = test::run_sharitories(web.scan_args((dir.path() / "reference.db").string(), {"--budget", "0"}));
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    return run.out;
}

}  // namespace

TEST_CASE("crawl: nights at a third of the searches add up to the unlimited scan — then nothing is sent") {
    LocalWeb web;
    TempDir dir;
    web.reset();
    const std::string reference_db = (dir.path() / "reference.db").string();
    auto unlimited = test::run_sharitories(web.scan_args(reference_db, {"--budget", "0"}));
    REQUIRE(unlimited.exit_code == 0);
    const int searches = web.content().searches();
    CHECK(searches == 144);  // 72 searches, each with its empty second page
    CHECK(web.content().page_requests() == 15);
    const std::string expected = unlimited.out;
    CHECK(expected.find("rank,insee,city,departement,population,score,consommation,production,financement,"
                        "gouvernance,pillars,per_10k,top_evidence,coverage,searched_at") == 0);

    const std::string db = (dir.path() / "nights.db").string();
    const int budget = searches / 3;
    std::set<std::string> asked;
    int nights = 0;
    RunResult last;
    while (nights < 6) {
        FakeWeb& count = web.reset();
        last = test::run_sharitories(web.scan_args(db, {"--budget", std::to_string(budget)}));
        ++nights;
        INFO("night " << nights << ": " << last.err);
        CHECK(last.exit_code == 0);  // a night that spends its budget has done its job
        CHECK(count.searches() <= budget);
        for (const auto& query : distinct(count.searched("searxng"))) {
            INFO(query);
            CHECK(asked.insert(query).second);  // never asked on two nights
        }
        CHECK(partly_done(db) <= 1);
        CHECK(last.out.find("rank,insee") == 0);  // a shortlist every night
        if (due_after(last) == 0) break;
    }
    CHECK(nights >= 3);
    CHECK(nights <= 4);
    CHECK(asked.size() == 72);
    CHECK(last.out == expected);

    FakeWeb& idle = web.reset();
    auto extra = test::run_sharitories(web.scan_args(db, {"--budget", std::to_string(budget)}));
    CHECK(extra.exit_code == 0);
    CHECK(idle.searches() == 0);
    CHECK(idle.page_requests() == 0);
    CHECK(extra.out == expected);
    CHECK(extra.err.find("nothing was due") != std::string::npos);

    // rank, without the network, writes the same shortlist from the store
    auto rank = test::run_sharitories({"rank", "--db", db, "--format", "csv"});
    CHECK(rank.exit_code == 0);
    CHECK(rank.out == expected);
}

TEST_CASE("crawl: killed with SIGKILL at several points, a plain re-run ends as an uninterrupted scan, re-asking nothing answered") {
    LocalWeb web;
    TempDir dir;
    const std::string expected = reference_shortlist(web, dir);
    struct Point {
        const char* where;
        int searches;  // kill at this search (0: at a page instead)
        int pages;
    };
    for (const Point point : {Point{"the first search", 1, 0}, Point{"mid-way through the searches", 41, 0},
                              Point{"near the end", 140, 0}, Point{"during the page fetches", 0, 6}}) {
        INFO("killed at " << point.where);
        const std::string db = (dir.path() / (std::string("killed-") + std::to_string(point.searches) + "-" +
                                              std::to_string(point.pages) + ".db"))
                                   .string();
        FakeWeb& first = web.reset();
        std::atomic<SharitoriesProcess*> target{nullptr};
        if (point.searches) {
            first.on_search = [&](int n) {
                if (n != point.searches) return;
                while (!target) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                target.load()->signal(SIGKILL);
            };
        }
        // one search at a time, so that "the n-th search" is one point of the run
        SharitoriesProcess scan(web.scan_args(db, {"--budget", "0", "--search-concurrency", "1"}));
        target = &scan;
        // pages: killed as soon as the n-th page has been asked for
        std::thread page_killer;
        std::atomic<bool> done{false};
        if (point.pages) {
            page_killer = std::thread([&] {
                while (!done && first.page_requests() < point.pages) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                if (!done) scan.signal(SIGKILL);
            });
        }
        const RunResult killed = scan.wait();
        done = true;
        if (page_killer.joinable()) page_killer.join();
        CHECK(killed.exit_code == 128 + SIGKILL);
        const std::set<std::string> answered = answered_in(db);
        if (point.searches == 41) CHECK(answered.size() >= 19);  // two requests a search: 20 done before the 41st

        FakeWeb& again = web.reset();
        auto rerun = test::run_sharitories(web.scan_args(db, {"--budget", "0"}));
        INFO(rerun.err);
        CHECK(rerun.exit_code == 0);
        CHECK(rerun.err.find("ended without finishing") != std::string::npos);
        for (const auto& query : distinct(again.searched("searxng"))) {
            INFO(query);
            CHECK(answered.count(query) == 0);  // what was answered is not asked again
        }
        CHECK(answered.size() + distinct(again.searched("searxng")).size() == 72);
        CHECK(rerun.out == expected);
        Store store(db);
        CHECK(store.runs().front().status == "killed");
        CHECK(store.runs().back().status == "done");
    }
}

TEST_CASE("crawl: SIGTERM stops the scan cleanly (exit 143, run interrupted), and the next scan completes it") {
    LocalWeb web;
    TempDir dir;
    const std::string expected = reference_shortlist(web, dir);
    const std::string db = (dir.path() / "scan.db").string();
    const auto out = dir.write("shortlist.csv", "yesterday\n");
    FakeWeb& first = web.reset();
    std::vector<std::string> args = web.scan_args(db, {"--budget", "0", "--search-concurrency", "1"});
    args.insert(args.end(), {"--out", out.string()});
    std::atomic<SharitoriesProcess*> target{nullptr};
    first.on_search = [&](int n) {
        if (n != 30) return;
        while (!target) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        target.load()->signal(SIGTERM);
    };
    SharitoriesProcess scan(args);
    target = &scan;
    const RunResult stopped = scan.wait();
    INFO(stopped.err);
    CHECK(stopped.exit_code == 143);
    CHECK(stopped.err.find("stopping: no new work is taken") != std::string::npos);
    CHECK(stopped.err.find("the next scan goes on from there") != std::string::npos);
    CHECK(first.searches() <= 31);  // no new search once the signal came
    CHECK(test::read_file(out) == "yesterday\n");  // an interrupted night writes no shortlist
    {
        Store store(db);
        CHECK(store.latest_run()->status == "interrupted");
    }
    const auto answered = answered_in(db);
    CHECK(answered.size() >= 14);

    FakeWeb& next = web.reset();
    auto resumed = test::run_sharitories(web.scan_args(db, {"--budget", "0"}));
    CHECK(resumed.exit_code == 0);
    CHECK(distinct(next.searched("searxng")).size() == 72 - answered.size());
    CHECK(resumed.out == expected);
}

TEST_CASE("crawl: a provider that turns to CAPTCHAs is left alone, the cooldown stored — the next run goes to the next provider") {
    LocalWeb web;
    TempDir dir;
    const std::string db = (dir.path() / "scan.db").string();
    const std::vector<std::string> providers{"--provider", "duckduckgo,searxng", "--search-url", "duckduckgo=" + web.ddg_url(),
                                             "--search-url", "searxng=" + web.searx_url()};
    FakeWeb& first = web.reset();
    first.ddg = [](int n) { return n <= 6 ? FakeWeb::Behaviour::answer : FakeWeb::Behaviour::captcha; };
    auto args = providers;
    args.insert(args.end(), {"--budget", "60"});
    const auto before = std::chrono::system_clock::now();
    auto run = test::run_sharitories(web.scan_args(db, args));
    INFO(run.err);
    CHECK(run.exit_code == 3);  // a block is said: partial
    CHECK(first.searched("duckduckgo").size() == 7);  // six answers, one CAPTCHA: then not one more
    CHECK(first.searched("searxng").size() >= 40);    // searxng took over for the rest of the budget
    CHECK(run.err.find("duckduckgo blocked a search") != std::string::npos);
    CHECK(run.err.find("searxng takes over") != std::string::npos);
    {
        Store store(db);
        const auto stored = store.providers();
        const auto ddg = std::find_if(stored.begin(), stored.end(), [](auto& p) { return p.name == "duckduckgo"; });
        REQUIRE(ddg != stored.end());
        const auto until = parse_iso(ddg->cooldown_until);
        REQUIRE(until);
        CHECK(*until >= before + std::chrono::minutes(59));  // an hour at least
        CHECK(ddg->reason.find("CAPTCHA") != std::string::npos);
    }

    FakeWeb& second = web.reset();
    args = providers;
    args.insert(args.end(), {"--budget", "0"});
    auto next = test::run_sharitories(web.scan_args(db, args));
    INFO(next.err);
    CHECK(next.exit_code == 0);
    CHECK(second.searched("duckduckgo").empty());  // not a single request during its cooldown
    CHECK(next.err.find("duckduckgo is left alone until") != std::string::npos);
    CHECK(due_after(next) == 0);
}

TEST_CASE("crawl: a searx that answers empty lists without a word is caught — those searches are asked the next night") {
    LocalWeb web;
    TempDir dir;
    const std::string expected = reference_shortlist(web, dir);
    const std::string db = (dir.path() / "scan.db").string();
    FakeWeb& first = web.reset();
    // like searx with its engines suspended: 200 and an empty list, from the 40th search on
    first.searx = [](int n) { return n < 40 ? FakeWeb::Behaviour::answer : FakeWeb::Behaviour::silent; };
    auto run = test::run_sharitories(web.scan_args(db, {"--budget", "0", "--search-concurrency", "1"}));
    INFO(run.err);
    CHECK(run.exit_code == 3);  // not a success
    CHECK(run.err.find("silent") != std::string::npos);
    CHECK(run.err.find("asked again") != std::string::npos);
    const int due = due_after(run);
    CHECK(due > 24);
    std::set<std::string> withdrawn;
    {
        Store store(db);
        for (const auto& state : store.query_states())
            if (state.outcome == QueryOutcome::silenced) withdrawn.insert(state.text);
        // the next night: the searx cooldown (an hour) is over, as if the night had passed
        store.save_provider({"searxng", "2000-01-01T00:00:00Z", 1, "silent"});
    }
    CHECK(!withdrawn.empty());

    FakeWeb& next = web.reset();
    auto night = test::run_sharitories(web.scan_args(db, {"--budget", "0"}));
    INFO(night.err);
    CHECK(night.exit_code == 0);
    const auto asked = distinct(next.searched("searxng"));
    CHECK(static_cast<int>(asked.size()) == due);
    for (const auto& text : withdrawn) CHECK(asked.count(text) == 1);
    CHECK(night.out == expected);
}
