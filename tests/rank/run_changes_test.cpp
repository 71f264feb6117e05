// What changed between two nights, without a database: initiatives that appeared, came back after a
// gap or disappeared, ranks and pillar counts that moved, towns newly covered; the runs `changes`
// compares, --since a scan or a date.
#include <doctest/doctest.h>

#include "rank/run_changes.h"
#include "scan/changes_since.h"

using namespace sharitories;

namespace {

SnapshotTown town(std::string insee, std::string city, int rank, std::array<int, 4> counts, double coverage) {
    return {std::move(insee), std::move(city), rank, counts, town_score(counts), coverage};
}

SnapshotInitiative initiative(std::string insee, Pillar pillar, std::string name) {
    std::string url = "https://" + name + "/";
    return {std::move(insee), pillar, std::move(name), std::move(url)};
}

InitiativeSeen seen(std::string insee, Pillar pillar, std::string name, std::string first, std::string last) {
    return {std::move(insee), pillar, std::move(name), std::move(first), std::move(last)};
}

const std::string night_before = "2026-11-30T02:15:00Z";  // when the earlier scan started

RunSummary run(std::int64_t id, std::string started, std::string status) {
    RunSummary summary;
    summary.id = id;
    summary.started_at = std::move(started);
    summary.finished_at = status == "killed" ? "" : summary.started_at;
    summary.status = std::move(status);
    return summary;
}

}  // namespace

TEST_CASE("changes: an initiative new since the earlier night appeared, one seen before it is back, one gone disappeared") {
    RunSnapshot before{{town("56121", "Lorient", 1, {1, 1, 0, 0}, 1.0)},
                       {initiative("56121", Pillar::consommation, "amap-scorff.fr"),
                        initiative("56121", Pillar::production, "lafabrique-lorient.fr")}};
    RunSnapshot after{{town("56121", "Lorient", 1, {0, 1, 2, 0}, 1.0)},
                      {initiative("56121", Pillar::production, "lafabrique-lorient.fr"),
                       initiative("56121", Pillar::financement, "galais-lorient.fr"),
                       initiative("56121", Pillar::financement, "ulule.com/les-jardins-du-scorff")}};
    const std::vector<InitiativeSeen> dates{
        seen("56121", Pillar::consommation, "amap-scorff.fr", "2026-11-02T02:20:00Z", "2026-11-30T02:20:00Z"),
        seen("56121", Pillar::production, "lafabrique-lorient.fr", "2026-11-02T02:21:00Z", "2026-12-01T02:21:00Z"),
        // first seen last night: new
        seen("56121", Pillar::financement, "galais-lorient.fr", "2026-12-01T02:25:00Z", "2026-12-01T02:25:00Z"),
        // seen three weeks ago, missing from the earlier night's snapshot (its page failed): back, not new
        seen("56121", Pillar::financement, "ulule.com/les-jardins-du-scorff", "2026-11-09T02:30:00Z",
             "2026-12-01T02:30:00Z"),
    };
    const auto changes = diff_snapshots(&before, night_before, after, dates);
    REQUIRE(changes.size() == 5);
    CHECK(changes[0].kind == ChangeKind::appeared);
    CHECK(changes[0].initiative == "galais-lorient.fr");
    CHECK(changes[0].pillar == Pillar::financement);
    CHECK(changes[0].url == "https://galais-lorient.fr/");
    CHECK(changes[0].first_seen == "2026-12-01T02:25:00Z");
    CHECK(changes[1].kind == ChangeKind::back);
    CHECK(changes[1].initiative == "ulule.com/les-jardins-du-scorff");
    CHECK(changes[1].first_seen == "2026-11-09T02:30:00Z");
    CHECK(changes[2].kind == ChangeKind::disappeared);
    CHECK(changes[2].initiative == "amap-scorff.fr");
    CHECK(changes[2].url == "https://amap-scorff.fr/");    // the earlier night's page
    CHECK(changes[2].last_seen == "2026-11-30T02:20:00Z");  // when it was last counted
    // the counts that moved, in pillar order; the unchanged production and gouvernance say nothing
    CHECK(changes[3].kind == ChangeKind::count);
    CHECK(changes[3].pillar == Pillar::consommation);
    CHECK(changes[3].before == 1);
    CHECK(changes[3].after == 0);
    CHECK(changes[4].pillar == Pillar::financement);
    CHECK(changes[4].before == 0);
    CHECK(changes[4].after == 2);
    CHECK(changes_summary(changes) == "1 appeared, 1 back, 1 disappeared, 2 count");

    // the same night compared with itself: nothing
    CHECK(diff_snapshots(&after, night_before, after, dates).empty());
    CHECK(changes_summary({}) == "no changes");
}

