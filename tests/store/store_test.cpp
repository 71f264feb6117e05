// The store as the crawl's memory: answers, pages and their verdicts, initiatives, cooldowns and the
// run journal survive reopening; blocked attempts leave answers standing; a provider's silence
// withdraws its empty answers; a sharitories 0.1 database is migrated; bad files are clear errors.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include "store/store.h"
#include "test_support.h"

using namespace sharitories;

namespace {

Evidence row(std::string insee, std::string city, Pillar pillar, std::string url, double strength,
             double town_weight = 1.0, std::string fetched_at = "2026-11-21T22:10:00Z") {
    Evidence evidence;
    evidence.insee = std::move(insee);
    evidence.city = std::move(city);
    evidence.pillar = pillar;
    evidence.initiative = "lafabrique-lorient.fr";
    evidence.url = std::move(url);
    evidence.title = "La Fabrique — tiers-lieu à Lorient";
    evidence.terms = {"tiers-lieu", "fablab; atelier", "Repair Café"};
    evidence.strength = strength;
    evidence.town_weight = town_weight;
    evidence.fetched_at = std::move(fetched_at);
    return evidence;
}

PageRecord fetched(std::string url, int status, std::string etag, std::string at = "2026-11-21T22:10:00Z") {
    PageRecord page;
    page.url = url;
    page.final_url = std::move(url);
    page.status = status;
    page.content_type = "text/html";
    page.charset = "utf-8";
    page.etag = std::move(etag);
    page.last_modified = "Fri, 20 Nov 2026 08:00:00 GMT";
    page.fetched_at = std::move(at);
    page.content_hash = "0123456789abcdef0123456789abcdef";
    return page;
}

Query lorient_query(Pillar pillar = Pillar::production, std::string text = "\"Lorient\" (fablab OR coworking)") {
    return Query{"56121", "Lorient", pillar, 1, {"fablab", "coworking"}, false, std::move(text)};
}

std::vector<SearchHit> hits(std::initializer_list<const char*> urls) {
    std::vector<SearchHit> list;
    int rank = 1;
    for (const char* url : urls) list.push_back({url, "titre", "extrait", rank++});
    return list;
}

/// A database written by hand, as another program (or an older sharitories) would leave it.
void write_raw_database(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    INFO((error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE(code == SQLITE_OK);
}

const QueryState* state_of(const std::vector<QueryState>& states, const std::string& insee, const std::string& text) {
    for (const auto& state : states)
        if (state.insee == insee && state.text == text) return &state;
    return nullptr;
}

}  // namespace

TEST_CASE("store: answers, hits, pages, evidence, initiatives and providers survive reopening") {
    test::TempDir dir;
    const auto path = dir.path() / "scan.db";
    std::int64_t run = 0;
    {
        Store store(path);
        run = store.begin_run("2026-11-21T22:00:00Z", 2, 200);
        store.record_answer(run, lorient_query(), "searxng",
                            hits({"https://lafabrique-lorient.fr/", "https://www.lorient.fr/fablab"}),
                            "2026-11-21T22:01:00Z", "");
        store.record_page(run, fetched("https://lafabrique-lorient.fr/", 200, "\"v1\""),
                          {row("56121", "Lorient", Pillar::production, "https://lafabrique-lorient.fr/", 9),
                           row("56121", "Lorient", Pillar::consommation, "https://lafabrique-lorient.fr/", 2),
                           row("88160", "Épinal", Pillar::production, "https://lafabrique-lorient.fr/", 1.2, 0.4)});
        store.save_provider({"duckduckgo", "2026-11-22T00:00:00Z", 2, "DuckDuckGo shows its anomaly (CAPTCHA) page"});
        RunSummary summary;
        summary.id = run;
        summary.finished_at = "2026-11-21T22:30:00Z";
        summary.status = "done";
        summary.queries = 1;
        summary.searches = 1;
        summary.note = "the search budget (200 requests) is spent";
        store.finish_run(summary);
    }
    Store store(path);
    auto latest = store.latest_run();
    REQUIRE(latest);
    CHECK(latest->id == run);
    CHECK(latest->status == "done");
    CHECK(latest->budget == 200);
    CHECK(latest->searches == 1);
    CHECK(latest->note == "the search budget (200 requests) is spent");

    const auto states = store.query_states();
    REQUIRE(states.size() == 1);
    CHECK(states[0].answered());
    CHECK(states[0].outcome == QueryOutcome::hits);
    CHECK(states[0].provider == "searxng");
    CHECK(states[0].hits == 2);
    CHECK(store.hits("56121", lorient_query().text) ==
          std::vector<std::string>{"https://lafabrique-lorient.fr/", "https://www.lorient.fr/fablab"});

    auto page = store.page("https://lafabrique-lorient.fr/");
    REQUIRE(page);
    CHECK(page->etag == "\"v1\"");
    CHECK(page->content_hash == "0123456789abcdef0123456789abcdef");
    CHECK(page->error == FetchError::none);

    auto evidence = store.current_evidence();
    REQUIRE(evidence.size() == 3);
    CHECK(evidence[0].insee == "56121");
    CHECK(evidence[0].pillar == Pillar::consommation);  // by town, then pillar order
    CHECK(evidence[1].pillar == Pillar::production);
    CHECK(evidence[1].terms == std::vector<std::string>{"tiers-lieu", "fablab; atelier", "Repair Café"});
    CHECK(evidence[2].city == "Épinal");
    CHECK(store.current_evidence({"88160"}).size() == 1);
    CHECK(store.current_evidence({"11262"}).empty());

    // the directory row (weight 0.4) is evidence, but no initiative of Épinal's
    auto seen = store.initiatives();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].pillar == Pillar::consommation);
    CHECK(seen[1].first_seen == "2026-11-21T22:10:00Z");
    CHECK(store.initiatives("88160").empty());

