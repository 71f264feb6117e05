#include <doctest/doctest.h>

#include <sstream>

#include "input/evidence_lines.h"
#include "output/table_writer.h"
#include "rank/evidence_merge.h"
#include "rank/town_ranking.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::shipped_town;

namespace {

Evidence page(const City& town, Pillar pillar, std::string initiative, std::string url, std::string title,
              std::vector<std::string> terms, double strength, std::string fetched_at, double town_weight = 1) {
    Evidence row;
    row.insee = town.insee;
    row.city = town.name;
    row.pillar = pillar;
    row.initiative = std::move(initiative);
    row.url = std::move(url);
    row.title = std::move(title);
    row.terms = std::move(terms);
    row.strength = strength;
    row.town_weight = town_weight;
    row.fetched_at = std::move(fetched_at);
    return row;
}

/// The rows as one JSON line each, as `evidence --format jsonl` (and wet) write them.
std::string jsonl(const std::vector<Evidence>& rows) {
    std::ostringstream out;
    write_table(out, evidence_table(rows), Format::jsonl);
    return out.str();
}

std::vector<Evidence> read_back(const std::string& text, const std::string& file) {
    auto parsed = read_evidence_lines(text, file);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.warnings.empty());
    return parsed.value;
}

}  // namespace

TEST_CASE("evidence merge: two shards sharing an initiative count it once, a page in both is one row") {
    const City& lorient = shipped_town("56121");
    // machine 1 read the Fabrique's home page in the February crawl, machine 2 its workshop page and,
    // in another segment, the home page again (found weaker there: a shorter copy of the page)
    const std::vector<Evidence> shard_1{
        page(lorient, Pillar::production, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/",
             "La Fabrique — fablab et tiers-lieu à Lorient", {"fablab", "tiers-lieu"}, 9, "2024-02-21T04:13:52Z"),
        page(lorient, Pillar::consommation, "amap-lorient.fr", "https://www.amap-lorient.fr/",
             "AMAP de Lorient : paniers de légumes du Pays de Lorient", {"AMAP"}, 6, "2024-02-23T11:02:10Z")};
    const std::vector<Evidence> shard_2{
        page(lorient, Pillar::production, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/atelier-bois",
             "L'atelier bois partagé de La Fabrique", {"atelier partagé"}, 4, "2024-02-22T19:45:03Z"),
        page(lorient, Pillar::production, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/",
             "La Fabrique", {"fablab"}, 3, "2024-02-20T08:00:00Z")};
    std::vector<Evidence> all = read_back(jsonl(shard_1), "shard-1.jsonl");
    for (auto& row : read_back(jsonl(shard_2), "shard-2.jsonl")) all.push_back(row);
    REQUIRE(all.size() == 4);

    const auto merged = merge_evidence(all);
    REQUIRE(merged.size() == 3);
    // by town, pillar (consommation first), strength: the home page once, the strongest copy
    CHECK(merged[0].url == "https://www.amap-lorient.fr/");
    CHECK(merged[1].url == "https://lafabrique-lorient.fr/");
    CHECK(merged[1].strength == 9);
    CHECK(merged[1].title == "La Fabrique — fablab et tiers-lieu à Lorient");
    CHECK(merged[2].url == "https://lafabrique-lorient.fr/atelier-bois");

    // two pages of one initiative, from two machines: one production initiative, not two
    for (const auto& rows : {all, merged}) {
        const auto ranking = rank_towns({lorient}, rows);
        CHECK(ranking[0].initiatives == std::array<int, 4>{1, 1, 0, 0});
        CHECK(ranking[0].pillars == 2);
        // top_evidence: one URL per initiative, the strongest page
        CHECK(ranking[0].top_evidence ==
              std::vector<std::string>{"https://lafabrique-lorient.fr/", "https://www.amap-lorient.fr/"});
    }
}