TEST_CASE("changes: ranks and counts that moved, towns newly covered, towns at zero and towns not scanned") {
    RunSnapshot before{{town("22278", "Saint-Brieuc", 1, {1, 0, 0, 1}, 1.0),
                        town("56121", "Lorient", 2, {1, 0, 0, 0}, 1.0),
                        town("56260", "Vannes", 3, {0, 0, 0, 0}, 0.0),
                        town("29232", "Quimper", 4, {0, 0, 0, 0}, 0.5),
                        town("88160", "Épinal", 5, {2, 0, 0, 0}, 1.0)},  // not in the later scan
                       {initiative("22278", Pillar::consommation, "amap-briochine.fr"),
                        initiative("22278", Pillar::gouvernance, "jeparticipe.saint-brieuc.fr"),
                        initiative("56121", Pillar::consommation, "amap-scorff.fr"),
                        initiative("88160", Pillar::consommation, "amap-epinal.fr")}};
    RunSnapshot after{{town("56121", "Lorient", 1, {1, 1, 0, 1}, 1.0),
                       town("22278", "Saint-Brieuc", 2, {1, 0, 0, 1}, 1.0),
                       town("05061", "Gap", 3, {0, 0, 0, 0}, 0.25),   // new to the selection, searched a little
                       town("56260", "Vannes", 4, {0, 0, 0, 0}, 0.5),  // searched for the first time, nothing found
                       town("29232", "Quimper", 5, {0, 0, 0, 0}, 0.5)},
                      {initiative("22278", Pillar::consommation, "amap-briochine.fr"),
                       initiative("22278", Pillar::gouvernance, "jeparticipe.saint-brieuc.fr"),
                       initiative("56121", Pillar::consommation, "amap-scorff.fr"),
                       initiative("56121", Pillar::production, "lafabrique-lorient.fr"),
                       initiative("56121", Pillar::gouvernance, "lorient.fr")}};
    const std::vector<InitiativeSeen> dates{
        seen("56121", Pillar::production, "lafabrique-lorient.fr", "2026-12-01T02:20:00Z", "2026-12-01T02:20:00Z"),
        seen("56121", Pillar::gouvernance, "lorient.fr", "2026-12-01T02:22:00Z", "2026-12-01T02:22:00Z")};
    const auto changes = diff_snapshots(&before, night_before, after, dates);
    std::vector<std::string> described;
    for (const auto& change : changes) {
        described.push_back(std::string(to_string(change.kind)) + " " + change.city + " " +
                            (change.pillar ? std::string(to_string(*change.pillar)) : "-") + " " + change.initiative +
                            " " + (change.before ? std::to_string(*change.before) : "none") + " " +
                            (change.after ? std::to_string(*change.after) : "none"));
    }
    CHECK(described == std::vector<std::string>{
                           "appeared Lorient production lafabrique-lorient.fr none none",
                           "appeared Lorient gouvernance lorient.fr none none",
                           "covered Gap -  none 0.250000",       // not in the earlier scan at all
                           "covered Vannes -  0.000000 0.500000",  // in it, never searched
                           "rank Lorient -  2.000000 1.000000",
                           "rank Saint-Brieuc -  1.000000 2.000000",
                           // Vannes and Quimper moved down a place at zero: nothing to say; Gap has no
                           // earlier rank; Épinal is not in the later scan: its AMAP did not disappear
                           "count Lorient production  0.000000 1.000000",
                           "count Lorient gouvernance  0.000000 1.000000",
                       });
}

