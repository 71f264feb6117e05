// End to end: scripts/cc-wet runs `sharitories wet` over a list of WET files with GNU parallel — two
// local shards and one streamed from a local server as a Common Crawl path — and merges the shards
// with `rank --evidence`: an initiative found in two shards counts once; a file that fails is
// listed, and --resume runs only it again.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "fetch/test_server.h"
#include "test_support.h"
#include "warc/warc_builder.h"

using namespace sharitories;
using sharitories::test::contains;
using sharitories::test::lines_of;
using sharitories::test::read_file;
using sharitories::test::TempDir;

namespace {

struct Shell {
    int exit_code = -1;
    std::string output;  ///< stdout and stderr
};

Shell run_shell(const std::string& command) {
    Shell result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, got);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

bool have_parallel() { return run_shell("command -v parallel && command -v curl").exit_code == 0; }

std::string wet_file(const std::vector<std::string>& records) {
    std::string bytes = test::gzip_member(test::warcinfo_record("CC-MAIN-2024-10", "x.warc.wet.gz"));
    for (const auto& record : records) bytes += test::gzip_member(record);
    return bytes;
}

const std::string fabrique_home =
    "La Fabrique — tiers-lieu à Lorient\nAccueil\nAteliers\nAgenda\n"
    "La Fabrique, un tiers-lieu au cœur de Lorient\n"
    "Ouvert depuis 2019 dans l'ancienne criée du port, la Fabrique est un tiers-lieu associatif : un espace de "
    "coworking, un fablab avec imprimantes 3D et découpe laser, et un café où se croisent les habitants de Lorient.\n"
    "La Fabrique, 12 quai des Indes, 56100 Lorient\n";
const std::string fabrique_workshops =
    "Les ateliers du fablab — La Fabrique, Lorient\nAccueil\nAteliers\nAgenda\n"
    "Les ateliers du fablab de Lorient\n"
    "Chaque mercredi, le fablab de la Fabrique ouvre ses machines aux habitants de Lorient : découpe laser, "
    "impression 3D, électronique. Les bénévoles du tiers-lieu accompagnent les débutants.\n"
    "La Fabrique, 12 quai des Indes, 56100 Lorient\n";
const std::string vannes_amap =
    "AMAP du Pays de Vannes : des paniers de légumes bio chaque jeudi\nAccueil\nNos producteurs\nAdhérer\n"
    "L'AMAP du Pays de Vannes réunit quarante familles et cinq maraîchers du Morbihan. Chaque jeudi soir, les "
    "adhérents retirent leur panier à la maison de quartier de Ménimur, à Vannes, en circuit court.\n"
    "AMAP du Pays de Vannes, 4 rue de la Fontaine, 56000 Vannes\n";

/// The shortlist's row of `insee`, as cells.
std::vector<std::string> row_of(const std::string& csv, const std::string& insee) {
    for (const auto& line : lines_of(csv)) {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
            cells.push_back(line.substr(start, comma - start));
        cells.push_back(line.substr(start));
        if (cells.size() > 1 && cells[1] == insee) return cells;
    }
    return {};
}

}  // namespace