    auto providers = store.providers();
    REQUIRE(providers.size() == 2);  // duckduckgo's cooldown, and searxng's last non-empty answer
    CHECK(providers[0].name == "duckduckgo");
    CHECK(providers[0].cooldown_until == "2026-11-22T00:00:00Z");
    CHECK(providers[0].blocks_in_a_row == 2);
}

TEST_CASE("store: a blocked attempt leaves the answer standing — a new answer replaces its hits") {
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    const auto run = store.begin_run("2026-11-21T22:00:00Z", 1, 0);
    const Query query = lorient_query();
    store.record_attempt(run, query, "duckduckgo", QueryOutcome::blocked, "2026-11-21T22:01:00Z", "CAPTCHA");
    auto state = store.query_states().at(0);
    CHECK_FALSE(state.answered());  // blocked before any answer: still due
    CHECK(state.outcome == QueryOutcome::blocked);

    store.record_answer(run, query, "searxng", hits({"https://a.fr/", "https://b.fr/"}), "2026-11-21T22:02:00Z", "");
    store.record_attempt(run, query, "duckduckgo", QueryOutcome::failed, "2026-12-21T22:01:00Z", "HTTP 502");
    state = store.query_states().at(0);
    CHECK(state.answered_at == "2026-11-21T22:02:00Z");  // the refresh failed: the old answer stands
    CHECK(state.outcome == QueryOutcome::failed);
    CHECK(state.hits == 2);
    CHECK(store.answered_hits({"56121"}).size() == 2);

    store.record_answer(run, query, "searxng", hits({"https://c.fr/"}), "2026-12-22T22:02:00Z", "");
    CHECK(store.hits("56121", query.text) == std::vector<std::string>{"https://c.fr/"});
    CHECK(store.answered_hits({"88160"}).empty());
}

TEST_CASE("store: a provider's silence withdraws its empty answers since its last non-empty one") {
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    const auto run = store.begin_run("2026-11-21T22:00:00Z", 1, 0);
    auto query = [](int group) {
        return Query{"56121", "Lorient", Pillar::gouvernance, group, {}, false, "\"Lorient\" q" + std::to_string(group)};
    };
    store.record_answer(run, query(1), "searxng", {}, "2026-11-21T22:01:00Z", "");           // empty, then
    store.record_answer(run, query(2), "searxng", hits({"https://a.fr/"}), "2026-11-21T22:02:00Z", "");  // a result
    store.record_answer(run, query(3), "duckduckgo", {}, "2026-11-21T22:03:00Z", "");        // another provider
    store.record_answer(run, query(4), "searxng", {}, "2026-11-21T22:04:00Z", "");           // silence begins?
    store.record_answer(run, query(5), "searxng", {}, "2026-11-21T22:05:00Z", "");
    CHECK(store.withdraw_silent_answers("searxng") == 2);
    const auto states = store.query_states();
    CHECK(state_of(states, "56121", query(1).text)->answered());  // before its last result: stands
    CHECK(state_of(states, "56121", query(3).text)->answered());  // not searxng's
    CHECK_FALSE(state_of(states, "56121", query(4).text)->answered());
    CHECK(state_of(states, "56121", query(5).text)->outcome == QueryOutcome::silenced);

    // a canary heard: the empty answers before it are not in doubt any more
    store.record_answer(run, query(6), "searxng", {}, "2026-11-21T22:06:00Z", "");
    store.note_nonempty_answer("searxng");
    CHECK(store.withdraw_silent_answers("searxng") == 0);
}