TEST_CASE("changes: the first night, compared against nothing — every initiative appeared, towns by name") {
    RunSnapshot after{{town("88160", "Épinal", 1, {0, 1, 0, 0}, 1.0), town("05061", "Gap", 2, {1, 0, 0, 0}, 1.0),
                       town("11262", "Narbonne", 3, {0, 0, 0, 0}, 0.0)},
                      {initiative("88160", Pillar::production, "fablab-epinal.fr"),
                       initiative("05061", Pillar::consommation, "amap-gapencaise.fr")}};
    // an initiative the store saw long ago is still "appeared": there is no earlier night to be back from
    const std::vector<InitiativeSeen> dates{
        seen("05061", Pillar::consommation, "amap-gapencaise.fr", "2026-10-01T02:00:00Z", "2026-12-01T02:00:00Z")};
    const auto changes = diff_snapshots(nullptr, "", after, dates);
    REQUIRE(changes.size() == 4);
    CHECK(changes[0].kind == ChangeKind::appeared);
    CHECK(changes[0].city == "Épinal");  // É sorts among the E, before G
    CHECK(changes[1].kind == ChangeKind::appeared);
    CHECK(changes[1].city == "Gap");
    CHECK(changes[1].first_seen == "2026-10-01T02:00:00Z");
    CHECK(changes[2].kind == ChangeKind::covered);
    CHECK(changes[2].city == "Épinal");
    CHECK_FALSE(changes[2].before);
    CHECK(changes[3].city == "Gap");  // Narbonne, not searched yet, is not covered
}

TEST_CASE("changes: the snapshot of a shortlist keeps every town and each counted initiative's strongest page") {
    CityScore lorient;
    lorient.city.insee = "56121";
    lorient.city.name = "Lorient";
    lorient.rank = 1;
    lorient.initiatives = {0, 1, 0, 0};
    lorient.coverage = 0.75;
    CityScore gap;
    gap.city.insee = "05061";
    gap.city.name = "Gap";
    gap.rank = 2;
    const auto evidence_row = [](std::string insee, std::string initiative, std::string url, double strength,
                                 double weight = 1) {
        Evidence row;
        row.insee = std::move(insee);
        row.pillar = Pillar::production;
        row.initiative = std::move(initiative);
        row.url = std::move(url);
        row.strength = strength;
        row.town_weight = weight;
        return row;
    };
    const auto snapshot = snapshot_of(
        {lorient, gap},
        {evidence_row("56121", "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/agenda", 3),
         evidence_row("56121", "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/", 9),
         evidence_row("56121", "annuaire-fablabs.fr", "https://annuaire-fablabs.fr/", 1, 0.2),  // a directory: no count
         evidence_row("22278", "fablab-saint-brieuc.fr", "https://fablab-saint-brieuc.fr/", 9)});  // not a town of it
    REQUIRE(snapshot.towns.size() == 2);
    CHECK(snapshot.towns[0].city == "Lorient");
    CHECK(snapshot.towns[0].coverage == doctest::Approx(0.75));
    CHECK(snapshot.towns[1].insee == "05061");
    REQUIRE(snapshot.initiatives.size() == 1);
    CHECK(snapshot.initiatives[0].url == "https://lafabrique-lorient.fr/");
}

TEST_CASE("changes: the table's columns and cells — numbers typed, coverage with two decimals") {
    const std::vector<Change> changes{
        {ChangeKind::appeared, "56121", "Lorient", Pillar::financement, "galais-lorient.fr", "https://galais-lorient.fr/",
         "2026-12-01T02:25:00Z", "2026-12-01T02:25:00Z", std::nullopt, std::nullopt},
        {ChangeKind::covered, "05061", "Gap", std::nullopt, "", "", "", "", std::nullopt, 0.25},
        {ChangeKind::rank, "22278", "Saint-Brieuc", std::nullopt, "", "", "", "", 1.0, 2.0}};
    const Table table = changes_table(changes, "scan #3 (2026-11-30 01:15 UTC)", "scan #4 (2026-12-01 01:15 UTC)");
    std::vector<std::string> names;
    for (const auto& column : table.columns) names.push_back(column.name);
    CHECK(names == std::vector<std::string>{"change", "insee", "city", "pillar", "initiative", "url", "first_seen",
                                            "last_seen", "before", "after", "from_scan", "to_scan"});
    CHECK(table.columns[8].type == ColumnType::number);
    CHECK(table.columns[0].type == ColumnType::text);
    CHECK(table.rows[0] == std::vector<std::string>{"appeared", "56121", "Lorient", "financement", "galais-lorient.fr",
                                                    "https://galais-lorient.fr/", "2026-12-01T02:25:00Z",
                                                    "2026-12-01T02:25:00Z", "", "", "scan #3 (2026-11-30 01:15 UTC)",
                                                    "scan #4 (2026-12-01 01:15 UTC)"});
    CHECK(table.rows[1][8].empty());
    CHECK(table.rows[1][9] == "0.25");
    CHECK(table.rows[2][8] == "1");
    CHECK(table.rows[2][9] == "2");
}

