#include <doctest/doctest.h>

#include <algorithm>

#include "input/cities_reader.h"
#include "select/selection.h"

using namespace sharitories;

namespace {

CityList sample() {
    auto parsed = read_cities(
        "insee,name,departement,departement_name,region,region_name,population,epci_siren,epci_name,"
        "epci_type,ville_centre,postcodes\n"
        "11262,Narbonne,11,Aude,76,Occitanie,57587,241100593,CA Le Grand Narbonne,CA,1,11100\n"
        "2A004,Ajaccio,2A,Corse-du-Sud,94,Corse,74299,242010056,CA du Pays Ajaccien,CA,1,20000 20090\n"
        "34003,Agde,34,Hérault,76,Occitanie,29866,243400694,CA Hérault-Méditerranée,CA,1,34300\n"
        "34172,Montpellier,34,Hérault,76,Occitanie,302454,243400017,Montpellier Méditerranée Métropole,METRO,1,34000\n"
        "56121,Lorient,56,Morbihan,53,Bretagne,58329,200042174,CA Lorient Agglomération,CA,1,56100\n"
        "56098,Lanester,56,Morbihan,53,Bretagne,23076,200042174,CA Lorient Agglomération,CA,0,56600\n"
        "93066,Saint-Denis,93,Seine-Saint-Denis,11,Île-de-France,113942,200054781,Métropole du Grand Paris,METRO,0,93200\n"
        "97415,Saint-Paul,974,La Réunion,04,La Réunion,105482,249740085,CA TCO,CA,1,97460\n",
        "cities.csv");
    REQUIRE(parsed.ok());
    return parsed.value;
}

std::vector<std::string> insee_codes(const SelectionResult& result) {
    std::vector<std::string> codes;
    for (const auto& city : result.cities) codes.push_back(city.insee);
    return codes;
}

bool has_error(const SelectionResult& result, const std::string& text) {
    return std::any_of(result.errors.begin(), result.errors.end(),
                       [&](const std::string& e) { return e.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("selection: the default population range keeps mid-sized towns only") {
    auto result = select_cities(sample(), {}, "cities.csv");
    REQUIRE(result.errors.empty());
    CHECK(insee_codes(result) == std::vector<std::string>{"11262", "2A004", "34003", "56121", "56098"});
}

TEST_CASE("selection: population bounds are inclusive") {
    Selection selection;
    selection.min_population = 29866;
    selection.max_population = 58329;
    auto result = select_cities(sample(), selection, "cities.csv");
    CHECK(insee_codes(result) == std::vector<std::string>{"11262", "34003", "56121"});
}

TEST_CASE("selection: départements by code or by name, accents and case ignored") {
    Selection selection;
    selection.departements = {"2a", "herault"};
    auto result = select_cities(sample(), selection, "cities.csv");
    REQUIRE(result.errors.empty());
    CHECK(insee_codes(result) == std::vector<std::string>{"2A004", "34003"});
}

TEST_CASE("selection: regions by code or name, and --centres-only") {
    Selection selection;
    selection.regions = {"53", "Occitanie"};
    selection.centres_only = true;
    auto result = select_cities(sample(), selection, "cities.csv");
    CHECK(insee_codes(result) == std::vector<std::string>{"11262", "34003", "56121"});
}

TEST_CASE("selection: --insee picks towns, and a named town that another filter excludes says why") {
    Selection selection;
    selection.insee = {"56121", "2a004"};
    CHECK(insee_codes(select_cities(sample(), selection, "cities.csv")) ==
          std::vector<std::string>{"2A004", "56121"});

    selection.insee = {"56121", "34172"};
    auto excluded = select_cities(sample(), selection, "cities.csv");
    CHECK(excluded.cities.empty());
    CHECK(has_error(excluded, "--insee 34172 (Montpellier) is excluded: its population 302454 is above --max-pop 100000"));

    selection.insee = {"99999"};
    CHECK(has_error(select_cities(sample(), selection, "cities.csv"), "--insee 99999: no town of cities.csv"));
}

TEST_CASE("selection: a misspelt place is an error, a real code without towns a note") {
    Selection selection;
    selection.departements = {"48", "Morbihan"};  // Lozère: no town of 20,000 inhabitants
    auto lozere = select_cities(sample(), selection, "cities.csv");
    CHECK(lozere.errors.empty());
    CHECK(insee_codes(lozere) == std::vector<std::string>{"56121", "56098"});
    REQUIRE(lozere.notes.size() == 2);  // the second: the sample's big cities, outside the default range
    CHECK(lozere.notes[0] == "--departement 48: no town of cities.csv is in that département");

    selection.departements = {"Morbihan", "Vosgess"};
    CHECK(has_error(select_cities(sample(), selection, "cities.csv"),
                    "--departement Vosgess: unknown département: neither a code nor the name of a département of cities.csv"));
    Selection region;
    region.regions = {"Bretagn"};
    CHECK(has_error(select_cities(sample(), region, "cities.csv"), "--region Bretagn: unknown region"));
}

TEST_CASE("selection: bad bounds and empty results are errors") {

    Selection bounds;
    bounds.min_population = 60000;
    bounds.max_population = 50000;
    CHECK(has_error(select_cities(sample(), bounds, "cities.csv"), "--min-pop 60000 is above --max-pop 50000"));

    Selection nothing;
    nothing.departements = {"93"};
    auto empty = select_cities(sample(), nothing, "cities.csv");
    CHECK(empty.cities.empty());
    CHECK(has_error(empty, "no town of cities.csv (8 towns) matches the selection (population 20000–100000, --departement)"));
}

TEST_CASE("selection: towns of a user's list outside the default range are left out with a note") {
    auto parsed = read_cities("insee;name;population\n56121;Lorient;58329\n35238;Rennes;222485\n29019;Brest;139926\n"
                              "56098;Lanester;23076\n56162;Ploemeur;18422\n",
                              "mes-villes.csv");
    REQUIRE(parsed.ok());
    auto defaults = select_cities(parsed.value, {}, "mes-villes.csv");
    CHECK(insee_codes(defaults) == std::vector<std::string>{"56121", "56098"});
    REQUIRE(defaults.notes.size() == 1);
    CHECK(defaults.notes[0] ==
          "3 towns of mes-villes.csv outside the default population range 20000–100000 left out (set --min-pop and "
          "--max-pop to keep them)");

    Selection explicit_bounds;
    explicit_bounds.max_population = 150000;
    auto chosen = select_cities(parsed.value, explicit_bounds, "mes-villes.csv");
    CHECK(insee_codes(chosen) == std::vector<std::string>{"56121", "29019", "56098"});
    REQUIRE(chosen.notes.size() == 1);  // Ploemeur, under the default --min-pop; not Rennes: --max-pop was asked
    CHECK(chosen.notes[0].starts_with("1 town of mes-villes.csv outside the default population range"));
}

TEST_CASE("selection: a filter on a column the user's file lacks is an error, not an empty list") {
    auto parsed = read_cities("insee;name;population\n56121;Lorient;58329\n", "mes-villes.csv");
    REQUIRE(parsed.ok());
    Selection selection;
    selection.centres_only = true;
    selection.departements = {"56"};
    auto result = select_cities(parsed.value, selection, "mes-villes.csv");
    CHECK(has_error(result, "--departement needs a 'departement' column, and mes-villes.csv has none"));
    CHECK(has_error(result, "--centres-only needs a 'ville_centre' column"));
}