TEST_CASE("store: a page's new fetch replaces its verdict — a failed fetch keeps it") {
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    const auto run = store.begin_run("2026-11-21T22:00:00Z", 1, 0);
    const std::string url = "https://lafabrique-lorient.fr/";
    store.record_page(run, fetched(url, 200, "\"v1\""),
                      {row("56121", "Lorient", Pillar::production, url, 9),
                       row("56121", "Lorient", Pillar::consommation, url, 3)});
    auto failed = fetched(url, 503, "", "2026-11-28T22:00:00Z");
    failed.error = FetchError::http_status;
    failed.failures = 1;
    store.record_page(run, failed, {});
    CHECK(store.current_evidence().size() == 2);
    CHECK(store.page(url)->failures == 1);

    store.record_page(run, fetched(url, 200, "\"v2\"", "2026-12-05T22:00:00Z"),
                      {row("56121", "Lorient", Pillar::production, url, 7, 1.0, "2026-12-05T22:00:00Z")});
    auto evidence = store.current_evidence();
    REQUIRE(evidence.size() == 1);  // the repair café is gone from the page
    CHECK(evidence[0].strength == doctest::Approx(7));
    auto seen = store.initiatives("56121");
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].pillar == Pillar::production);
    CHECK(seen[1].first_seen == "2026-11-21T22:10:00Z");
    CHECK(seen[1].last_seen == "2026-12-05T22:00:00Z");
    CHECK(seen[0].last_seen == "2026-11-21T22:10:00Z");  // consommation: not seen since

    // two requested addresses that lead to one page: one evidence row, the strongest
    auto other = fetched("http://lafabrique-lorient.fr/", 200, "");
    other.final_url = url;
    store.record_page(run, other, {row("56121", "Lorient", Pillar::production, url, 8)});
    evidence = store.current_evidence();
    REQUIRE(evidence.size() == 1);
    CHECK(evidence[0].strength == doctest::Approx(8));
}

TEST_CASE("store: validators for conditional requests, kept through a 304") {
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    auto run = store.begin_run("2026-11-21T22:00:00Z", 1, 0);
    store.record_page(run, fetched("https://www.lorient.fr/agenda", 200, "\"v7\""), {});
    auto validators = store.validators("https://www.lorient.fr/agenda");
    REQUIRE(validators);
    CHECK(validators->etag == "\"v7\"");
    CHECK(validators->last_modified == "Fri, 20 Nov 2026 08:00:00 GMT");
    auto not_modified = fetched("https://www.lorient.fr/agenda", 304, "", "2026-11-22T22:01:00Z");
    not_modified.last_modified = "";
    store.record_page(run, not_modified, {});
    CHECK(store.validators("https://www.lorient.fr/agenda")->etag == "\"v7\"");
    auto failed = fetched("https://www.lorient.fr/404", 404, "\"x\"");
    failed.error = FetchError::http_status;
    store.record_page(run, failed, {});
    CHECK_FALSE(store.validators("https://www.lorient.fr/404"));
    CHECK_FALSE(store.validators("https://jamais.vu/"));
}

