#include <doctest/doctest.h>

#include <sstream>

#include "input/evidence_lines.h"
#include "test_support.h"

using namespace sharitories;

namespace {

/// True if a skipped line is said as `located` ("FILE:LINE: message") or more.
template <typename T>
bool has_skipped(const Parsed<T>& parsed, const std::string& located) {
    for (const auto& warning : parsed.warnings)
        if (format_error(warning).starts_with(located)) return true;
    return false;
}

}  // namespace

TEST_CASE("evidence lines: wet's lines, evidence --format jsonl's lines without town_weight, terms as an array") {
    const std::string text =
        // as sharitories wet writes it: the evidence columns, town_weight, and its crawl and record
        R"({"insee":"56121","city":"Lorient","pillar":"production","initiative":"lafabrique-lorient.fr",)"
        R"("url":"https://lafabrique-lorient.fr/atelier","title":"La Fabrique, tiers-lieu et fablab du Pays de Lorient",)"
        R"("terms":"tiers-lieu; fablab","strength":9.0,"fetched_at":"2024-02-21T04:13:52Z","town_weight":1.0,)"
        R"("crawl":"CC-MAIN-2024-10","record":"crawl-data/CC-MAIN-2024-10/segments/1707947474700.89/wet/CC-MAIN-20240228-00012.warc.wet.gz@123456"})"
        "\n\n"
        // as evidence --format jsonl wrote it before town_weight: it counts at full weight
        R"({"insee":"88160","city":"Épinal","pillar":"consommation","initiative":"amap-epinal.fr",)"
        R"("url":"https://www.amap-epinal.fr/","title":"AMAP d'Épinal — paniers de légumes bio","terms":"AMAP; circuit court",)"
        R"("strength":4.5,"fetched_at":"2026-11-21T22:10:00Z"})"
        "\r\n"
        // terms as an array, a null where a number could not be written, no city nor title
        R"({"insee":"2A004","pillar":"financement","initiative":"miimosa.com/fr/projects/la-ferme-de-campo-dell-oro",)"
        R"("url":"https://www.miimosa.com/fr/projects/la-ferme-de-campo-dell-oro","terms":["Miimosa","financement participatif"],)"
        R"("strength":null,"town_weight":0.2})"
        "\n   \n";
    auto parsed = read_evidence_lines(text, "shard-1.jsonl");
    REQUIRE(parsed.ok());
    CHECK(parsed.warnings.empty());
    REQUIRE(parsed.value.size() == 3);

    const Evidence& lorient = parsed.value[0];
    CHECK(lorient.insee == "56121");
    CHECK(lorient.city == "Lorient");
    CHECK(lorient.pillar == Pillar::production);
    CHECK(lorient.initiative == "lafabrique-lorient.fr");
    CHECK(lorient.url == "https://lafabrique-lorient.fr/atelier");
    CHECK(lorient.title == "La Fabrique, tiers-lieu et fablab du Pays de Lorient");
    CHECK(lorient.terms == std::vector<std::string>{"tiers-lieu", "fablab"});
    CHECK(lorient.strength == 9.0);
    CHECK(lorient.town_weight == 1.0);
    CHECK(lorient.fetched_at == "2024-02-21T04:13:52Z");

    const Evidence& epinal = parsed.value[1];
    CHECK(epinal.city == "Épinal");
    CHECK(epinal.pillar == Pillar::consommation);
    CHECK(epinal.title == "AMAP d'Épinal — paniers de légumes bio");
    CHECK(epinal.terms == std::vector<std::string>{"AMAP", "circuit court"});
    CHECK(epinal.strength == 4.5);
    CHECK(epinal.town_weight == 1.0);  // absent: the old evidence listed counted pages at full weight
    CHECK(epinal.counts());
    CHECK(epinal.fetched_at == "2026-11-21T22:10:00Z");  // the CRLF's \r is not part of the line

    const Evidence& ajaccio = parsed.value[2];
    CHECK(ajaccio.insee == "2A004");
    CHECK(ajaccio.pillar == Pillar::financement);
    CHECK(ajaccio.city.empty());
    CHECK(ajaccio.terms == std::vector<std::string>{"Miimosa", "financement participatif"});
    CHECK(ajaccio.strength == 0);
    CHECK(ajaccio.town_weight == doctest::Approx(0.2));
    CHECK_FALSE(ajaccio.counts());
}

