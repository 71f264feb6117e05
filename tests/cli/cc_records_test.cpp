// End to end: `sharitories scan --cc-records records.csv` as built, against a local Common Crawl data
// host serving a .warc.gz of French pages: no search sent, each record fetched by a Range of its
// bytes, the shortlist counting the pages' pillars, the store keeping each page's record (which
// `evidence` shows), a second run fetching nothing again; bad input and failing records as exit codes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "test_support.h"
#include "warc/cc_data_host.h"

using sharitories::test::CcDataHost;
using sharitories::test::contains;
using sharitories::test::lines_of;
using sharitories::test::run_sharitories;
using sharitories::test::TempDir;

namespace {

std::vector<std::string> record_scan_args(const std::string& csv, const CcDataHost& host, const std::string& db) {
    return {"scan", "--cc-records", csv, "--cc-base-url", host.base_url(), "--db", db, "--insee", "56121,56260",
            "--allow-private-hosts", "--per-host-delay-ms", "0", "--workers", "2"};
}

/// The shortlist's rows by INSEE code, each a map of column → cell (no cell here holds a comma).
std::map<std::string, std::map<std::string, std::string>> shortlist_rows(const std::string& csv) {
    const auto lines = lines_of(csv);
    std::map<std::string, std::map<std::string, std::string>> rows;
    if (lines.empty()) return rows;
    auto split = [](const std::string& line) {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
            cells.push_back(line.substr(start, comma - start));
        cells.push_back(line.substr(start));
        return cells;
    };
    const auto header = split(lines[0]);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto cells = split(lines[i]);
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) row[header[c]] = cells[c];
        rows[row["insee"]] = row;
    }
    return rows;
}

}  // namespace

TEST_CASE("cli scan --cc-records: records fetched by Range, classified, shortlisted, kept with their source, not fetched twice") {
    const auto warc = sharitories::test::morbihan_warc();
    CcDataHost host;
    host.serve(warc);
    host.start();
    TempDir dir;
    const std::string csv = dir.write("records.csv", warc.athena_csv()).string();
    const std::string db = (dir.path() / "x.db").string();
    const std::string out = (dir.path() / "shortlist.csv").string();
    auto args = record_scan_args(csv, host, db);
    args.insert(args.end(), {"--out", out});

    const auto first = run_sharitories(args);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(host.requests() == 5);  // the five records, nothing else: no search, no robots.txt
    CHECK(contains(first.err, "summary: 2 towns; records 5 listed: 0 already recorded (not fetched again), 5 fetched "
                              "(4 pages classified, 1 holding no page), 0 failed"));
    auto rows = shortlist_rows(sharitories::test::read_file(out));
    REQUIRE(rows.count("56121"));
    REQUIRE(rows.count("56260"));
    CHECK(rows["56121"]["city"] == "Lorient");
    // La Fabrique: production, and consommation (its repair café); Le Galais: financement
    CHECK(rows["56121"]["consommation"] == "1");
    CHECK(rows["56121"]["production"] == "1");
    CHECK(rows["56121"]["financement"] == "1");
    CHECK(rows["56121"]["gouvernance"] == "0");
    CHECK(rows["56121"]["pillars"] == "3");
    // the AMAP (read from windows-1252): consommation; the budget participatif: gouvernance
    CHECK(rows["56260"]["consommation"] == "1");
    CHECK(rows["56260"]["production"] == "0");
    CHECK(rows["56260"]["financement"] == "0");
    CHECK(rows["56260"]["gouvernance"] == "1");
    CHECK(rows["56260"]["pillars"] == "2");
    CHECK(contains(rows["56121"]["top_evidence"], "https://www.lafabrique-lorient.fr/"));

    // the store holds each page's record: `evidence` shows it, dated by Common Crawl's fetch
    const auto evidence = run_sharitories({"evidence", "--db", db, "--insee", "56121,56260", "--format", "json"});
    REQUIRE(evidence.exit_code == 0);
    const auto json = nlohmann::json::parse(evidence.out);
    REQUIRE(json.size() >= 4);
    bool fabrique_seen = false;
    for (const auto& row : json) {
        CHECK(row["crawl"] == "CC-MAIN-2024-10");
        CHECK(row["warc_filename"] == warc.name);
        CHECK(row["fetched_at"].get<std::string>().starts_with("2024-02-2"));
        if (row["url"] == "https://www.lafabrique-lorient.fr/") {
            fabrique_seen = true;
            CHECK(row["warc_record_offset"] == warc.records[0].source.warc_record_offset);  // a number
            CHECK(row["warc_record_length"] == warc.records[0].source.warc_record_length);
            CHECK(row["fetched_at"] == "2024-02-21T08:15:02Z");
        }
    }
    CHECK(fabrique_seen);

    // the next run: every record is known, none is fetched again; the shortlist is the same
    const auto second = run_sharitories(args);
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    CHECK(host.requests() == 5);
    CHECK(contains(second.err, "records 5 listed: 5 already recorded (not fetched again), 0 fetched"));
    CHECK(shortlist_rows(sharitories::test::read_file(out)) == rows);
}