TEST_CASE("cc-wet: two local shards and a streamed one through GNU parallel, merged with one initiative counted once") {
    if (!have_parallel()) {
        test::skip("GNU parallel or curl is missing (scripts/setup installs both)");
        return;
    }
    TempDir dir;
    // the same initiative (lafabrique-lorient.fr) in two shards, Vannes's AMAP in a third, streamed
    dir.write("shard-1.warc.wet.gz",
              wet_file({test::conversion_record("https://www.lafabrique-lorient.fr/", "2024-02-21T08:15:02Z", fabrique_home)}));
    dir.write("shard-2.warc.wet.gz", wet_file({test::conversion_record("https://www.lafabrique-lorient.fr/ateliers/",
                                                                       "2024-02-25T11:00:00Z", fabrique_workshops)}));
    const std::string remote = wet_file({test::conversion_record("https://www.amap-pays-de-vannes.fr/", "2024-02-22T17:40:00Z", vannes_amap)});
    test::TestServer server;
    server.http().Get(R"(/crawl-data/.*)", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(remote, "application/octet-stream");
    });
    server.start();
    const std::string cc_path = "crawl-data/CC-MAIN-2024-10/segments/1707947473347.0/wet/CC-MAIN-20240220-00003.warc.wet.gz";
    dir.write("list.txt", "# two local shards and one Common Crawl path\n" + (dir.path() / "shard-1.warc.wet.gz").string() + "\n" +
                              (dir.path() / "shard-2.warc.wet.gz").string() + "\n\n" + cc_path + "\n");
    const auto out = dir.path() / "out";
    const std::string command = (test::source_dir() / "scripts/cc-wet").string() + " --out " + out.string() +
                                " --jobs 2 --base-url " + server.url("/") + " --sharitories " + SHARITORIES_BINARY + " " +
                                (dir.path() / "list.txt").string() + " -- --departement 56";
    const auto result = run_shell(command);
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(contains(result.output, "3 of 3 files read whole"));
    CHECK(server.count("/crawl-data/") == 1);
    CHECK(lines_of(read_file(out / "joblog")).size() >= 4);  // a header and one line per job

    const std::string evidence = read_file(out / "evidence.jsonl");
    CHECK(contains(evidence, "\"url\":\"https://www.lafabrique-lorient.fr/\""));
    CHECK(contains(evidence, "\"url\":\"https://www.lafabrique-lorient.fr/ateliers/\""));
    CHECK(contains(evidence, "\"warc_filename\":\"" + cc_path + "\""));
    const std::string shortlist = read_file(out / "shortlist.csv");
    const auto lorient = row_of(shortlist, "56121");
    REQUIRE(lorient.size() >= 10);
    CHECK(lorient[7] == "1");  // production: two pages in two shards, one initiative
    const auto vannes = row_of(shortlist, "56260");
    REQUIRE(vannes.size() >= 10);
    CHECK(vannes[6] == "1");  // consommation, from the streamed file
}

TEST_CASE("cc-wet: a file that cannot be read is listed and exits 3, --resume runs only it again") {
    if (!have_parallel()) {
        test::skip("GNU parallel or curl is missing (scripts/setup installs both)");
        return;
    }
    TempDir dir;
    dir.write("shard-1.warc.wet.gz",
              wet_file({test::conversion_record("https://www.lafabrique-lorient.fr/", "2024-02-21T08:15:02Z", fabrique_home)}));
    const auto late = dir.path() / "shard-2.warc.wet.gz";  // not there yet
    dir.write("list.txt", (dir.path() / "shard-1.warc.wet.gz").string() + "\n" + late.string() + "\n");
    const auto out = dir.path() / "out";
    const std::string command = (test::source_dir() / "scripts/cc-wet").string() + " --out " + out.string() +
                                " --sharitories " + SHARITORIES_BINARY + " " + (dir.path() / "list.txt").string();
    const auto first = run_shell(command + " -- --departement 56");
    INFO(first.output);
    CHECK(first.exit_code == 3);
    CHECK(contains(first.output, "1 of 2 files read whole"));
    CHECK(contains(first.output, "failed: " + late.string()));
    CHECK(contains(read_file(out / "shortlist.csv"), "56121"));  // the shard that was read is ranked

    dir.write("shard-2.warc.wet.gz", wet_file({test::conversion_record("https://www.amap-pays-de-vannes.fr/",
                                                                       "2024-02-22T17:40:00Z", vannes_amap)}));
    const auto again = run_shell(command + " --resume -- --departement 56");
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK(contains(again.output, "2 of 2 files read whole"));
    // the job log: job 1 ran once, job 2 twice (failed runs and retries, then the one that worked)
    int runs_of_first = 0;
    for (const auto& line : lines_of(read_file(out / "joblog")))
        if (line.starts_with("1\t")) ++runs_of_first;
    CHECK(runs_of_first == 1);
    const auto vannes = row_of(read_file(out / "shortlist.csv"), "56260");
    REQUIRE(vannes.size() >= 10);
    CHECK(vannes[6] == "1");
}
