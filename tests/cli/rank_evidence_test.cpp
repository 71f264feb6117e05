// End to end: `sharitories rank --evidence FILE…` ranks the selected towns from evidence files —
// the shards `sharitories wet` writes on many machines, another machine's `evidence --format jsonl` —
// with no database: merged, a shared initiative counted once, bad lines said and skipped.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "output/xlsx_reader.h"
#include "store/store.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::contains;
using sharitories::test::lines_of;
using sharitories::test::read_file;
using sharitories::test::run_sharitories;
using sharitories::test::run_sharitories_unprivileged;
using sharitories::test::TempDir;

namespace {

std::string line(const std::string& insee, const std::string& city, const std::string& pillar,
                 const std::string& initiative, const std::string& url, const std::string& title,
                 const std::string& terms, double strength, const std::string& fetched_at, double town_weight = 1,
                 const std::string& record = "crawl-data/CC-MAIN-2024-10/segments/1707947474700.89/wet/"
                                             "CC-MAIN-20240228-00012.warc.wet.gz@48213") {
    return "{\"insee\":\"" + insee + "\",\"city\":\"" + city + "\",\"pillar\":\"" + pillar + "\",\"initiative\":\"" +
           initiative + "\",\"url\":\"" + url + "\",\"title\":\"" + title + "\",\"terms\":\"" + terms +
           "\",\"strength\":" + std::to_string(strength) + ",\"fetched_at\":\"" + fetched_at +
           "\",\"town_weight\":" + std::to_string(town_weight) + ",\"crawl\":\"CC-MAIN-2024-10\",\"record\":\"" +
           record + "\"}\n";
}

/// Two machines' shards of the February 2024 crawl. Lorient: the Fabrique (production) on both,
/// through two pages, its home page on both; the AMAP (consommation); the town's concertation
/// (gouvernance); a directory of crowdfunding projects naming forty towns (financement, town weight
/// 0.2: listed, not counted). Vannes: a KissKissBankBank project and its budget participatif.
/// Quimper: its budget participatif. Brest (over 100,000 inhabitants): in no default selection.
struct Shards {
    TempDir dir;
    std::filesystem::path one, two;

