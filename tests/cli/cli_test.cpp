// End-to-end: the built binary, run as a user or a cron job would, on the shipped data.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "fetch/test_server.h"
#include "test_support.h"

using sharitories::test::contains;
using sharitories::test::lines_of;
using sharitories::test::read_file;
using sharitories::test::run_sharitories;
using sharitories::test::TempDir;

namespace {

const char* header =
    "insee,name,departement,departement_name,region,region_name,population,epci_siren,epci_name,epci_type,"
    "ville_centre,postcodes";

}  // namespace

TEST_CASE("cli: cities --centres-only lists 150–200 villes centres with the known ones") {
    auto run = run_sharitories({"cities", "--centres-only", "--format", "csv"});
    REQUIRE(run.exit_code == 0);
    auto lines = lines_of(run.out);
    REQUIRE(!lines.empty());
    CHECK(lines[0] == header);
    CHECK(lines.size() - 1 >= 150);
    CHECK(lines.size() - 1 <= 200);
    for (const char* town : {",Lorient,", ",Narbonne,", ",Épinal,", ",Mont-de-Marsan,"}) {
        INFO(town);
        CHECK(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return contains(l, town); }));
    }
    CHECK(std::all_of(lines.begin() + 1, lines.end(), [](const std::string& l) { return contains(l, ",1,"); }));
}

TEST_CASE("cli: cities output can be given back with --cities, in every format") {
    TempDir dir;
    auto first = run_sharitories({"cities", "--departement", "56,Finistère", "--out", (dir.path() / "bzh.csv").string()});
    REQUIRE(first.exit_code == 0);
    CHECK(first.out.empty());
    auto back = run_sharitories({"cities", "--cities", (dir.path() / "bzh.csv").string(), "--format", "json"});
    REQUIRE(back.exit_code == 0);
    auto json = nlohmann::json::parse(back.out);
    REQUIRE(json.size() == lines_of(read_file(dir.path() / "bzh.csv")).size() - 1);
    CHECK(std::any_of(json.begin(), json.end(), [](const auto& c) { return c["name"] == "Lorient"; }));
    CHECK(std::any_of(json.begin(), json.end(), [](const auto& c) { return c["name"] == "Quimper"; }));
    CHECK(std::all_of(json.begin(), json.end(), [](const auto& c) {
        return c["departement"] == "56" || c["departement"] == "29";
    }));
    CHECK(json[0]["population"].is_number_integer());

    auto md = run_sharitories({"cities", "--insee", "56121", "--format", "md"});
    CHECK(md.exit_code == 0);
    CHECK(contains(md.out, "| 56121 | Lorient | 56 | Morbihan |"));
}

TEST_CASE("cli: a malformed --cities file gives file:line:column messages and exit code 2") {
    TempDir dir;
    auto file = dir.write("villes.csv",
                          "insee;name;population\n56121;Lorient;58 329\n88160;Épinal;32251\n88160;Épinal;32251\n");
    auto run = run_sharitories({"cities", "--cities", file.string()});
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(contains(run.err, "villes.csv:2:15: population '58 329' is not a whole number"));
    CHECK(contains(run.err, "villes.csv:4:1: duplicate INSEE code 88160, already on line 3"));

    auto missing = run_sharitories({"cities", "--cities", (dir.path() / "absent.csv").string()});
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.err, "absent.csv: cannot read"));
}

TEST_CASE("cli: selection errors exit 2 and say what is wrong") {
    auto unknown = run_sharitories({"cities", "--insee", "99999"});
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "--insee 99999: no town of cities.csv has this code"));

    auto bad_format = run_sharitories({"cities", "--format", "xlsx"});
    CHECK(bad_format.exit_code == 2);
    CHECK(contains(bad_format.err, "xlsx"));

    auto no_command = run_sharitories({});
    CHECK(no_command.exit_code == 2);
}