TEST_CASE("store: a 304 keeps the page's evidence as it is and marks its initiatives seen now") {
    test::TempDir dir;
    const auto path = dir.path() / "scan.db";
    Store store(path);
    const auto first = store.begin_run("2026-11-21T22:00:00Z", 1, 0);
    const std::string url = "https://lafabrique-lorient.fr/";
    const std::string other = "https://amap-lorient.fr/";
    store.record_page(first, fetched(url, 200, "\"v1\""),
                      {row("56121", "Lorient", Pillar::production, url, 9),
                       row("56121", "Lorient", Pillar::consommation, url, 1, 0.2)});  // a row that counts for nothing
    auto amap = row("56121", "Lorient", Pillar::consommation, other, 6);
    amap.initiative = "amap-lorient.fr";
    store.record_page(first, fetched(other, 200, "\"a1\""), {amap});
    const auto evidence_before = store.current_evidence();
    REQUIRE(evidence_before.size() == 3);

    // a week later, the page is not modified: as the scan records a 304 (no body, no evidence)
    const auto second = store.begin_run("2026-11-28T22:00:00Z", 1, 0);
    PageRecord not_modified;
    not_modified.url = url;
    not_modified.final_url = url;
    not_modified.status = 304;
    not_modified.fetched_at = "2026-11-28T22:05:00Z";
    store.record_page(second, not_modified, {});

    const auto evidence_after = store.current_evidence();
    REQUIRE(evidence_after.size() == evidence_before.size());  // not deleted: the verdict stands
    for (std::size_t i = 0; i < evidence_after.size(); ++i) {
        CHECK(evidence_after[i].url == evidence_before[i].url);
        CHECK(evidence_after[i].pillar == evidence_before[i].pillar);
        CHECK(evidence_after[i].strength == evidence_before[i].strength);
        CHECK(evidence_after[i].fetched_at == evidence_before[i].fetched_at);  // the rows as they are
    }
    const auto page = store.page(url);
    REQUIRE(page);
    CHECK(page->fetched_at == "2026-11-28T22:05:00Z");  // confirmed now
    CHECK(page->status == 304);
    CHECK(page->error == FetchError::none);
    CHECK(page->etag == "\"v1\"");  // the validators it confirmed
    CHECK(page->last_modified == "Fri, 20 Nov 2026 08:00:00 GMT");
    CHECK(page->content_type == "text/html");
    CHECK(page->content_hash == "0123456789abcdef0123456789abcdef");
    const auto seen = store.initiatives("56121");
    REQUIRE(seen.size() == 2);  // the row that counts for nothing made no initiative, then or now
    CHECK(seen[0].initiative == "amap-lorient.fr");
    CHECK(seen[0].last_seen == "2026-11-21T22:10:00Z");  // another page: not seen again
    CHECK(seen[1].initiative == "lafabrique-lorient.fr");
    CHECK(seen[1].first_seen == "2026-11-21T22:10:00Z");
    CHECK(seen[1].last_seen == "2026-11-28T22:05:00Z");
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        sqlite3_stmt* select = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "SELECT run_id FROM pages WHERE url = 'https://lafabrique-lorient.fr/'", -1,
                                   &select, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(select) == SQLITE_ROW);
        CHECK(sqlite3_column_int64(select, 0) == second);
        sqlite3_finalize(select);
        sqlite3_close(db);
    }

    // a 304 that sends a new validator: kept for the next revalidation; a later 200 replaces the verdict
    not_modified.etag = "\"v1-gzip\"";
    not_modified.fetched_at = "2026-12-05T22:05:00Z";
    store.confirm_page(second, not_modified);
    CHECK(store.page(url)->etag == "\"v1-gzip\"");
    CHECK(store.page(url)->last_modified == "Fri, 20 Nov 2026 08:00:00 GMT");
    CHECK(store.initiatives("56121")[1].last_seen == "2026-12-05T22:05:00Z");
    store.record_page(second, fetched(url, 200, "\"v2\"", "2026-12-12T22:00:00Z"), {});
    CHECK(store.current_evidence().size() == 1);  // the page no longer shows anything: only the AMAP's
}

TEST_CASE("store: a run left running by a dead process is marked killed by the next scan") {
    test::TempDir dir;
    const auto path = dir.path() / "scan.db";
    {
        Store store(path);
        store.begin_run("2026-11-21T22:00:00Z", 3, 200);  // and the process dies
    }
    Store store(path);
    CHECK(store.latest_run()->status == "running");
    CHECK(store.close_abandoned_runs() == 1);
    CHECK(store.latest_run()->status == "killed");
    CHECK(store.close_abandoned_runs() == 0);
}

TEST_CASE("store: a batch is one transaction — what was committed survives the process") {
    test::TempDir dir;
    const auto path = dir.path() / "scan.db";
    Store store(path);
    const auto run = store.begin_run("2026-11-21T22:00:00Z", 1, 0);
    store.begin_batch();
    store.record_page(run, fetched("https://a.fr/", 200, ""), {});
    store.record_answer(run, lorient_query(), "searxng", hits({"https://a.fr/"}), "2026-11-21T22:01:00Z", "");
    // another connection (another process) sees nothing of the batch yet
    Store reader(path);
    CHECK_FALSE(reader.page("https://a.fr/"));
    store.commit_batch();
    CHECK(reader.page("https://a.fr/"));
    CHECK(reader.query_states().size() == 1);
}