    Shards() {
        one = dir.write(
            "shard-1.jsonl",
            line("56121", "Lorient", "production", "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/",
                 "La Fabrique — fablab et tiers-lieu à Lorient", "fablab; tiers-lieu", 9, "2024-02-21T04:13:52Z") +
                line("56121", "Lorient", "consommation", "amap-lorient.fr", "https://www.amap-lorient.fr/",
                     "AMAP de Lorient : paniers du Pays de Lorient", "AMAP", 6, "2024-02-23T11:02:10Z") +
                line("56121", "Lorient", "financement", "annuaire-financement-participatif.fr",
                     "https://annuaire-financement-participatif.fr/bretagne",
                     "Projets en financement participatif en Bretagne", "financement participatif", 0.8,
                     "2024-02-23T11:05:00Z", 0.2) +
                line("56260", "Vannes", "gouvernance", "mairie-vannes.fr",
                     "https://www.mairie-vannes.fr/budget-participatif", "Budget participatif de Vannes",
                     "budget participatif", 6, "2024-02-22T08:00:00Z") +
                line("29232", "Quimper", "gouvernance", "quimper.bzh", "https://www.quimper.bzh/budget-participatif",
                     "Budget participatif : les projets des Quimpérois", "budget participatif", 6,
                     "2024-02-22T09:00:00Z"));
        two = dir.write(
            "shard-2.jsonl",
            line("56121", "Lorient", "production", "lafabrique-lorient.fr",
                 "https://lafabrique-lorient.fr/atelier-bois", "L'atelier bois partagé de La Fabrique",
                 "atelier partagé", 4, "2024-02-22T19:45:03Z") +
                line("56121", "Lorient", "production", "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/",
                     "La Fabrique", "fablab", 3, "2024-02-20T08:00:00Z") +
                line("56121", "Lorient", "gouvernance", "lorient.fr", "https://www.lorient.fr/concertation-quais",
                     "Concertation citoyenne sur les quais de Lorient", "concertation", 4, "2024-02-24T15:30:00Z") +
                line("56260", "Vannes", "financement", "kisskissbankbank.com/fr/projects/la-recyclerie-de-vannes",
                     "https://www.kisskissbankbank.com/fr/projects/la-recyclerie-de-vannes",
                     "La Recyclerie de Vannes", "KissKissBankBank; financement participatif", 8,
                     "2024-02-21T06:31:00Z") +
                line("29019", "Brest", "gouvernance", "jeparticipe.brest.fr",
                     "https://jeparticipe.brest.fr/processes/budget-participatif-2024",
                     "Budget participatif de Brest", "budget participatif", 6, "2024-02-22T10:00:00Z"));
    }
};

/// A scan's database with Lorient's evidence: a tiers-lieu, an AMAP, and a directory of crowdfunding
/// projects naming forty towns (town weight 0.2).
void write_database_of_lorient(const std::filesystem::path& path) {
    const City& lorient = test::shipped_town("56121");
    Store store(path);
    const auto run = store.begin_run("2026-11-21T22:00:00Z", 1, 200);
    store.save_run_towns(run, {lorient});
    const auto page = [&](Pillar pillar, const std::string& site, const std::string& url, const std::string& title,
                          std::vector<std::string> terms, double strength, double town_weight) {
        PageRecord record;
        record.url = record.final_url = url;
        record.status = 200;
        record.content_type = "text/html";
        record.fetched_at = "2026-11-21T22:10:00Z";
        Evidence row;
        row.insee = lorient.insee;
        row.city = lorient.name;
        row.pillar = pillar;
        row.initiative = site;
        row.url = url;
        row.title = title;
        row.terms = std::move(terms);
        row.strength = strength;
        row.town_weight = town_weight;
        row.fetched_at = record.fetched_at;
        store.record_page(run, record, {row});
    };
    page(Pillar::production, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/",
         "La Fabrique — fablab et tiers-lieu à Lorient", {"fablab", "tiers-lieu"}, 9, 1);
    page(Pillar::consommation, "amap-lorient.fr", "https://www.amap-lorient.fr/", "AMAP de Lorient", {"AMAP"}, 4, 1);
    page(Pillar::financement, "annuaire-financement-participatif.fr",
         "https://annuaire-financement-participatif.fr/bretagne", "Projets en financement participatif en Bretagne",
         {"financement participatif"}, 0.4, 0.2);
    RunSummary summary;
    summary.id = run;
    summary.finished_at = "2026-11-21T22:30:00Z";
    summary.status = "done";
    summary.pages_fetched = 3;
    summary.evidence = 3;
    store.finish_run(summary);
}

}  // namespace