TEST_CASE("cli: queries prints the searches for a town, each under 400 characters") {
    auto run = run_sharitories({"queries", "--insee", "56121"});
    REQUIRE(run.exit_code == 0);
    auto lines = lines_of(run.out);
    CHECK(lines.size() >= 8);  // at least 15 terms in each of 4 pillars, at most 6 per query
    for (const auto& line : lines) {
        INFO(line);
        CHECK(line.starts_with("\"Lorient\" ("));
        CHECK(line.size() < 400);
    }
    CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return contains(l, "AMAP"); }));
    CHECK(contains(run.err, "queries for 1 town\n"));

    auto sens = run_sharitories({"queries", "--insee", "89387", "--format", "csv"});
    REQUIRE(sens.exit_code == 0);
    CHECK(contains(sens.out, "\"\"Sens\"\" Yonne ("));  // CSV-quoted: the département follows the name
}

TEST_CASE("cli: queries with a user's keyword directory, and its errors") {
    TempDir dir;
    dir.write("kw/fr.tsv", "production\tfablab\t2\nproduction\ttiers-lieu\t1\n");
    auto run = run_sharitories({"queries", "--insee", "88160", "--keywords", (dir.path() / "kw").string()});
    REQUIRE(run.exit_code == 0);
    CHECK(run.out == "\"Épinal\" (fablab OR \"tiers-lieu\")\n");

    dir.write("bad/fr.tsv", "production\tfablab\t12\n");
    auto bad = run_sharitories({"queries", "--keywords", (dir.path() / "bad").string()});
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "fr.tsv:1:19: weight 12 is out of range"));
}

TEST_CASE("cli: --help answers, --version prints the version") {
    auto help = run_sharitories({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "cities"));
    CHECK(contains(help.out, "queries"));
    CHECK(contains(help.out, "Exit codes"));
    auto cities_help = run_sharitories({"cities", "--help"});
    CHECK(cities_help.exit_code == 0);
    CHECK(contains(cities_help.out, "--centres-only"));
    CHECK(contains(cities_help.out, "--min-pop"));
    CHECK(contains(cities_help.out, "20000"));
    auto version = run_sharitories({"--version"});
    CHECK(version.exit_code == 0);
    CHECK(contains(version.out, "0."));
}

TEST_CASE("cli: every term of the shipped keywords is sent exactly once per town and pillar") {
    auto run = run_sharitories({"queries", "--insee", "88160,89387", "--format", "json"});
    REQUIRE(run.exit_code == 0);
    auto queries = nlohmann::json::parse(run.out);
    std::map<std::string, std::vector<std::string>> sent;  // town → terms
    for (const auto& query : queries) {
        CHECK(query["query"].get<std::string>().size() < 400);
        auto& terms = sent[query["insee"].get<std::string>()];
        std::istringstream in(query["terms"].get<std::string>());
        for (std::string term; std::getline(in, term, '|');) {
            auto first = term.find_first_not_of(' ');
            auto last = term.find_last_not_of(' ');
            terms.push_back(term.substr(first, last - first + 1));
        }
    }
    // the shipped fr.tsv, read without the program: every non-comment line is one term
    std::vector<std::string> expected;
    std::istringstream fr(read_file(sharitories::test::source_dir() / "keywords" / "fr.tsv"));
    for (std::string line; std::getline(fr, line);) {
        if (line.empty() || line[0] == '#') continue;
        auto first_tab = line.find('\t');
        expected.push_back(line.substr(first_tab + 1, line.find('\t', first_tab + 1) - first_tab - 1));
    }
    std::sort(expected.begin(), expected.end());
    REQUIRE(sent.size() == 2);
    for (auto& entry : sent) {  // not a structured binding: INFO captures it, which clang 14 cannot
        INFO(entry.first);
        auto& terms = entry.second;
        std::sort(terms.begin(), terms.end());
        CHECK(terms == expected);
    }
}

TEST_CASE("cli: options that contradict each other, or name nothing, are usage errors") {
    auto excel_json = run_sharitories({"cities", "--format", "json", "--csv-excel"});
    CHECK(excel_json.exit_code == 2);
    CHECK(contains(excel_json.err, "--csv-excel goes with --format csv, not json"));

    auto both = run_sharitories({"queries", "--per-term", "--group-size", "3"});
    CHECK(both.exit_code == 2);
    CHECK(contains(both.err, "sharitories: error: "));
    CHECK(contains(both.err, "--per-term"));

    auto empty_out = run_sharitories({"cities", "--out", ""});
    CHECK(empty_out.exit_code == 2);
    CHECK(contains(empty_out.err, "--out: the file name is empty"));

    auto typo = run_sharitories({"citys"});
    CHECK(typo.exit_code == 2);
    CHECK(contains(typo.err, "unknown command 'citys'; the commands are scan, rank, evidence, cities, queries"));

    auto huge = run_sharitories({"cities", "--min-pop", "99999999999999999999"});
    CHECK(huge.exit_code == 2);
    CHECK(contains(huge.err, "--min-pop"));
}

