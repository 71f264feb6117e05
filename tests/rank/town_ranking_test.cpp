#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "output/table_writer.h"
#include "rank/town_ranking.h"

using namespace sharitories;

namespace {

City town(std::string insee, std::string name, std::int64_t population) {
    City city;
    city.insee = std::move(insee);
    city.name = std::move(name);
    city.departement = city.insee.substr(0, 2);
    city.population = population;
    return city;
}

Evidence evidence(const City& city, Pillar pillar, std::string initiative, std::string url, double strength,
                  double weight = 1) {
    Evidence row;
    row.insee = city.insee;
    row.city = city.name;
    row.pillar = pillar;
    row.initiative = std::move(initiative);
    row.url = std::move(url);
    row.title = "Page";
    row.terms = {"terme"};
    row.strength = strength;
    row.town_weight = weight;
    row.fetched_at = "2026-11-21T22:00:00Z";
    return row;
}

std::string lines_after_header(const std::string& csv) { return csv.substr(csv.find('\n') + 1); }

}  // namespace

TEST_CASE("score: breadth across pillars always beats volume") {
    CHECK(town_score({1, 1, 1, 1}) == doctest::Approx(44.5));
    CHECK(town_score({1, 0, 0, 0}) == doctest::Approx(11.8));
    CHECK(town_score({0, 0, 0, 0}) == 0);
    // however many initiatives, one pillar fewer never wins
    CHECK(town_score({1, 1, 1, 1}) > town_score({1000, 1000, 1000, 0}));
    CHECK(town_score({1, 1, 0, 0}) > town_score({1000000, 0, 0, 0}));
    // and within equal breadth, more initiatives rank higher
    CHECK(town_score({2, 1, 0, 0}) > town_score({1, 1, 0, 0}));
    CHECK(town_score({25, 25, 25, 0}) > town_score({5, 5, 5, 0}));
}

TEST_CASE("weighted score: every weight 1 is the unweighted score to the last bit") {
    // the formula before weights, as it was written: 10 per pillar present, volume Σ log2(1 + n)
    const auto unweighted = [](const std::array<int, 4>& initiatives) {
        double breadth = 0;
        double volume = 0;
        for (int count : initiatives) {
            if (count > 0) breadth += 10;
            volume += std::log2(1.0 + count);
        }
        return breadth + 9 * volume / (volume + 4);
    };
    const PillarWeights ones = parse_pillar_weights({"consommation=1,production=1,financement=1,gouvernance=1"}).weights;
    REQUIRE(ones == PillarWeights{});
    const std::array<int, 9> counts{0, 1, 2, 3, 5, 7, 25, 100, 1000};
    int compared = 0;
    for (int a : counts)
        for (int b : counts)
            for (int c : counts)
                for (int d : counts) {
                    const std::array<int, 4> initiatives{a, b, c, d};
                    if (town_score(initiatives, ones) != unweighted(initiatives)) {
                        FAIL("differs for " << a << "," << b << "," << c << "," << d);
                    }
                    ++compared;
                }
    CHECK(compared == 6561);
    CHECK(town_score({1, 1, 1, 1}, ones) == doctest::Approx(44.5));
    CHECK(town_score({25, 25, 25, 0}, ones) == doctest::Approx(37.01).epsilon(0.0005));
}