TEST_CASE("rank --evidence: two shards ranked with no database, a shared initiative and a shared page once") {
    Shards shards;
    auto run = run_sharitories({"rank", "--evidence", shards.one.string(), shards.two.string(), "--insee",
                                "56121,56260", "--format", "csv"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto lines = lines_of(run.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "rank,insee,city,departement,population,score,consommation,production,financement,gouvernance,"
                      "pillars,per_10k,top_evidence,coverage,searched_at");
    // Lorient: the Fabrique's two pages on two machines are one production initiative; the directory
    // is not counted; three pillars, three initiatives. No searches: coverage and searched_at empty.
    CHECK(lines[1].starts_with("1,56121,Lorient,56,58329,33.86,1,1,0,1,3,0.51,"));
    CHECK(contains(lines[1], ",https://lafabrique-lorient.fr/ https://www.amap-lorient.fr/ "
                             "https://www.lorient.fr/concertation-quais,,"));
    CHECK(lines[1].ends_with(",,"));
    CHECK(lines[2] == "2,56260,Vannes,56,55790,23.00,0,0,1,1,2,0.36,https://www.kisskissbankbank.com/fr/projects/"
                      "la-recyclerie-de-vannes https://www.mairie-vannes.fr/budget-participatif,,");
    CHECK(contains(run.err, "10 evidence rows read from 2 files, 9 once merged"));
    CHECK(contains(run.err, "note: 2 evidence rows of 2 towns outside the selection left out"));
    CHECK_FALSE(std::filesystem::exists("sharitories.db"));  // in the working directory: no store opened

    // repeated --evidence is the same as two values; --top and --weights work as with --db
    auto repeated = run_sharitories({"rank", "--evidence", shards.two.string(), "--evidence", shards.one.string(),
                                     "--insee", "56121,56260", "--format", "csv"});
    REQUIRE(repeated.exit_code == 0);
    CHECK(repeated.out == run.out);
    auto weighted = run_sharitories({"rank", "--evidence", shards.one.string(), shards.two.string(), "--insee",
                                     "56121,56260", "--format", "csv", "--weights", "gouvernance=0", "--top", "1"});
    INFO(weighted.err);
    REQUIRE(weighted.exit_code == 0);
    const auto top = lines_of(weighted.out);
    REQUIRE(top.size() == 2);
    CHECK(top[1].starts_with("1,56121,Lorient,56,58329,23.00,1,1,0,1,3,"));  // 20 + 9 × 2 / 6: gouvernance not scored
    // JSON: no coverage is null, not 0
    auto json = run_sharitories({"rank", "--evidence", shards.one.string(), "--insee", "56260", "--format", "jsonl"});
    REQUIRE(json.exit_code == 0);
    CHECK(contains(json.out, "\"coverage\":null,\"searched_at\":\"\"}"));
}

TEST_CASE("rank --evidence: without selection options, every town of the default selection, zeros included") {
    Shards shards;
    auto run = run_sharitories({"rank", "--evidence", shards.one.string(), shards.two.string(), "--format", "csv"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    auto cities = run_sharitories({"cities", "--format", "csv"});
    REQUIRE(cities.exit_code == 0);
    const auto ranked = lines_of(run.out);
    CHECK(ranked.size() == lines_of(cities.out).size());
    REQUIRE(ranked.size() > 100);
    CHECK(ranked[1].starts_with("1,56121,Lorient,"));
    CHECK(ranked[2].starts_with("2,56260,Vannes,"));
    CHECK(ranked[3].starts_with("3,29232,Quimper,29,64385,11.80,0,0,0,1,1,"));
    CHECK(ranked[4].starts_with("4,"));
    CHECK(contains(ranked[4], ",0.00,0,0,0,0,0,0.00,,,"));  // the towns without evidence follow, with zeros
    CHECK(contains(run.err, "note: 1 evidence row of 1 town outside the selection left out"));  // Brest
}

TEST_CASE("rank --evidence: bad lines are said and skipped, the shortlist written, exit 3") {
    Shards shards;
    const auto cut = shards.dir.write(
        "shard-3.jsonl",
        line("56260", "Vannes", "production", "lacantine-vannes.fr", "https://lacantine-vannes.fr/", "La Cantine, "
             "coworking à Vannes", "coworking", 4, "2024-02-25T09:00:00Z") +
            "{\"insee\":\"56260\",\"pillar\":\"culture\",\"initiative\":\"x.fr\",\"url\":\"https://x.fr/\"}\n" +
            // the job was killed: half a line
            "{\"insee\":\"56121\",\"city\":\"Lorient\",\"pillar\":\"consommation\",\"initiative\":\"repair");
    auto run = run_sharitories({"rank", "--evidence", shards.one.string(), cut.string(), "--insee", "56121,56260",
                                "--format", "csv"});
    INFO(run.err);
    CHECK(run.exit_code == 3);
    const auto lines = lines_of(run.out);
    REQUIRE(lines.size() == 3);
    // Vannes: La Cantine, read before the bad lines, counted; it ties with Lorient, ahead per capita
    CHECK(lines[1].starts_with("1,56260,Vannes,56,55790,23.00,0,1,0,1,2,0.36,"));
    CHECK(lines[2].starts_with("2,56121,Lorient,56,58329,23.00,1,1,0,0,2,0.34,"));
    CHECK(contains(run.err, "warning: " + cut.string() + ":2: unknown pillar \"culture\""));
    CHECK(contains(run.err, "warning: " + cut.string() + ":3: cut short"));
    CHECK(contains(run.err, "warning: 2 bad lines skipped in " + cut.string()));
    CHECK_FALSE(contains(run.err, "skipped in " + shards.one.string()));
    // also under --quiet: the reason for exit 3
    auto quiet = run_sharitories({"rank", "-q", "--evidence", cut.string(), "--insee", "56260", "--format", "csv"});
    CHECK(quiet.exit_code == 3);
    CHECK(contains(quiet.err, "2 bad lines skipped in " + cut.string()));
}

TEST_CASE("rank --evidence: with --db, a missing file, a directory or an unreadable file is exit 2") {
    Shards shards;
    const auto db = shards.dir.path() / "scan.db";
    auto both = run_sharitories({"rank", "--evidence", shards.one.string(), "--db", db.string()});
    CHECK(both.exit_code == 2);
    CHECK(contains(both.err, "error: --evidence and --db: give one of them"));
    CHECK(both.out.empty());
    CHECK_FALSE(std::filesystem::exists(db));

    const auto missing = shards.dir.path() / "shard-9.jsonl";
    auto absent = run_sharitories({"rank", "--evidence", shards.one.string(), missing.string(), "--insee", "56121"});
    CHECK(absent.exit_code == 2);
    CHECK(contains(absent.err, "error: --evidence " + missing.string() + ": no such file"));
    CHECK(absent.out.empty());

    auto folder = run_sharitories({"rank", "--evidence", shards.dir.path().string(), "--insee", "56121"});
    CHECK(folder.exit_code == 2);
    CHECK(contains(folder.err, "is a directory, not a file"));

    auto twice = run_sharitories({"rank", "--evidence", "-", "-", "--insee", "56121"});
    CHECK(twice.exit_code == 2);
    CHECK(contains(twice.err, "--evidence -: standard input (-) is given twice"));

    // as a user who may not read it (root reads everything)
    REQUIRE(::chmod(shards.dir.path().c_str(), 0755) == 0);
    REQUIRE(::chmod(shards.two.c_str(), 0) == 0);
    auto unreadable = run_sharitories_unprivileged({"rank", "--evidence", shards.one.string(), shards.two.string(),
                                                    "--insee", "56121"});
    CHECK(unreadable.exit_code == 2);
    CHECK(contains(unreadable.err, "--evidence " + shards.two.string() + ": cannot be opened: Permission denied"));
    CHECK(unreadable.out.empty());
}

TEST_CASE("rank --evidence -: standard input, as a pipe from another machine's evidence") {
    Shards shards;
    const auto out = shards.dir.path() / "out.csv";
    const auto err = shards.dir.path() / "err.txt";
    const std::string command = std::string(SHARITORIES_BINARY) + " rank --evidence - '" + shards.two.string() +
                                "' --insee 56121 --format csv < '" + shards.one.string() + "' > '" + out.string() +
                                "' 2> '" + err.string() + "'";
    const int status = std::system(command.c_str());
    INFO(read_file(err));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    const auto lines = lines_of(read_file(out));
    REQUIRE(lines.size() == 2);
    CHECK(lines[1].starts_with("1,56121,Lorient,56,58329,33.86,1,1,0,1,3,"));
}

TEST_CASE("rank --evidence --out FILE.xlsx: the shortlist and the merged evidence of the selected towns") {
    Shards shards;
    const auto workbook = shards.dir.path() / "shortlist.xlsx";
    auto run = run_sharitories({"rank", "--evidence", shards.one.string(), shards.two.string(), "--insee",
                                "56121,56260", "--out", workbook.string()});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto sheets = test::read_xlsx(workbook);
    REQUIRE(sheets.size() == 2);
    CHECK(sheets[0].name == "shortlist");
    CHECK(sheets[0].at("C2").value == "Lorient");
    CHECK(sheets[0].at("N2").type == "");  // coverage: no value
    const auto& evidence = sheets[1];
    CHECK(evidence.name == "evidence");
    CHECK(evidence.at("J1").value == "town_weight");
    // Lorient's 5 rows (the Fabrique's home page once) and Vannes's 2; not Brest's
    CHECK(evidence.autofilter == "A1:N8");  // …, town_weight, then the page's record (crawl … warc_record_length)
    CHECK(evidence.at("K1").value == "crawl");
    CHECK(evidence.at("A2").value == "56121");
    CHECK(evidence.at("C2").value == "consommation");
    CHECK(evidence.at("E3").value == "https://lafabrique-lorient.fr/");
    CHECK(std::stod(evidence.at("H3").value) == doctest::Approx(9));  // the strongest copy
    CHECK(evidence.at("E4").value == "https://lafabrique-lorient.fr/atelier-bois");
    CHECK(evidence.at("C5").value == "financement");
    CHECK(std::stod(evidence.at("J5").value) == doctest::Approx(0.2));
    CHECK(evidence.at("A8").value == "56260");
}

TEST_CASE("rank --evidence reads what evidence --format jsonl writes: the same shortlist as rank --db") {
    TempDir dir;
    const auto db = dir.path() / "scan.db";
    write_database_of_lorient(db);
    auto evidence = run_sharitories({"evidence", "--db", db.string(), "--format", "jsonl"});
    INFO(evidence.err);
    REQUIRE(evidence.exit_code == 0);
    REQUIRE(lines_of(evidence.out).size() == 3);
    CHECK(contains(evidence.out, ",\"town_weight\":0.2,\"crawl\":\"\",\"warc_filename\":\"\",\"warc_record_offset\":null,"
                                 "\"warc_record_length\":null}\n"));  // fetched from its site: no record
    const auto file = dir.write("lorient.jsonl", evidence.out);
    auto from_db = run_sharitories({"rank", "--db", db.string(), "--insee", "56121", "--format", "csv"});
    auto from_file = run_sharitories({"rank", "--evidence", file.string(), "--insee", "56121", "--format", "csv"});
    INFO(from_file.err);
    REQUIRE(from_db.exit_code == 0);
    REQUIRE(from_file.exit_code == 0);
    // every column but coverage and searched_at, which only a database knows
    const auto db_line = lines_of(from_db.out).at(1);
    const auto file_line = lines_of(from_file.out).at(1);
    const auto without_coverage = [](const std::string& text) {
        const auto last = text.rfind(',');
        return text.substr(0, text.rfind(',', last - 1));
    };
    CHECK(without_coverage(file_line) == without_coverage(db_line));
    CHECK(file_line.starts_with("1,56121,Lorient,56,58329,23.00,1,1,0,0,2,"));  // the directory not counted
    CHECK(file_line.ends_with(",,"));
    // the evidence rows, read back and written again, are the same rows
    auto again = run_sharitories({"rank", "--evidence", file.string(), "--insee", "56121", "--out",
                                  (dir.path() / "again.xlsx").string()});
    REQUIRE(again.exit_code == 0);
    auto stored = run_sharitories({"evidence", "--db", db.string(), "--out", (dir.path() / "stored.xlsx").string()});
    REQUIRE(stored.exit_code == 0);
    const auto read_again = test::read_xlsx(dir.path() / "again.xlsx");
    const auto read_stored = test::read_xlsx(dir.path() / "stored.xlsx");
    REQUIRE(read_again.size() == 2);
    REQUIRE(read_stored.size() == 1);
    CHECK(read_again[1].autofilter == "A1:N4");  // …, town_weight, then the record: crawl … warc_record_length
    for (const auto& [ref, cell] : read_stored[0].cells) {
        INFO(ref);
        CHECK(read_again[1].at(ref).value == cell.value);
    }
}