TEST_CASE("cli: a town outside the shipped list is explained, and excel CSV is written for French spreadsheets") {
    auto paris = run_sharitories({"cities", "--insee", "75056", "--max-pop", "3000000"});
    CHECK(paris.exit_code == 2);
    CHECK(contains(paris.err, "--insee 75056: no town of cities.csv has this code"));
    CHECK(contains(paris.err, "the shipped cities.csv lists only the towns of 20,000–100,000 inhabitants"));

    auto excel = run_sharitories({"cities", "--region", "Bretagne", "--centres-only", "--csv-excel"});
    REQUIRE(excel.exit_code == 0);
    CHECK(excel.out.starts_with("\xEF\xBB\xBFinsee;name;departement;"));
    // codes (INSEE, département, région) as ="…", which keeps a code's zeros (05061) in the spreadsheet
    CHECK(contains(excel.out, "=\"56121\";Lorient;=\"56\";Morbihan;=\"53\";Bretagne;58329;"));
    CHECK(contains(excel.out, "\r\n"));
}

TEST_CASE("cli: fetch says what happened to each URL, in the order given") {
    sharitories::test::TestServer server;
    server.http().Get("/tiers-lieu", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("<html><head><title>Tiers-lieu</title></head><body>Fablab à Lorient</body></html>",
                             "text/html; charset=utf-8");
    });
    server.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("User-agent: *\nDisallow: /interdit\n", "text/plain");
    });
    server.start();
    const std::string port = std::to_string(server.port());
    const std::string host = "www.ville-test.fr:" + port;
    TempDir dir;
    auto urls = dir.write("urls.txt", "# pages à vérifier\nhttp://" + host + "/interdit\n\nhttp://" + host + "/tiers-lieu\n");
    auto run = run_sharitories({"fetch", "--urls", urls.string(), "ftp://example.org/x", "--resolve",
                                "www.ville-test.fr:" + port + ":127.0.0.1", "--allow-private-hosts",
                                "--per-host-delay-ms", "0"});
    CHECK(run.exit_code == 3);  // some URLs were not fetched
    auto lines = lines_of(run.out);
    REQUIRE(lines.size() == 3);  // the URLs of the command line first, then the file's
    CHECK(lines[0].starts_with("---  blocked-scheme"));
    CHECK(lines[1].starts_with("---  robots"));
    CHECK(contains(lines[1], "robots.txt disallows /interdit"));
    CHECK(lines[2].starts_with("200  ok"));
    CHECK(contains(lines[2], "text/html"));
    CHECK(contains(lines[2], "http://" + host + "/tiers-lieu"));
    CHECK(contains(run.err, "1 fetched, 2 failed"));
    CHECK(server.count("/interdit") == 0);

    auto json_run = run_sharitories({"fetch", "http://" + host + "/tiers-lieu", "--resolve",
                                     "www.ville-test.fr:" + port + ":127.0.0.1", "--allow-private-hosts", "--format", "json"});
    CHECK(json_run.exit_code == 0);
    auto json = nlohmann::json::parse(json_run.out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["status"] == 200);
    CHECK(json[0]["charset"] == "UTF-8");
    CHECK(json[0]["error"] == "");

    // without --allow-private-hosts, a name that resolves to loopback is refused
    auto refused = run_sharitories({"fetch", "http://" + host + "/tiers-lieu", "--resolve",
                                    "www.ville-test.fr:" + port + ":127.0.0.1"});
    CHECK(refused.exit_code == 3);
    CHECK(contains(refused.out, "blocked-private"));

    auto bad = run_sharitories({"fetch", "--resolve", "pas-de-port", "http://x.fr/"});
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "HOST:PORT:ADDR"));
    auto none = run_sharitories({"fetch"});
    CHECK(none.exit_code == 2);
    CHECK(contains(none.err, "no URL given"));
}
