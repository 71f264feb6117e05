// End to end: `sharitories rank --weights` re-scores the evidence a database already holds. The
// database is written here through the store, as a night's scan leaves it; no server runs, nothing
// is searched or fetched: rank reads the store and nothing else.
#include <doctest/doctest.h>


#include "output/xlsx_reader.h"
#include "store/store.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::contains;
using sharitories::test::lines_of;
using sharitories::test::read_file;
using sharitories::test::run_sharitories;
using sharitories::test::TempDir;

namespace {

/// A scan's database: Lorient (or `lorient`) with one initiative in each pillar, Épinal (or `epinal`)
/// with three in each of consommation, production and financement and none in gouvernance.
void write_scanned_database(const std::filesystem::path& path, const City& lorient = test::shipped_town("56121"),
                            const City& epinal = test::shipped_town("88160")) {
    Store store(path);
    const auto run = store.begin_run("2026-11-21T22:00:00Z", 2, 200);
    store.save_run_towns(run, {lorient, epinal});
    int pages = 0;
    const auto page = [&](const City& town, Pillar pillar) {
        const std::string site = "initiative-" + std::to_string(++pages) + ".fr";
        PageRecord record;
        record.url = record.final_url = "https://" + site + "/";
        record.status = 200;
        record.content_type = "text/html";
        record.fetched_at = "2026-11-21T22:10:00Z";
        Evidence row;
        row.insee = town.insee;
        row.city = town.name;
        row.pillar = pillar;
        row.initiative = site;
        row.url = record.url;
        row.title = "Une initiative à " + town.name;
        row.terms = {"terme"};
        row.strength = 4;
        row.fetched_at = record.fetched_at;
        store.record_page(run, record, {row});
    };
    for (Pillar pillar : all_pillars) page(lorient, pillar);
    for (Pillar pillar : {Pillar::consommation, Pillar::production, Pillar::financement})
        for (int i = 0; i < 3; ++i) page(epinal, pillar);
    RunSummary summary;
    summary.id = run;
    summary.finished_at = "2026-11-21T22:30:00Z";
    summary.status = "done";
    summary.pages_fetched = pages;
    summary.evidence = pages;
    store.finish_run(summary);
}

}  // namespace

TEST_CASE("rank --weights: the stored shortlist re-scored without the network, gouvernance at 0 reorders it") {
    TempDir dir;
    const auto db = dir.path() / "scan.db";
    write_scanned_database(db);
    const std::string stored_before = read_file(db);

    auto usual = run_sharitories({"rank", "--db", db.string(), "--format", "csv"});
    INFO(usual.err);
    REQUIRE(usual.exit_code == 0);
    auto lines = lines_of(usual.out);
    REQUIRE(lines.size() == 3);
    // four pillars beat three, however many initiatives
    CHECK(lines[1].starts_with("1,56121,Lorient,56,58329,44.50,1,1,1,1,4,"));
    CHECK(lines[2].starts_with("2,88160,Épinal,88,32251,35.40,3,3,3,0,3,"));
    CHECK_FALSE(contains(usual.err, "score weights"));

    // every weight 1, spelt out: the same bytes
    auto ones = run_sharitories({"rank", "--db", db.string(), "--format", "csv", "--weights",
                                 "consommation=1,production=1,financement=1,gouvernance=1"});
    REQUIRE(ones.exit_code == 0);
    CHECK(ones.out == usual.out);

    // gouvernance left out: equal breadth, and Épinal's volume comes first; Lorient's gouvernance
    // initiative is still counted in its column and in pillars
    auto weighted = run_sharitories({"rank", "--db", db.string(), "--format", "csv", "--weights", "gouvernance=0"});
    INFO(weighted.err);
    REQUIRE(weighted.exit_code == 0);
    auto reordered = lines_of(weighted.out);
    REQUIRE(reordered.size() == 3);
    CHECK(reordered[0] == lines[0]);
    CHECK(reordered[1].starts_with("1,88160,Épinal,88,32251,35.40,3,3,3,0,3,"));
    CHECK(reordered[2].starts_with("2,56121,Lorient,56,58329,33.86,1,1,1,1,4,"));
    // per_10k and everything after the score columns are as without weights
    CHECK(reordered[1].substr(reordered[1].find(",3,3,3,0,3,")) == lines[2].substr(lines[2].find(",3,3,3,0,3,")));
    CHECK(contains(weighted.err, "note: score weights consommation=1,production=1,financement=1,gouvernance=0 (--weights)"));

    // production doubled and gouvernance halved, given as two options
    auto doubled = run_sharitories({"rank", "--db", db.string(), "--format", "csv", "--weights", "production=2",
                                    "--weights", "gouvernance=0.5"});
    REQUIRE(doubled.exit_code == 0);
    auto doubled_lines = lines_of(doubled.out);
    REQUIRE(doubled_lines.size() == 3);
    // Lorient: 10 + 20 + 10 + 5 + 9 × 4.5 / 8.5, v = 1 + 2 + 1 + 0.5; Épinal: 10 + 20 + 10 + 9 × 8 / 12,
    // v = 2 + 4 + 2
    CHECK(doubled_lines[1].starts_with("1,56121,Lorient,56,58329,49.76,1,1,1,1,4,"));
    CHECK(doubled_lines[2].starts_with("2,88160,Épinal,88,32251,46.00,3,3,3,0,3,"));

    // rank read the store and wrote nothing to it
    CHECK(read_file(db) == stored_before);
}

