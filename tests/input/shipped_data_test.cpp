// The data files shipped in the repository load cleanly and hold what the issue promises.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "input/data_files.h"
#include "test_support.h"

using namespace sharitories;

TEST_CASE("shipped cities.csv: the INSEE towns of 20,000–100,000, sorted, with villes centres") {
    auto parsed = load_cities(test::source_dir() / "cities.csv");
    REQUIRE(parsed.ok());
    const auto& cities = parsed.value.cities;
    CHECK(cities.size() > 400);
    CHECK(cities.size() < 500);
    CHECK(std::is_sorted(cities.begin(), cities.end(),
                         [](const City& a, const City& b) { return a.insee < b.insee; }));
    CHECK(std::all_of(cities.begin(), cities.end(), [](const City& city) {
        return city.population >= 20'000 && city.population <= 100'000;
    }));
    auto centres = std::count_if(cities.begin(), cities.end(), [](const City& c) { return c.ville_centre; });
    CHECK(centres >= 150);
    CHECK(centres <= 200);
    // a ville centre is never in a métropole
    CHECK(std::none_of(cities.begin(), cities.end(), [](const City& c) {
        return c.ville_centre && (c.epci_type == "METRO" || c.epci_type == "MET69");
    }));
    auto find = [&](const std::string& insee) {
        return std::find_if(cities.begin(), cities.end(), [&](const City& c) { return c.insee == insee; });
    };
    auto epinal = find("88160");
    REQUIRE(epinal != cities.end());
    CHECK(epinal->name == "Épinal");
    CHECK(epinal->departement_name == "Vosges");
    CHECK(epinal->ville_centre);
    CHECK(epinal->postcodes == std::vector<std::string>{"88000"});
    CHECK(find("97411") == cities.end());  // Saint-Denis de La Réunion: over 100,000
}

TEST_CASE("shipped keywords/: loads cleanly, at least 15 terms in every pillar") {
    auto parsed = load_keywords(test::source_dir() / "keywords");
    for (const auto& error : parsed.errors) FAIL_CHECK(format_error(error));
    REQUIRE(parsed.ok());
    std::map<Pillar, int> terms;
    for (const auto& keyword : parsed.value.keywords) ++terms[keyword.pillar];
    for (Pillar pillar : all_pillars) {
        INFO(to_string(pillar));
        CHECK(terms[pillar] >= 15);
    }
    CHECK(parsed.value.platforms.size() >= 10);
    auto is_named = [&](const std::string& name) {
        return std::any_of(parsed.value.ambiguous_names.begin(), parsed.value.ambiguous_names.end(),
                           [&](const AmbiguousName& a) { return a.name == name; });
    };
    CHECK(is_named("Sens"));          // homonyms.tsv: a common word
    CHECK(is_named("Saint-Pierre"));  // shared-names.tsv: many communes
}

TEST_CASE("keywords directory: errors from every file are collected with their file names") {
    test::TempDir dir;
    dir.write("fr.tsv", "production\tfablab\t2\nproduktion\tcoworking\t1\n");
    dir.write("en.tsv", "production\tmakerspace\t20\n");
    dir.write("platforms.tsv", "ulule\tfinancement\tcrowdfunding\n");
    dir.write("notes.txt", "not a data file: ignored\n");
    dir.write("de.csv", "production\tfablab\t2\n");  // a term file saved under the wrong name
    auto parsed = load_keywords(dir.path());
    REQUIRE(parsed.warnings.size() == 1);
    CHECK(parsed.warnings[0].file.ends_with("de.csv"));
    CHECK(parsed.warnings[0].message.find("skipped: not a term file") != std::string::npos);
    REQUIRE(parsed.errors.size() == 3);
    CHECK(parsed.errors[0].file.ends_with("en.tsv"));  // files read in name order
    CHECK(parsed.errors[1].file.ends_with("fr.tsv"));
    CHECK(parsed.errors[2].file.ends_with("platforms.tsv"));

    test::TempDir empty;
    auto none = load_keywords(empty.path());
    REQUIRE(none.errors.size() == 1);
    CHECK(none.errors[0].message.find("no term file") != std::string::npos);
}