TEST_CASE("evidence lines: each bad line is said as FILE:LINE and skipped, the good ones around it kept") {
    const std::string good =
        R"({"insee":"29019","city":"Brest","pillar":"gouvernance","initiative":"jeparticipe.brest.fr",)"
        R"("url":"https://jeparticipe.brest.fr/processes/budget-participatif-2024","title":"Budget participatif de Brest",)"
        R"("terms":"budget participatif","strength":6,"fetched_at":"2024-02-22T10:00:00Z","town_weight":1})";
    const std::string text =
        good + "\n" +                                                                      // 1
        "insee=56121 pillar=production url=https://lafabrique-lorient.fr/\n" +             // 2 not JSON
        R"(["56121","production","lafabrique-lorient.fr"])" "\n" +                         // 3 not an object
        R"({"insee":"56121","pillar":"production","initiative":"lafabrique-lorient.fr"})" "\n" +  // 4 no url
        R"({"insee":56121,"pillar":"production","initiative":"x.fr","url":"https://x.fr/"})" "\n" +  // 5 insee a number
        R"({"insee":"56121","pillar":"culture","initiative":"x.fr","url":"https://x.fr/"})" "\n" +  // 6 no such pillar
        R"({"insee":"56121","pillar":"production","initiative":"x.fr","url":"https://x.fr/","strength":"4,5"})" "\n" +  // 7
        R"({"insee":"5612","pillar":"production","initiative":"x.fr","url":"https://x.fr/"})" "\n" +  // 8 lost zero?
        R"({"insee":"56121","pillar":"production","initiative":"x.fr","url":"https://x.fr/","town_weight":2})" "\n" +  // 9
        R"({"insee":"56121","pillar":"production","initiative":"x.fr","url":"https://x.fr/","terms":["fablab",3]})" "\n" +  // 10
        R"({"insee":"56121","pillar":"production","initiative":"","url":"https://x.fr/"})" "\n" +  // 11 empty
        R"({"insee":"56121","pillar":"production","initiative":"x.fr","url":"https://x.fr/"}{"insee")" "\n" +  // 12 two glued
        good + "\n" +                                                                     // 13
        // 14: the job was killed mid-write: half a line, no line end
        R"({"insee":"56121","city":"Lorient","pillar":"consommation","initiative":"amap-lorient.fr","url":"https://amap-lor)";
    auto parsed = read_evidence_lines(text, "shard-1.jsonl");
    CHECK(parsed.ok());  // the file was read: bad lines are warnings
    CHECK(parsed.value.size() == 2);
    CHECK(parsed.warnings.size() == 12);
    CHECK(has_skipped(parsed, "shard-1.jsonl:2: not JSON: column 1: syntax error"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:3: an array, not a JSON object"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:4: no \"url\" (required: insee, pillar, initiative, url)"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:5: \"insee\" is a number, not a string"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:6: unknown pillar \"culture\" (the pillars: consommation, production, "
                              "financement, gouvernance)"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:7: \"strength\" is a string, not a number"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:8: insee \"5612\" is not an INSEE code"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:9: \"town_weight\" is 2: a number from 0 to 1 is needed"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:10: \"terms\" holds a number, not only strings"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:11: \"initiative\" is empty"));
    CHECK(has_skipped(parsed, "shard-1.jsonl:12: not JSON: column "));
    CHECK(has_skipped(parsed, "shard-1.jsonl:14: cut short: the line ends inside its JSON object"));
    // the good lines, on both sides of the bad ones
    CHECK(parsed.value[0].url == "https://jeparticipe.brest.fr/processes/budget-participatif-2024");
    CHECK(parsed.value[1].url == parsed.value[0].url);
}