TEST_CASE("rank and scan --weights: a bad entry is a usage error naming the option, before anything is opened") {
    TempDir dir;
    const auto db = dir.path() / "scan.db";
    write_scanned_database(db);
    const auto refused = [&](std::vector<std::string> args, const std::string& message) {
        auto result = run_sharitories(args);
        INFO(args.front() << " " << args.back());
        CHECK(result.exit_code == 2);
        CHECK(contains(result.err, "sharitories: error: --weights " + message));
        CHECK(result.out.empty());
    };
    const std::string rank_db = db.string();
    refused({"rank", "--db", rank_db, "--weights", "culture=2"},
            "culture=2: culture is not a pillar; the pillars are consommation, production, financement, gouvernance");
    refused({"rank", "--db", rank_db, "--weights", "production=-1"}, "production=-1: a weight is a number from 0 to 1000");
    refused({"rank", "--db", rank_db, "--weights", "production=beaucoup"}, "production=beaucoup: a weight is a number");
    refused({"rank", "--db", rank_db, "--weights", "production=nan"}, "production=nan: a weight is a number");
    refused({"rank", "--db", rank_db, "--weights", "production=inf"}, "production=inf: a weight is a number");
    refused({"rank", "--db", rank_db, "--weights", "production=2,production=3"},
            "production=3: a second weight for production (after production=2)");
    refused({"rank", "--db", rank_db, "--weights", "production=1,5"}, "5: expected PILLAR=WEIGHT");
    refused({"rank", "--db", rank_db, "--weights", "consommation=0,production=0,financement=0,gouvernance=0"},
            "consommation=0,production=0,financement=0,gouvernance=0: every pillar weighs 0");
    // the weights are checked first: a missing database is not even looked for
    refused({"rank", "--db", (dir.path() / "absent.db").string(), "--weights", "production=-1"},
            "production=-1: a weight is a number");
    CHECK_FALSE(std::filesystem::exists(dir.path() / "absent.db"));
    // scan: before the lock, the database, or any search
    const auto scan_db = dir.path() / "night.db";
    refused({"scan", "--insee", "56121", "--db", scan_db.string(), "--weights", "gouvernance=zero"},
            "gouvernance=zero: a weight is a number");
    CHECK_FALSE(std::filesystem::exists(scan_db));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "night.db.lock"));
}

TEST_CASE("rank --help and scan --help give the score's formula and --weights") {
    for (const char* command : {"rank", "scan"}) {
        INFO(command);
        auto help = run_sharitories({command, "--help"});
        CHECK(help.exit_code == 0);
        CHECK(contains(help.out, "--weights PILLAR=W ..."));
        CHECK(contains(help.out, "score = 10 × Σ w × [n > 0] + 9 × v / (v + 4) with v = Σ w × log2(1 + n)"));
        CHECK(contains(help.out, "A pillar not named weighs"));
    }
}