TEST_CASE("changes: the runs compared — the previous finished one, --since a scan, --since a date") {
    // #1 before snapshots were kept, #2 and #4 finished with one, #3 interrupted, #5 killed
    const std::vector<RunSummary> runs{run(1, "2026-11-28T02:15:00Z", "done"), run(2, "2026-11-29T02:15:00Z", "partial"),
                                       run(3, "2026-11-30T02:15:00Z", "interrupted"),
                                       run(4, "2026-12-01T02:15:00Z", "done"), run(5, "2026-12-02T02:15:00Z", "killed")};
    const std::vector<std::int64_t> kept{2, 4};

    auto choice = choose_runs(runs, kept, "");
    CHECK(choice.after.id == 4);
    REQUIRE(choice.before);
    CHECK(choice.before->id == 2);  // the interrupted #3 kept nothing: the finished one before it
    CHECK(choose_runs(runs, kept, "2").before->id == 2);
    CHECK(choose_runs(runs, kept, "4").before->id == 4);  // itself: no changes
    CHECK(choose_runs(runs, kept, "2026-12-01").before->id == 2);  // started before Dec 1st
    CHECK(choose_runs(runs, kept, "2026-12-01T03:00").before->id == 4);
    CHECK(choose_runs(runs, kept, "2026-12-01T02:15:00Z").before->id == 2);  // strictly before

    CHECK_THROWS_WITH_AS(choose_runs(runs, kept, "9"), "--since 9: there is no scan #9 (the scans are #1 to #5)",
                         ChangesError);
    CHECK_THROWS_WITH_AS(choose_runs(runs, kept, "3"), doctest::Contains("--since 3: scan #3 (2026-11-30 02:15 UTC) did "
                                                                         "not finish (interrupted)"),
                         ChangesError);
    CHECK_THROWS_WITH_AS(choose_runs(runs, kept, "5"), doctest::Contains("did not finish (killed)"), ChangesError);
    CHECK_THROWS_WITH_AS(choose_runs(runs, kept, "1"), doctest::Contains("--since 1: scan #1 (2026-11-28 02:15 UTC) is "
                                                                         "older than the snapshots"),
                         ChangesError);
    CHECK_THROWS_WITH_AS(choose_runs(runs, kept, "2026-11-29"), doctest::Contains("is older than the snapshots"),
                         ChangesError);
    CHECK_THROWS_WITH_AS(choose_runs(runs, kept, "2026-11-01"),
                         "--since 2026-11-01: no finished scan started before 2026-11-01 00:00 UTC (the first started "
                         "2026-11-28 02:15 UTC)",
                         ChangesError);
    CHECK_THROWS_WITH_AS(choose_runs(runs, kept, "hier"), doctest::Contains("--since hier: a scan number"), ChangesError);
    CHECK_THROWS_WITH_AS(choose_runs(runs, kept, "2026-02-30"), doctest::Contains("a scan number"), ChangesError);

    // one finished scan with a snapshot: compared against nothing
    CHECK_FALSE(choose_runs({run(1, "2026-11-28T02:15:00Z", "done")}, {1}, "").before);
    CHECK_THROWS_WITH_AS(choose_runs({run(1, "2026-11-28T02:15:00Z", "failed")}, {}, ""),
                         doctest::Contains("no scan has finished yet"), ChangesError);
    CHECK_THROWS_WITH_AS(choose_runs({run(1, "2026-11-28T02:15:00Z", "done")}, {}, ""),
                         doctest::Contains("no scan has kept a snapshot"), ChangesError);
}

TEST_CASE("changes: --since dates and times, in UTC") {
    CHECK(since_time("2026-11-30") == "2026-11-30T00:00:00Z");
    CHECK(since_time("2026-11-30T02:00") == "2026-11-30T02:00:00Z");
    CHECK(since_time("2026-11-30 02:00:30") == "2026-11-30T02:00:30Z");
    CHECK(since_time("2026-11-30T02:00:30Z") == "2026-11-30T02:00:30Z");
    CHECK_FALSE(since_time("30/11/2026"));
    CHECK_FALSE(since_time("2026-13-01"));
    CHECK_FALSE(since_time("2026-11-30T25:00"));
    CHECK_FALSE(since_time("4"));
}
