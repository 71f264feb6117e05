#include <doctest/doctest.h>

#include "store/store.h"
#include "test_support.h"

using namespace sharitories;

namespace {

Evidence row(std::string insee, std::string city, Pillar pillar, std::string url, double strength) {
    Evidence evidence;
    evidence.insee = std::move(insee);
    evidence.city = std::move(city);
    evidence.pillar = pillar;
    evidence.initiative = "lafabrique-lorient.fr";
    evidence.url = std::move(url);
    evidence.title = "La Fabrique — tiers-lieu à Lorient";
    evidence.terms = {"tiers-lieu", "fablab; atelier", "Repair Café"};
    evidence.strength = strength;
    evidence.town_weight = 0.8;
    evidence.fetched_at = "2026-11-21T22:10:00Z";
    return evidence;
}

FetchResult fetched(std::string url, int status, std::string etag) {
    FetchResult result;
    result.requested_url = url;
    result.final_url = std::move(url);
    result.status = status;
    result.content_type = "text/html";
    result.etag = std::move(etag);
    result.last_modified = "Fri, 20 Nov 2026 08:00:00 GMT";
    return result;
}

}  // namespace

TEST_CASE("store: a run, its queries, pages and evidence survive reopening") {
    test::TempDir dir;
    const auto path = dir.path() / "scan.db";
    std::int64_t run = 0;
    {
        Store store(path);
        run = store.begin_run("2026-11-21T22:00:00Z", 2);
        Query query{"56121", "Lorient", Pillar::production, 1, {"fablab"}, false, "\"Lorient\" fablab"};
        store.save_query(run, query, SearchStatus::ok, 10, "");
        store.save_page(run, fetched("https://lafabrique-lorient.fr/", 200, "\"v1\""), "2026-11-21T22:10:00Z");
        store.save_evidence(run, {row("56121", "Lorient", Pillar::production, "https://lafabrique-lorient.fr/", 9),
                                  row("56121", "Lorient", Pillar::consommation, "https://lafabrique-lorient.fr/repair", 2),
                                  row("88160", "Épinal", Pillar::production, "https://www.epinal.fr/fablab", 4)});
        CHECK_FALSE(store.latest_finished_run());  // still running
        RunSummary summary;
        summary.id = run;
        summary.finished_at = "2026-11-21T22:30:00Z";
        summary.status = "done";
        summary.queries = 1;
        summary.pages_fetched = 1;
        summary.evidence = 3;
        store.finish_run(summary);
    }
    Store store(path);
    auto latest = store.latest_finished_run();
    REQUIRE(latest);
    CHECK(latest->id == run);
    CHECK(latest->status == "done");
    CHECK(latest->towns == 2);
    CHECK(latest->evidence == 3);
    auto all = store.evidence(run);
    REQUIRE(all.size() == 3);
    CHECK(all[0].insee == "56121");
    CHECK(all[0].pillar == Pillar::consommation);  // by town, then pillar order
    CHECK(all[1].pillar == Pillar::production);
    CHECK(all[1].terms == std::vector<std::string>{"tiers-lieu", "fablab; atelier", "Repair Café"});
    CHECK(all[1].title == "La Fabrique — tiers-lieu à Lorient");
    CHECK(all[1].town_weight == doctest::Approx(0.8));
    CHECK(all[2].city == "Épinal");
    CHECK(store.evidence(run, "88160").size() == 1);
    CHECK(store.evidence(run + 1).empty());
}

TEST_CASE("store: validators for the next run's conditional requests, kept through a 304") {
    test::TempDir dir;
    Store store(dir.path() / "scan.db");
    auto run = store.begin_run("2026-11-21T22:00:00Z", 1);
    store.save_page(run, fetched("https://www.lorient.fr/agenda", 200, "\"v7\""), "2026-11-21T22:01:00Z");
    auto validators = store.validators("https://www.lorient.fr/agenda");
    REQUIRE(validators);
    CHECK(validators->etag == "\"v7\"");
    CHECK(validators->last_modified == "Fri, 20 Nov 2026 08:00:00 GMT");
    auto not_modified = fetched("https://www.lorient.fr/agenda", 304, "");
    not_modified.last_modified = "";
    store.save_page(run, not_modified, "2026-11-22T22:01:00Z");
    CHECK(store.validators("https://www.lorient.fr/agenda")->etag == "\"v7\"");
    auto failed = fetched("https://www.lorient.fr/404", 404, "\"x\"");
    failed.error = FetchError::http_status;
    store.save_page(run, failed, "2026-11-22T22:02:00Z");
    CHECK_FALSE(store.validators("https://www.lorient.fr/404"));
    CHECK_FALSE(store.validators("https://jamais.vu/"));
}

TEST_CASE("store: a file that is not a database, or a path that cannot be, is a clear error") {
    test::TempDir dir;
    auto text = dir.write("notes.db", "ceci n'est pas une base SQLite, juste des notes de terrain\n");
    CHECK_THROWS_WITH_AS(Store{text}, doctest::Contains("is not a sharitories database"), StoreError);
    CHECK_THROWS_WITH_AS(Store{dir.path() / "absent" / "scan.db"}, doctest::Contains("cannot open the database"),
                         StoreError);
}