TEST_CASE("rank and evidence --out FILE.xlsx: a workbook, codes as text and scores as numbers") {
    TempDir dir;
    const auto db = dir.path() / "scan.db";
    // Charleville-Mézières, whose code starts with a zero, and Gap (département 05)
    write_scanned_database(db, test::shipped_town("08105"), test::shipped_town("05061"));

    const auto shortlist = dir.path() / "shortlist.xlsx";
    auto rank = run_sharitories({"rank", "--db", db.string(), "--out", shortlist.string()});
    INFO(rank.err);
    REQUIRE(rank.exit_code == 0);
    CHECK(rank.out.empty());
    auto sheets = sharitories::test::read_xlsx(shortlist);
    REQUIRE(sheets.size() == 1);
    const auto& sheet = sheets[0];
    CHECK(sheet.name == "shortlist");
    CHECK(sheet.at("B1").value == "insee");
    CHECK(sheet.at("B2").type == "s");
    CHECK(sheet.at("B2").value == "08105");
    CHECK(sheet.at("C2").value == "Charleville-Mézières");
    CHECK(sheet.at("D2").value == "08");
    CHECK(sheet.at("D3").value == "05");
    CHECK(sheet.at("A2").type == "n");
    CHECK(sheet.at("E2").type == "n");  // population
    CHECK(sheet.at("F2").type == "n");
    CHECK(std::stod(sheet.at("F2").value) == doctest::Approx(44.50));
    CHECK(sheet.at("L2").type == "n");  // per_10k
    CHECK(sheet.autofilter == "A1:O3");
    CHECK(sheet.pane.find("state=\"frozen\"") != std::string::npos);

    const auto evidence = dir.path() / "evidence.xlsx";
    auto rows = run_sharitories({"evidence", "--db", db.string(), "--out", evidence.string()});
    REQUIRE(rows.exit_code == 0);
    sheets = sharitories::test::read_xlsx(evidence);
    REQUIRE(sheets.size() == 1);
    CHECK(sheets[0].name == "evidence");
    CHECK(sheets[0].at("A2").value == "05061");  // by code: Gap's rows first
    CHECK(sheets[0].at("A2").type == "s");
    CHECK(sheets[0].at("A14").value == "08105");
    CHECK(sheets[0].at("H2").type == "n");  // strength
    CHECK(sheets[0].hyperlinks.size() == 13);
    CHECK(sheets[0].hyperlinks.at("E2").starts_with("https://initiative-"));
}

TEST_CASE("--out's extension chooses the format when --format is not given") {
    TempDir dir;
    const auto db = dir.path() / "scan.db";
    write_scanned_database(db, test::shipped_town("08105"), test::shipped_town("05061"));
    const auto written = [&](const std::string& name, std::vector<std::string> more = {}) {
        std::vector<std::string> args{"rank", "--db", db.string(), "--out", (dir.path() / name).string()};
        args.insert(args.end(), more.begin(), more.end());
        auto run = run_sharitories(args);
        INFO(run.err);
        CHECK(run.exit_code == 0);
        return read_file(dir.path() / name);
    };
    CHECK(written("a.csv").starts_with("rank,insee,city,"));
    CHECK(written("a.tsv").starts_with("rank\tinsee\tcity\t"));
    CHECK(written("a.json").starts_with("[\n  {\"rank\":1,\"insee\":\"08105\""));
    CHECK(written("a.jsonl").starts_with("{\"rank\":1,\"insee\":\"08105\""));
    CHECK(written("a.md").starts_with("| rank | insee |"));
    CHECK(written("a.XLSX").starts_with("PK"));
    // an extension no format has, or none: the command's default, csv, without a word
    CHECK(written("a.txt").starts_with("rank,insee,city,"));
    CHECK(written("shortlist").starts_with("rank,insee,city,"));
    // --format given wins over the extension
    CHECK(written("b.csv", {"--format", "tsv"}).starts_with("rank\tinsee\t"));
    // --csv-excel, for French spreadsheets: decimal commas, codes that keep their zeros
    const auto excel = written("excel.csv", {"--csv-excel"});
    CHECK(contains(excel, "\r\n1;=\"08105\";Charleville-Mézières;=\"08\";"));
    CHECK(contains(excel, ";44,50;1;1;1;1;4;"));
    CHECK(contains(excel, "\r\n2;=\"05061\";Gap;=\"05\";"));
}

TEST_CASE("--format xlsx to standard output is a usage error that says to give --out FILE.xlsx") {
    TempDir dir;
    const auto db = dir.path() / "scan.db";
    write_scanned_database(db);
    for (const auto& args : std::vector<std::vector<std::string>>{{"rank", "--db", db.string(), "--format", "xlsx"},
                                                                   {"rank", "--db", db.string(), "--format", "xlsx", "--out", "-"},
                                                                   {"evidence", "--db", db.string(), "--format", "xlsx"},
                                                                   {"cities", "--format", "xlsx"}}) {
        auto run = run_sharitories(args);
        INFO(args[0]);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(contains(run.err, "sharitories: error: xlsx is a file, not text for standard output: give --out FILE.xlsx"));
    }
    auto excel = run_sharitories({"rank", "--db", db.string(), "--out", (dir.path() / "x.xlsx").string(), "--csv-excel"});
    CHECK(excel.exit_code == 2);
    CHECK(contains(excel.err, "--csv-excel goes with --format csv, not xlsx"));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "x.xlsx"));
}