TEST_CASE("cli scan --cc-records: a record that fails makes the run partial (exit 3), the shortlist is written") {
    auto warc = sharitories::test::morbihan_warc();
    CcDataHost host;
    host.serve(warc);
    host.start();
    auto records = warc;
    records.records.resize(1);
    auto missing = warc.records[1];
    missing.source.warc_filename = "crawl-data/CC-MAIN-2024-10/segments/1707947473347.0/warc/absent.warc.gz";
    records.records.push_back(missing);  // not on the host: a 404
    TempDir dir;
    const std::string csv = dir.write("records.csv", records.athena_csv()).string();
    const std::string db = (dir.path() / "x.db").string();
    auto args = record_scan_args(csv, host, db);
    args.insert(args.end(), {"--format", "csv"});
    const auto run = run_sharitories(args);
    INFO(run.err);
    CHECK(run.exit_code == 3);
    CHECK(contains(run.err, "https://www.galais-lorient.bzh/monnaie-locale (crawl-data/CC-MAIN-2024-10/segments/"
                            "1707947473347.0/warc/absent.warc.gz at "));
    CHECK(contains(run.err, "HTTP 404"));
    const auto rows = shortlist_rows(run.out);
    REQUIRE(rows.count("56121"));
    CHECK(rows.at("56121").at("production") == "1");
    CHECK(rows.at("56121").at("financement") == "0");
}

TEST_CASE("cli scan --cc-records: a malformed CSV, a search option, --cc-base-url alone: exit 2, said with the place") {
    TempDir dir;
    const auto csv = dir.write("records.csv",
                               "\"url\",\"warc_filename\",\"warc_record_offset\"\n"
                               "\"https://www.lafabrique-lorient.fr/\",\"crawl-data/CC-MAIN-2024-10/x.warc.gz\",\"12\"\n");
    const std::string db = (dir.path() / "x.db").string();
    auto missing = run_sharitories({"scan", "--cc-records", csv.string(), "--db", db, "--insee", "56121"});
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.err, "records.csv:1: missing column 'warc_record_length'"));

    const auto bad = dir.write("bad.csv", "url,warc_filename,warc_record_offset,warc_record_length\n"
                                          "https://www.vannes.fr/,crawl-data/CC-MAIN-2024-10/x.warc.gz,1.5E+09,100\n");
    auto located = run_sharitories({"scan", "--cc-records", bad.string(), "--db", db, "--insee", "56121"});
    CHECK(located.exit_code == 2);
    CHECK(contains(located.err, "bad.csv:2:"));
    CHECK(contains(located.err, "'1.5E+09' is not a byte offset"));

    auto searching = run_sharitories({"scan", "--cc-records", csv.string(), "--search-url", "http://127.0.0.1:9/",
                                      "--db", db, "--insee", "56121"});
    CHECK(searching.exit_code == 2);
    CHECK(contains(searching.err, "--search-url is an option of searching: scan --cc-records sends no searches"));

    auto base_alone = run_sharitories({"scan", "--cc-base-url", "http://127.0.0.1:9/", "--db", db, "--insee", "56121"});
    CHECK(base_alone.exit_code == 2);
    CHECK(contains(base_alone.err, "give --cc-records FILE.csv too"));

    auto help = run_sharitories({"scan", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "--cc-records"));
    CHECK(contains(help.out, "--cc-base-url"));
    CHECK(contains(help.out, "https://data.commoncrawl.org/"));
}
