// End to end: `sharitories wet` over WET and WARC files built here as Common Crawl writes them (one
// gzip member per record): JSON lines on stdout and nothing else, the record each line comes from,
// bad records said on stderr and skipped, an incomplete file said by the exit code.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "test_support.h"
#include "warc/warc_builder.h"

using namespace sharitories;
using sharitories::test::contains;
using sharitories::test::lines_of;
using sharitories::test::run_sharitories;
using sharitories::test::TempDir;

namespace {

const std::string lorient_text =
    "La Fabrique — tiers-lieu à Lorient\n"
    "Accueil\nAteliers\nAgenda\nContact\n"
    "La Fabrique, un tiers-lieu au cœur de Lorient\n"
    "Ouvert depuis 2019 dans l'ancienne criée du port, la Fabrique est un tiers-lieu associatif : un espace de "
    "coworking de 30 postes, un fablab avec imprimantes 3D et découpe laser, et un café où se croisent habitants, "
    "étudiants et artisans du pays de Lorient.\n"
    "Les ateliers du fablab sont ouverts le mercredi et le samedi, sur adhésion à prix libre.\n"
    "La Fabrique — 12 quai des Indes, 56100 Lorient — contact@lafabrique-lorient.fr\n"
    "Mentions légales · Plan du site\n";

const std::string vannes_text =
    "AMAP du Pays de Vannes : des paniers de légumes bio chaque jeudi\n"
    "Accueil\nNos producteurs\nAdhérer\n"
    "L'AMAP du Pays de Vannes réunit quarante familles et cinq maraîchers du Morbihan. Chaque jeudi soir, les "
    "adhérents retirent leur panier à la maison de quartier de Ménimur, à Vannes.\n"
    "Le contrat de saison engage les familles auprès des producteurs : un circuit court, sans intermédiaire.\n"
    "AMAP du Pays de Vannes, 4 rue de la Fontaine, 56000 Vannes\n";

struct Shard {
    std::string bytes;
    std::vector<std::uint64_t> offsets;
    void add(const std::string& record) {
        offsets.push_back(bytes.size());
        bytes += test::gzip_member(record);
    }
};

Shard morbihan_wet() {
    Shard wet;
    wet.add(test::warcinfo_record("CC-MAIN-2024-10", "CC-MAIN-20240220-00001.warc.wet.gz"));
    wet.add(test::conversion_record("https://www.lafabrique-lorient.fr/", "2024-02-21T08:15:02Z", lorient_text));
    // the same text in English-identified record: not classified
    wet.add(test::conversion_record("https://www.lafabrique-lorient.fr/en/", "2024-02-21T08:15:09Z", lorient_text, "eng"));
    wet.add(test::conversion_record("https://www.amap-pays-de-vannes.fr/", "2024-02-22T17:40:00Z", vannes_text, "fra,eng"));
    return wet;
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> lines;
    for (const auto& line : lines_of(out))
        if (!line.empty()) lines.push_back(nlohmann::json::parse(line));  // throws if anything else is on stdout
    return lines;
}

}  // namespace

TEST_CASE("wet: JSON lines of evidence for the selected towns, each with its crawl, file and record offset") {
    TempDir dir;
    const Shard wet = morbihan_wet();
    const auto file = dir.write("CC-MAIN-20240220-00001.warc.wet.gz", wet.bytes);
    const auto result = run_sharitories({"wet", "--departement", "56", file.string()});
    CHECK(result.exit_code == 0);
    const auto lines = json_lines(result.out);
    REQUIRE_FALSE(lines.empty());
    std::set<std::string> found;
    for (const auto& line : lines) {
        for (const char* key : {"insee", "city", "pillar", "initiative", "url", "title", "terms", "strength", "fetched_at",
                                "crawl", "warc_filename", "warc_record_offset"})
            CHECK_MESSAGE(line.contains(key), key);
        CHECK(line["crawl"] == "CC-MAIN-2024-10");
        CHECK(line["warc_filename"] == file.string());
        found.insert(line["insee"].get<std::string>() + ":" + line["pillar"].get<std::string>());
        if (line["insee"] == "56121") {
            CHECK(line["url"] == "https://www.lafabrique-lorient.fr/");  // never the English record
            CHECK(line["warc_record_offset"] == wet.offsets[1]);
            CHECK(line["fetched_at"] == "2024-02-21T08:15:02Z");
        } else {
            CHECK(line["warc_record_offset"] == wet.offsets[3]);
        }
    }
    CHECK(found.contains("56121:production"));
    CHECK(found.contains("56260:consommation"));
    CHECK(contains(result.err, "4 records, 2 pages classified (1 in another language"));

    // another selection: Vannes alone, Lorient's page still judged against the whole list
    const auto vannes = run_sharitories({"wet", "--insee", "56260", file.string()});
    CHECK(vannes.exit_code == 0);
    for (const auto& line : json_lines(vannes.out)) CHECK(line["insee"] == "56260");
}