TEST_CASE("store: a sharitories 0.1 database is migrated: standing answers, current evidence, initiatives") {
    test::TempDir dir;
    const auto path = dir.path() / "old.db";
    write_raw_database(path, test::read_file(test::source_dir() / "tests/fixtures/store/sharitories-0.1.sql"));
    Store store(path);
    const auto states = store.query_states();
    REQUIRE(states.size() == 4);
    const std::string lorient_production = "\"Lorient\" (fablab OR coworking OR \"tiers-lieu\")";
    const std::string lorient_gouvernance = "\"Lorient\" (\"budget participatif\" OR \"conseil citoyen\")";
    const std::string epinal_gouvernance = "\"Épinal\" (\"budget participatif\" OR \"conseil citoyen\")";
    // answered in scan #1; #3's error does not undo it
    CHECK(state_of(states, "56121", lorient_production)->answered_at == "2026-11-20T22:00:00Z");
    CHECK(state_of(states, "56121", lorient_production)->outcome == QueryOutcome::hits);
    CHECK(state_of(states, "56121", lorient_gouvernance)->answered_at == "2026-11-22T22:00:00Z");
    // answered only in the killed scan #2, whose evidence was never saved: asked again
    CHECK_FALSE(state_of(states, "88160", epinal_gouvernance)->answered());

    // Lorient's evidence is scan #3's (its latest finished scan), keyed by the page as requested;
    // Épinal's is scan #1's
    auto lorient = store.current_evidence({"56121"});
    REQUIRE(lorient.size() == 2);
    CHECK(lorient[0].pillar == Pillar::production);
    CHECK(lorient[0].url == "https://www.lafabrique-lorient.fr/");
    CHECK(lorient[0].strength == doctest::Approx(8));
    CHECK(lorient[0].terms == std::vector<std::string>{"tiers-lieu", "fablab"});
    CHECK(lorient[1].initiative == "lorient.fr");
    CHECK(store.current_evidence({"88160"}).size() == 1);
    CHECK(store.page("https://lafabrique-lorient.fr/")->final_url == "https://www.lafabrique-lorient.fr/");
    CHECK(store.answered_hits({}).empty());  // 0.1 did not keep its hits

    auto seen = store.initiatives("56121");
    REQUIRE(seen.size() == 3);  // consommation, gouvernance (lorient.fr), production; not the directory
    CHECK(seen[2].first_seen == "2026-11-20T22:10:00Z");
    CHECK(seen[2].last_seen == "2026-11-22T22:10:00Z");
    CHECK(store.runs().size() == 3);
    CHECK(store.runs()[1].status == "running");  // until the next scan marks it killed
    CHECK(store.snapshot_runs().empty());  // its finished runs predate snapshots

    // reopened: already at the current version, nothing migrated twice
    Store again(path);
    CHECK(again.query_states().size() == 4);
}

TEST_CASE("store: a file that is not a database, a newer schema, a missing file: clear errors") {
    test::TempDir dir;
    auto text = dir.write("notes.db", "ceci n'est pas une base SQLite, juste des notes de terrain\n");
    CHECK_THROWS_WITH_AS(Store{text}, doctest::Contains("is not a sharitories database"), StoreError);
    CHECK_THROWS_WITH_AS(Store{dir.path() / "absent" / "scan.db"}, doctest::Contains("cannot open the database"),
                         StoreError);
    CHECK_THROWS_WITH_AS(Store(dir.path() / "typo.db", Store::Open::existing), doctest::Contains("does not exist"),
                         StoreError);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "typo.db"));

    const auto newer = dir.path() / "newer.db";
    write_raw_database(newer, "CREATE TABLE runs (id INTEGER); PRAGMA user_version = 9;");
    CHECK_THROWS_WITH_AS(Store{newer}, doctest::Contains("written by a newer sharitories (schema version 9"), StoreError);

    const auto foreign = dir.path() / "autre.db";
    write_raw_database(foreign, "CREATE TABLE recettes (nom TEXT);");
    CHECK_THROWS_WITH_AS(Store{foreign}, doctest::Contains("is not a sharitories database"), StoreError);
}