TEST_CASE("weighted score: a weight of 0 leaves a pillar out and can reorder two towns") {
    const City lorient = town("56121", "Lorient", 58329);
    const City epinal = town("88160", "Épinal", 32251);
    std::vector<Evidence> rows;
    const auto site = [&rows](const City& city, Pillar pillar) {
        const std::string name = "site" + std::to_string(rows.size()) + ".fr";
        rows.push_back(evidence(city, pillar, name, "https://" + name + "/", 3));
    };
    // Lorient: one initiative in each pillar; Épinal: three in each but gouvernance
    for (Pillar pillar : all_pillars) site(lorient, pillar);
    for (Pillar pillar : {Pillar::consommation, Pillar::production, Pillar::financement})
        for (int i = 0; i < 3; ++i) site(epinal, pillar);

    const auto usual = rank_towns({epinal, lorient}, rows);
    REQUIRE(usual.size() == 2);
    CHECK(usual[0].city.name == "Lorient");  // four pillars beat three, however many initiatives
    CHECK(usual[0].score == doctest::Approx(44.5));
    CHECK(usual[1].score == doctest::Approx(30 + 9.0 * 6 / 10));  // v = 3 × log2(4) = 6

    PillarWeights no_gouvernance;
    no_gouvernance.values = {1, 1, 1, 0};
    const auto weighted = rank_towns({epinal, lorient}, rows, no_gouvernance);
    REQUIRE(weighted.size() == 2);
    CHECK(weighted[0].city.name == "Épinal");  // equal breadth now: Épinal's volume decides
    CHECK(weighted[0].rank == 1);
    CHECK(weighted[0].score == doctest::Approx(35.4));
    CHECK(weighted[1].score == doctest::Approx(30 + 9.0 * 3 / 7));  // v = 3 × log2(2), gouvernance's 1 not in it
    // the counts are what the evidence says, whatever the weights: gouvernance still shown
    CHECK(weighted[1].initiatives == std::array<int, 4>{1, 1, 1, 1});
    CHECK(weighted[1].pillars == 4);
    CHECK(weighted[1].per_10k == doctest::Approx(usual[0].per_10k));
    std::ostringstream shortlist;
    write_table(shortlist, shortlist_table(weighted), Format::csv);
    CHECK(shortlist.str().find("\n2,56121,Lorient,56,58329,33.86,1,1,1,1,4,") != std::string::npos);
}

TEST_CASE("weighted score: a weight of 2 doubles a pillar's breadth, and its volume") {
    PillarWeights production_twice;
    production_twice.values = {1, 2, 1, 1};
    // one production initiative: breadth 20 instead of 10, volume 2 × log2(2) = 2
    CHECK(town_score({0, 1, 0, 0}) == doctest::Approx(10 + 9.0 * 1 / 5));
    CHECK(town_score({0, 1, 0, 0}, production_twice) == doctest::Approx(20 + 9.0 * 2 / 6));
    CHECK(town_score({0, 1, 0, 0}, production_twice) - town_score({0, 0, 0, 0}, production_twice) >= 20);
    // so production alone now weighs as much as two other pillars together
    CHECK(town_score({0, 1, 0, 0}, production_twice) == doctest::Approx(town_score({1, 0, 1, 0}, production_twice)));
    CHECK(town_score({0, 1, 0, 0}) < town_score({1, 0, 1, 0}));
    // the other pillars are untouched
    CHECK(town_score({1, 0, 0, 0}, production_twice) == doctest::Approx(town_score({1, 0, 0, 0})));
}