TEST_CASE("wet: a damaged record is said on stderr and skipped, a file cut short or missing exits 3") {
    TempDir dir;
    Shard wet = morbihan_wet();
    const std::uint64_t damaged = wet.offsets[2];
    for (std::uint64_t i = damaged + 60; i < damaged + 90; ++i) wet.bytes[i] = '\x55';
    wet.add(test::response_record("https://www.lorient.bzh/budget-participatif",
                                  "2024-02-23T09:00:00Z",
                                  "<html><head><title>Budget participatif de Lorient</title></head><body><main><h1>Le budget "
                                  "participatif de Lorient</h1><p>Les habitants de Lorient proposent et votent leurs projets "
                                  "pour la ville.</p></main></body></html>"));
    const std::string whole = wet.bytes;
    const auto file = dir.write("damaged.warc.wet.gz", whole);
    const auto result = run_sharitories({"wet", "--departement", "56", file.string()});
    CHECK(result.exit_code == 0);  // read to its end: the damage is the archive's, a retry would not mend it
    CHECK(contains(result.err, "offset " + std::to_string(damaged)));
    CHECK(contains(result.err, "damaged"));
    const auto lines = json_lines(result.out);
    std::set<std::string> urls;
    for (const auto& line : lines) urls.insert(line["url"].get<std::string>());
    CHECK(urls.contains("https://www.lafabrique-lorient.fr/"));
    CHECK(urls.contains("https://www.lorient.bzh/budget-participatif"));  // a WARC response after the damage

    // cut in the middle of its last record, as a download stopped: what came before is written, exit 3
    const auto cut = dir.write("cut.warc.wet.gz", whole.substr(0, wet.offsets.back() + 40));
    const auto cut_result = run_sharitories({"wet", "--departement", "56", cut.string()});
    CHECK(cut_result.exit_code == 3);
    CHECK(contains(cut_result.err, "cut short"));
    CHECK_FALSE(json_lines(cut_result.out).empty());

    // a missing file among others: said, the others read, exit 3
    const auto missing = run_sharitories({"wet", "--departement", "56", (dir.path() / "absent.wet.gz").string(), file.string()});
    CHECK(missing.exit_code == 3);
    CHECK(contains(missing.err, "absent.wet.gz: cannot open"));
    CHECK(json_lines(missing.out).size() == lines.size());
}

TEST_CASE("wet: stdin, named with --name, and a WARC file's windows-1252 page") {
    TempDir dir;
    Shard warc;
    warc.add(test::warcinfo_record("CC-MAIN-2024-10", "CC-MAIN-20240220-00002.warc.gz"));
    warc.add(test::response_record(
        "https://www.vannes.fr/jardins-partages", "2024-02-24T10:00:00Z",
        "<html><head><title>Les jardins partag\xe9s de Vannes</title></head><body><main><h1>Jardins partag\xe9s \xe0 "
        "Vannes</h1><p>La ville de Vannes ouvre trois jardins partag\xe9s : M\xe9nimur, Kercado et le Bondon. Les "
        "parcelles sont attribu\xe9" "es aux habitants du quartier.</p><p>H\xf4tel de ville, place Maurice Marchais, 56000 "
        "Vannes</p></main></body></html>",
        "text/html; charset=iso-8859-1"));
    const auto file = dir.write("in.warc.gz", warc.bytes);
    const auto result = test::run_sharitories_with_stdin(
        {"wet", "--insee", "56260", "--name", "crawl-data/CC-MAIN-2024-10/segments/1/warc/in.warc.gz", "-"}, warc.bytes);
    CHECK(result.exit_code == 0);
    const auto lines = json_lines(result.out);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0]["insee"] == "56260");
    CHECK(lines[0]["pillar"] == "consommation");
    CHECK(lines[0]["title"] == "Les jardins partagés de Vannes");  // decoded from windows-1252
    CHECK(lines[0]["warc_filename"] == "crawl-data/CC-MAIN-2024-10/segments/1/warc/in.warc.gz");
    CHECK(lines[0]["warc_record_offset"] == warc.offsets[1]);
    (void)file;
}