TEST_CASE("evidence merge: equally strong copies keep the earliest fetched_at, undated last") {
    const City& epinal = shipped_town("88160");
    const auto copy = [&](std::string fetched_at, std::string title) {
        return page(epinal, Pillar::gouvernance, "epinal.fr", "https://www.epinal.fr/budget-participatif",
                    std::move(title), {"budget participatif"}, 6, std::move(fetched_at));
    };
    auto merged = merge_evidence({copy("", "sans date"), copy("2024-03-02T10:00:00Z", "mars"),
                                  copy("2024-02-25T10:00:00Z", "février"), copy("2024-04-01T10:00:00Z", "avril")});
    REQUIRE(merged.size() == 1);
    CHECK(merged[0].title == "février");
    CHECK(merged[0].fetched_at == "2024-02-25T10:00:00Z");
    // the same page for another pillar, or for another town, is another row
    auto other_pillar = copy("2024-02-25T10:00:00Z", "février");
    other_pillar.pillar = Pillar::consommation;
    auto other_town = copy("2024-02-25T10:00:00Z", "février");
    other_town.insee = "88413";  // Saint-Dié-des-Vosges
    CHECK(merge_evidence({copy("2024-02-25T10:00:00Z", "février"), other_pillar, other_town}).size() == 3);
}

TEST_CASE("evidence merge: a directory's row at town weight 0.2 is listed but not counted") {
    const City& vannes = shipped_town("56260");
    const std::vector<Evidence> rows{
        page(vannes, Pillar::production, "francetierslieux.fr", "https://francetierslieux.fr/annuaire/bretagne/",
             "Annuaire des tiers-lieux de Bretagne", {"tiers-lieu"}, 0.8, "2024-02-21T06:30:00Z", 0.2),
        page(vannes, Pillar::financement, "kisskissbankbank.com/fr/projects/la-recyclerie-de-vannes",
             "https://www.kisskissbankbank.com/fr/projects/la-recyclerie-de-vannes", "La Recyclerie de Vannes",
             {"KissKissBankBank", "financement participatif"}, 8, "2024-02-21T06:31:00Z")};
    const auto merged = merge_evidence(read_back(jsonl(rows), "shard-3.jsonl"));
    REQUIRE(merged.size() == 2);
    CHECK(merged[0].town_weight == doctest::Approx(0.2));  // listed, with its weight kept through the JSON line
    const auto ranking = rank_towns({vannes}, merged);
    CHECK(ranking[0].initiatives == std::array<int, 4>{0, 0, 1, 0});
    CHECK(ranking[0].top_evidence ==
          std::vector<std::string>{"https://www.kisskissbankbank.com/fr/projects/la-recyclerie-de-vannes"});
    // and the evidence sheet still shows the directory's row
    CHECK(evidence_table(merged).rows.size() == 2);
}

TEST_CASE("evidence lines: what evidence_table and the jsonl writer write reads back as the same rows") {
    const City& lorient = shipped_town("56121");
    const City& charleville = shipped_town("08105");
    const std::vector<Evidence> rows{
        page(charleville, Pillar::consommation, "repaircafe-charleville.fr", "https://repaircafe-charleville.fr/",
             "Repair Café de Charleville-Mézières — « réparer ensemble »", {"repair café", "ressourcerie"}, 5.5,
             "2026-11-21T22:10:00Z"),
        page(lorient, Pillar::financement, "ulule.com/tiers-lieu-lorient",
             "https://fr.ulule.com/tiers-lieu-lorient/?utm=x&a=\"b\"", "Un tiers-lieu; à Lorient\tpour tous",
             {"Ulule"}, 12.25, "2026-11-21T22:11:00Z", 0.2),
        page(lorient, Pillar::gouvernance, "lorient.fr", "https://www.lorient.fr/conseils-citoyens", "", {}, 2,
             "")};
    const std::string written = jsonl(rows);
    const auto back = read_back(written, "evidence.jsonl");
    REQUIRE(back.size() == rows.size());
    // the same table, byte for byte, in every column (strength as the table writes it: 2 decimals)
    std::ostringstream before, after;
    write_table(before, evidence_table(rows), Format::csv);
    write_table(after, evidence_table(back), Format::csv);
    CHECK(after.str() == before.str());
    CHECK(jsonl(back) == written);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        INFO(i);
        CHECK(back[i].insee == rows[i].insee);
        CHECK(back[i].pillar == rows[i].pillar);
        CHECK(back[i].terms == rows[i].terms);
        CHECK(back[i].town_weight == rows[i].town_weight);
        CHECK(back[i].counts() == rows[i].counts());
    }
}