TEST_CASE("evidence lines: a UTF-8 BOM, an empty file, a stream") {
    auto bom = read_evidence_lines(
        "\xEF\xBB\xBF" R"({"insee":"56121","pillar":"production","initiative":"lafabrique-lorient.fr","url":"https://lafabrique-lorient.fr/"})",
        "from-excel.jsonl");
    CHECK(bom.warnings.empty());
    REQUIRE(bom.value.size() == 1);
    CHECK(bom.value[0].strength == 0);
    CHECK(bom.value[0].town_weight == 1);

    auto empty = read_evidence_lines(std::string_view(""), "empty.jsonl");
    CHECK(empty.ok());
    CHECK(empty.value.empty());
    CHECK(empty.warnings.empty());

    std::istringstream stream(R"({"insee":"56121","pillar":"gouvernance","initiative":"lorient.fr","url":"https://www.lorient.fr/concertation"})"
                              "\n{\n");
    auto streamed = read_evidence_lines(stream, "<stdin>");
    CHECK(streamed.value.size() == 1);
    REQUIRE(streamed.warnings.size() == 1);
    CHECK(format_error(streamed.warnings[0]).starts_with("<stdin>:2: cut short"));
}

TEST_CASE("evidence lines: the page's Common Crawl record is kept — wet's crawl, file and offset, evidence's length") {
    const std::string text =
        // as sharitories wet writes it
        R"({"insee":"56121","pillar":"production","initiative":"lafabrique-lorient.fr","url":"https://www.lafabrique-lorient.fr/",)"
        R"("fetched_at":"2024-02-21T08:15:02Z","town_weight":1,"crawl":"CC-MAIN-2024-10",)"
        R"("warc_filename":"crawl-data/CC-MAIN-2024-10/segments/1707947473347.0/warc/CC-MAIN-20240220211055-20240221001055-00042.warc.gz",)"
        R"("warc_record_offset":31415926})"
        "\n"
        // as evidence --format jsonl writes a page of scan --cc-records, then one fetched from its site
        R"({"insee":"56260","pillar":"consommation","initiative":"amap-pays-de-vannes.fr","url":"https://www.amap-pays-de-vannes.fr/",)"
        R"("crawl":"CC-MAIN-2024-18","warc_filename":"crawl-data/CC-MAIN-2024-18/x.warc.gz","warc_record_offset":1048576,)"
        R"("warc_record_length":19044})"
        "\n"
        R"({"insee":"56260","pillar":"gouvernance","initiative":"mairie-vannes.fr","url":"https://www.mairie-vannes.fr/",)"
        R"("crawl":"","warc_filename":"","warc_record_offset":null,"warc_record_length":null})"
        "\n"
        R"({"insee":"56260","pillar":"gouvernance","initiative":"x.fr","url":"https://x.fr/","warc_record_offset":"12"})"
        "\n";
    const auto parsed = read_evidence_lines(text, "shard-2.jsonl");
    REQUIRE(parsed.value.size() == 3);
    const ArchiveSource from_wet = parsed.value[0].archive;
    CHECK(from_wet.crawl == "CC-MAIN-2024-10");
    CHECK(from_wet.warc_filename.ends_with("-00042.warc.gz"));
    CHECK(from_wet.warc_record_offset == 31'415'926);
    CHECK(from_wet.warc_record_length == 0);  // wet does not say it
    CHECK(parsed.value[1].archive ==
          ArchiveSource{"CC-MAIN-2024-18", "crawl-data/CC-MAIN-2024-18/x.warc.gz", 1'048'576, 19'044});
    CHECK(parsed.value[2].archive.empty());
    CHECK(has_skipped(parsed, "shard-2.jsonl:4: \"warc_record_offset\" is a string, not a number"));
}