namespace {

RunSnapshot lorient_snapshot() {
    return {{{"56121", "Lorient", 1, {1, 1, 0, 0}, 25.8, 1.0}, {"05061", "Gap", 2, {0, 0, 0, 0}, 0, 0.25}},
            {{"56121", Pillar::consommation, "amap-scorff.fr", "https://amap-scorff.fr/"},
             {"56121", Pillar::production, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/"}}};
}

void finish(Store& store, std::int64_t run, const std::string& status) {
    RunSummary summary;
    summary.id = run;
    summary.finished_at = "2026-12-01T02:40:00Z";
    summary.status = status;
    store.finish_run(summary);
}

}  // namespace

TEST_CASE("store: a finished run keeps its snapshot — an interrupted, failed or running one keeps none") {
    test::TempDir dir;
    const auto path = dir.path() / "scan.db";
    {
        Store store(path);
        const auto done = store.begin_run("2026-12-01T02:15:00Z", 2, 300);
        finish(store, done, "partial");
        store.record_snapshot(done, lorient_snapshot());
        for (const char* status : {"interrupted", "failed", "running"}) {
            INFO(status);
            const auto stopped = store.begin_run("2026-12-02T02:15:00Z", 2, 300);
            if (std::string(status) != "running") finish(store, stopped, status);
            CHECK_THROWS_WITH_AS(store.record_snapshot(stopped, lorient_snapshot()),
                                 doctest::Contains("only a finished run has a snapshot"), StoreError);
            CHECK_FALSE(store.snapshot(stopped));
        }
        CHECK_THROWS_AS(store.record_snapshot(99, lorient_snapshot()), StoreError);
    }
    Store store(path);
    CHECK(store.snapshot_runs() == std::vector<std::int64_t>{1});
    const auto snapshot = store.snapshot(1);
    REQUIRE(snapshot);
    REQUIRE(snapshot->towns.size() == 2);
    CHECK(snapshot->towns[0].city == "Lorient");
    CHECK(snapshot->towns[0].initiatives == std::array<int, 4>{1, 1, 0, 0});
    CHECK(snapshot->towns[0].score == doctest::Approx(25.8));
    CHECK(snapshot->towns[1].rank == 2);
    CHECK(snapshot->towns[1].coverage == doctest::Approx(0.25));
    REQUIRE(snapshot->initiatives.size() == 2);
    CHECK(snapshot->initiatives[1].pillar == Pillar::production);
    CHECK(snapshot->initiatives[1].url == "https://lafabrique-lorient.fr/");

    // recorded again (the same run), it replaces the first: no row left over
    RunSnapshot smaller = lorient_snapshot();
    smaller.initiatives.pop_back();
    store.record_snapshot(1, smaller);
    CHECK(store.snapshot(1)->initiatives.size() == 1);
    // an empty shortlist is a snapshot still, not the absence of one
    const auto empty = store.begin_run("2026-12-03T02:15:00Z", 0, 300);
    finish(store, empty, "done");
    store.record_snapshot(empty, {});
    REQUIRE(store.snapshot(empty));
    CHECK(store.snapshot(empty)->towns.empty());
}

TEST_CASE("store: a database of schema 2 is migrated to 3 — its runs keep no snapshot, the next finished one does") {
    test::TempDir dir;
    const auto path = dir.path() / "v2.db";
    write_raw_database(path, test::read_file(test::source_dir() / "tests/fixtures/store/sharitories-0.2.sql"));
    {
        Store store(path);
        CHECK(store.runs().size() == 3);
        CHECK(store.snapshot_runs().empty());
        CHECK_FALSE(store.snapshot(1));
        CHECK(store.current_evidence({"56121"}).size() == 2);  // what it knew is kept
        CHECK(store.initiatives("22278").at(0).first_seen == "2026-11-20T02:30:00Z");
        const auto run = store.begin_run("2026-11-23T02:15:00Z", 2, 300);
        finish(store, run, "done");
        store.record_snapshot(run, lorient_snapshot());
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    CHECK(sqlite3_column_int(statement, 0) == Store::schema_version);
    CHECK(Store::schema_version == 4);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    Store store(path);  // reopened: nothing migrated twice
    CHECK(store.snapshot_runs() == std::vector<std::int64_t>{4});
}

namespace {

ArchiveSource fabrique_record() {
    return {"CC-MAIN-2024-10",
            "crawl-data/CC-MAIN-2024-10/segments/1707947473347.0/warc/CC-MAIN-20240220211055-20240221001055-00042.warc.gz",
            31'415'926, 8'231};
}

/// The page of a Common Crawl record, as scan --cc-records records it: keyed by the record.
PageRecord archived(const ArchiveSource& source, std::string page_url, std::string warc_date) {
    PageRecord page = fetched(std::move(page_url), 206, "", std::move(warc_date));
    page.url = source.key();
    page.archive = source;
    return page;
}

}  // namespace

TEST_CASE("store: a page read from a Common Crawl record keeps its record, which its evidence rows show") {
    test::TempDir dir;
    const auto path = dir.path() / "scan.db";
    const std::string url = "https://lafabrique-lorient.fr/";
    const ArchiveSource source = fabrique_record();
    {
        Store store(path);
        const auto run = store.begin_run("2026-11-21T22:00:00Z", 1, 0);
        store.record_page(run, archived(source, url, "2024-02-21T08:15:02Z"),
                          {row("56121", "Lorient", Pillar::production, url, 9, 1.0, "2024-02-21T08:15:02Z")});
        store.record_page(run, fetched("https://amap-scorff.fr/", 200, ""),
                          {row("56121", "Lorient", Pillar::consommation, "https://amap-scorff.fr/", 4)});
    }
    Store store(path);  // reopened: all of it was kept
    const auto page = store.page(source.key());
    REQUIRE(page);
    CHECK(page->archive == source);
    CHECK(page->final_url == url);
    CHECK(page->fetched_at == "2024-02-21T08:15:02Z");
    CHECK(store.page("https://amap-scorff.fr/")->archive.empty());
    auto evidence = store.current_evidence({"56121"});
    REQUIRE(evidence.size() == 2);
    CHECK(evidence[0].pillar == Pillar::consommation);
    CHECK(evidence[0].archive.empty());  // fetched from its site
    CHECK(evidence[1].url == url);
    CHECK(evidence[1].archive == source);
    CHECK(evidence[1].fetched_at == "2024-02-21T08:15:02Z");  // when Common Crawl fetched it

    // the same page fetched from its site later, as strong: one row, the newer, without a record
    const auto run = store.begin_run("2026-11-28T22:00:00Z", 1, 0);
    store.record_page(run, fetched(url, 200, "", "2026-11-28T22:10:00Z"),
                      {row("56121", "Lorient", Pillar::production, url, 9, 1.0, "2026-11-28T22:10:00Z")});
    evidence = store.current_evidence({"56121"});
    REQUIRE(evidence.size() == 2);
    CHECK(evidence[1].fetched_at == "2026-11-28T22:10:00Z");
    CHECK(evidence[1].archive.empty());
    CHECK(store.page(source.key())->archive == source);  // the record's page is still known as read
}

TEST_CASE("store: a database of schema 3 is migrated to 4 — its pages were fetched from their sites") {
    test::TempDir dir;
    const auto path = dir.path() / "v3.db";
    const std::string url = "https://lafabrique-lorient.fr/";
    {
        Store store(path);
        const auto run = store.begin_run("2026-11-21T22:00:00Z", 1, 0);
        store.record_page(run, fetched(url, 200, "\"v1\""), {row("56121", "Lorient", Pillar::production, url, 9)});
    }
    // the file as schema 3 left it: pages without the archive columns
    write_raw_database(path, "ALTER TABLE pages DROP COLUMN crawl; ALTER TABLE pages DROP COLUMN warc_filename; "
                             "ALTER TABLE pages DROP COLUMN warc_record_offset; "
                             "ALTER TABLE pages DROP COLUMN warc_record_length; PRAGMA user_version = 3;");
    {
        Store store(path);
        const auto page = store.page(url);
        REQUIRE(page);
        CHECK(page->etag == "\"v1\"");
        CHECK(page->archive.empty());
        REQUIRE(store.current_evidence({"56121"}).size() == 1);
        CHECK(store.current_evidence({"56121"})[0].archive.empty());
        const auto run = store.begin_run("2026-11-28T22:00:00Z", 1, 0);
        store.record_page(run, archived(fabrique_record(), url, "2024-02-21T08:15:02Z"), {});
        CHECK(store.page(fabrique_record().key())->archive == fabrique_record());
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    CHECK(sqlite3_column_int(statement, 0) == 4);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    Store again(path);  // reopened: nothing migrated twice
    CHECK(again.page(fabrique_record().key()));
}