TEST_CASE("ranking: distinct initiatives per pillar, directories listed but not counted, every town present") {
    const City lorient = town("56121", "Lorient", 58329);
    const City epinal = town("88160", "Épinal", 32251);
    const City narbonne = town("11262", "Narbonne", 57587);
    std::vector<Evidence> rows{
        // Lorient: one site seen on three pages is one initiative; two Ulule projects are two
        evidence(lorient, Pillar::production, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/", 9),
        evidence(lorient, Pillar::production, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/ateliers", 6),
        evidence(lorient, Pillar::consommation, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/repair", 2),
        evidence(lorient, Pillar::financement, "ulule.com/fablab-lorient", "https://fr.ulule.com/fablab-lorient/", 4),
        evidence(lorient, Pillar::financement, "ulule.com/amap-scorff", "https://fr.ulule.com/amap-scorff/", 3),
        evidence(lorient, Pillar::gouvernance, "lorient.bzh", "https://www.lorient.bzh/budget-participatif", 5),
        // Épinal: many pages in one pillar only; a directory that must not count
        evidence(epinal, Pillar::production, "a.fr", "https://a.fr/", 3),
        evidence(epinal, Pillar::production, "b.fr", "https://b.fr/", 3),
        evidence(epinal, Pillar::production, "c.fr", "https://c.fr/", 3),
        evidence(epinal, Pillar::gouvernance, "annuaire.fr", "https://annuaire.fr/villes", 3, 0.3),
    };
    auto ranking = rank_towns({narbonne, epinal, lorient}, rows);
    REQUIRE(ranking.size() == 3);
    CHECK(ranking[0].city.insee == "56121");
    CHECK(ranking[0].initiatives == std::array<int, 4>{1, 1, 2, 1});
    CHECK(ranking[0].pillars == 4);
    CHECK(ranking[0].per_10k == doctest::Approx(10'000.0 * 4 / 58329));  // 4 distinct initiatives
    CHECK(ranking[0].top_evidence == std::vector<std::string>{"https://lafabrique-lorient.fr/",
                                                             "https://www.lorient.bzh/budget-participatif",
                                                             "https://fr.ulule.com/fablab-lorient/"});
    CHECK(ranking[1].city.insee == "88160");
    CHECK(ranking[1].initiatives == std::array<int, 4>{0, 3, 0, 0});
    CHECK(ranking[1].pillars == 1);
    CHECK(ranking[2].city.insee == "11262");  // no evidence: present, last, zeros
    CHECK(ranking[2].score == 0);
    CHECK(ranking[2].rank == 3);
}

TEST_CASE("ranking: ties broken by per-capita, then INSEE code") {
    const City big = town("29232", "Quimper", 63000);
    const City small = town("29039", "Concarneau", 20800);
    const City other_small = town("22113", "Lannion", 20800);
    std::vector<Evidence> rows{evidence(big, Pillar::production, "x.fr", "https://x.fr", 3),
                               evidence(small, Pillar::production, "y.fr", "https://y.fr", 3),
                               evidence(other_small, Pillar::production, "z.fr", "https://z.fr", 3)};
    auto ranking = rank_towns({big, other_small, small}, rows);
    CHECK(ranking[0].city.insee == "22113");  // same score and per_10k as Concarneau: lower INSEE first
    CHECK(ranking[1].city.insee == "29039");
    CHECK(ranking[2].city.insee == "29232");
}

TEST_CASE("shortlist and evidence tables: the columns of DESIGN.md §4") {
    const City lorient = town("56121", "Lorient", 58329);
    std::vector<Evidence> rows{evidence(lorient, Pillar::production, "lafabrique-lorient.fr", "https://lafabrique-lorient.fr/", 9)};
    rows[0].title = "La Fabrique, tiers-lieu";
    rows[0].terms = {"tiers-lieu", "fablab"};
    auto ranking = rank_towns({lorient, town("88160", "Épinal", 32251)}, rows);
    ranking[0].coverage = 0.75;  // 18 of its 24 searches answered, the oldest on 20 November
    ranking[0].searched_at = "2026-11-20";
    std::ostringstream shortlist;
    write_table(shortlist, shortlist_table(ranking), Format::csv);
    CHECK(shortlist.str() ==
          "rank,insee,city,departement,population,score,consommation,production,financement,gouvernance,pillars,"
          "per_10k,top_evidence,coverage,searched_at\n"
          "1,56121,Lorient,56,58329,11.80,0,1,0,0,1,0.17,https://lafabrique-lorient.fr/,0.75,2026-11-20\n"
          "2,88160,Épinal,88,32251,0.00,0,0,0,0,0,0.00,,0.00,\n");
    CHECK(shortlist_table(ranking, 1).rows.size() == 1);
    // ranked from evidence files (rank --evidence): no searches, so no coverage nor date
    std::ostringstream unsearched;
    write_table(unsearched, shortlist_table(ranking, 0, false), Format::csv);
    CHECK(lines_after_header(unsearched.str()) ==
          "1,56121,Lorient,56,58329,11.80,0,1,0,0,1,0.17,https://lafabrique-lorient.fr/,,\n"
          "2,88160,Épinal,88,32251,0.00,0,0,0,0,0,0.00,,,\n");
    // town_weight appended at the end, written exactly: it decides whether a page counts
    rows.push_back(evidence(lorient, Pillar::consommation, "annuaire-tiers-lieux.fr",
                            "https://annuaire-tiers-lieux.fr/bretagne", 0.4, 0.2));
    rows[1].title = "Annuaire des tiers-lieux de Bretagne";
    std::ostringstream evidence_csv;
    write_table(evidence_csv, evidence_table(rows), Format::csv);
    CHECK(evidence_csv.str() ==
          "insee,city,pillar,initiative,url,title,terms,strength,fetched_at,town_weight\n"
          "56121,Lorient,production,lafabrique-lorient.fr,https://lafabrique-lorient.fr/,\"La Fabrique, tiers-lieu\","
          "tiers-lieu; fablab,9.00,2026-11-21T22:00:00Z,1\n"
          "56121,Lorient,consommation,annuaire-tiers-lieux.fr,https://annuaire-tiers-lieux.fr/bretagne,"
          "Annuaire des tiers-lieux de Bretagne,terme,0.40,2026-11-21T22:00:00Z,0.2\n");
}
