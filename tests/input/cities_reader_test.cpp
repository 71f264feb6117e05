#include <doctest/doctest.h>

#include <algorithm>

#include "input/cities_reader.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::has_error;

namespace {

const std::string header =
    "insee,name,departement,departement_name,region,region_name,population,epci_siren,epci_name,"
    "epci_type,ville_centre,postcodes\n";
const std::string lorient =
    "56121,Lorient,56,Morbihan,53,Bretagne,58329,200042174,CA Lorient Agglomération,CA,1,56100\n";
const std::string epinal = "88160,Épinal,88,Vosges,44,Grand Est,32251,200068757,CA d'Epinal,CA,1,88000\n";
const std::string saint_denis_reunion =
    "97411,Saint-Denis,974,La Réunion,04,La Réunion,\"153810\",249740119,CA CINOR,CA,1,97400 97417 "
    "97490\n";


}  // namespace

TEST_CASE("cities: a well-formed list is read field by field") {
    auto parsed = read_cities(header + lorient + epinal + saint_denis_reunion, "cities.csv");
    REQUIRE(parsed.ok());
    const auto& cities = parsed.value.cities;
    REQUIRE(cities.size() == 3);
    CHECK(cities[0].insee == "56121");
    CHECK(cities[0].name == "Lorient");
    CHECK(cities[0].departement_name == "Morbihan");
    CHECK(cities[0].population == 58329);
    CHECK(cities[0].epci_name == "CA Lorient Agglomération");
    CHECK(cities[0].ville_centre);
    CHECK(cities[1].name == "Épinal");
    CHECK(cities[2].departement == "974");
    CHECK(cities[2].population == 153810);
    CHECK(cities[2].postcodes == std::vector<std::string>{"97400", "97417", "97490"});
    CHECK(parsed.value.has_column("ville_centre"));
}

TEST_CASE("cities: a user's minimal semicolon file with a BOM, CRLF and columns in another order") {
    auto parsed = read_cities("\xEF\xBB\xBFPopulation;Name;INSEE;notes\r\n"
                              "57587;Narbonne;11262;visite prévue\r\n"
                              "31592;Mont-de-Marsan;40192;\r\n",
                              "ma-liste.csv");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value.cities.size() == 2);
    CHECK(parsed.value.cities[1].insee == "40192");
    CHECK(parsed.value.cities[1].name == "Mont-de-Marsan");
    CHECK(parsed.value.cities[1].population == 31592);
    CHECK_FALSE(parsed.value.has_column("departement"));
}

TEST_CASE("cities: a missing required column is named") {
    auto parsed = read_cities("insee,name,departement\n56121,Lorient,56\n", "cities.csv");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].file == "cities.csv");
    CHECK(parsed.errors[0].line == 1);
    CHECK(parsed.errors[0].message.find("missing column 'population'") != std::string::npos);
}

TEST_CASE("cities: a duplicated column is located in the header") {
    auto parsed = read_cities("insee,name,population,Name\n56121,Lorient,58329,Lorient\n", "cities.csv");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].line == 1);
    CHECK(parsed.errors[0].column == 23);
    CHECK(parsed.errors[0].message.find("'name' appears twice") != std::string::npos);
}

TEST_CASE("cities: non-numeric populations are reported with line, column and value") {
    auto parsed = read_cities(header + lorient +
                                  "88160,Épinal,88,Vosges,44,Grand Est,32 251,200068757,CA d'Epinal,CA,1,88000\n"
                                  "11262,Narbonne,11,Aude,76,Occitanie,57587.5,241100593,CA Le Grand Narbonne,CA,1,11100\n"
                                  "40192,Mont-de-Marsan,40,Landes,75,Nouvelle-Aquitaine,,244000808,CA,CA,1,40000\n",
                              "cities.csv");
    REQUIRE(parsed.errors.size() == 3);
    CHECK(parsed.errors[0].line == 3);
    CHECK(parsed.errors[0].column == 37);
    CHECK(parsed.errors[0].message.find("'32 251' is not a whole number") != std::string::npos);
    CHECK(parsed.errors[0].message.find("column 'population'") != std::string::npos);
    CHECK(has_error(parsed, 4, "'57587.5'"));
    CHECK(has_error(parsed, 5, "population '' is not a whole number"));
}

TEST_CASE("cities: a duplicate INSEE code names both lines") {
    auto parsed = read_cities(header + lorient + epinal + lorient, "cities.csv");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].line == 4);
    CHECK(parsed.errors[0].column == 1);
    CHECK(parsed.errors[0].message.find("duplicate INSEE code 56121, already on line 2") != std::string::npos);
}

TEST_CASE("cities: invalid UTF-8 stops the read with its location") {
    auto parsed = read_cities(header + "88160,\xC9pinal,88,Vosges,44,Grand Est,32251,200068757,CA,CA,1,88000\n",
                              "cities.csv");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.errors[0].line == 2);
    CHECK(parsed.errors[0].column == 7);
    CHECK(parsed.errors[0].message.find("invalid UTF-8") != std::string::npos);
}

TEST_CASE("cities: every malformed field is reported, none dropped silently") {
    auto parsed = read_cities(header +
                                  "5612,Lorient,56,Morbihan,53,Bretagne,58329,200042174,CA,CA,oui,56100\n"
                                  "88160,,8,Vosges,4A,Grand Est,32251,2000,CA,CA,1,880\n"
                                  "11262,Narbonne,11,Aude,76,Occitanie,57587\n",
                              "cities.csv");
    CHECK(has_error(parsed, 2, "INSEE code '5612'"));
    CHECK(has_error(parsed, 2, "ville_centre 'oui' is not 0 or 1"));
    CHECK(has_error(parsed, 3, "name is empty"));
    CHECK(has_error(parsed, 3, "département code '8'"));
    CHECK(has_error(parsed, 3, "region code '4A'"));
    CHECK(has_error(parsed, 3, "SIREN '2000'"));
    CHECK(has_error(parsed, 3, "postcode '880'"));
    CHECK(has_error(parsed, 4, "expected 12 fields as in the header, found 7"));
    CHECK(parsed.errors.size() == 8);
}

TEST_CASE("cities: an empty file asks for a header") {
    auto parsed = read_cities("\xEF\xBB\xBF\n\n", "empty.csv");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].message.find("empty") != std::string::npos);
}

TEST_CASE("cities: code checks") {
    CHECK(is_insee_code("2A004"));
    CHECK(is_insee_code("97411"));
    CHECK_FALSE(is_insee_code("2C004"));
    CHECK_FALSE(is_insee_code("561210"));
    CHECK(is_departement_code("2B"));
    CHECK(is_departement_code("974"));
    CHECK_FALSE(is_departement_code("20"));
    CHECK_FALSE(is_departement_code("99x"));
}

TEST_CASE("cities: names that would break a query are refused") {
    auto parsed = read_cities("insee,name,population\n"
                              "56121,\"Lor\"\"ient\",58329\n"
                              "88160,\"Épi\nnal\",32251\n"
                              "11262," + std::string(101, 'N') + ",57587\n",
                              "cities.csv");
    CHECK(has_error(parsed, 2, "holds a double quote"));
    CHECK(has_error(parsed, 3, "line break"));
    CHECK(has_error(parsed, 5, "longer than 100 characters"));
}

TEST_CASE("cities: an INSEE code that lost its leading zero in a spreadsheet gets a hint") {
    auto parsed = read_cities("insee,name,population\n1053,Bourg-en-Bresse,42372\n", "cities.csv");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].message.find("did a spreadsheet drop a leading zero? write 01053") != std::string::npos);
}

TEST_CASE("cities: an error in a field after a quoted line break points at the field's own line") {
    auto parsed = read_cities("insee,name,epci_name,population\n56121,Lorient,\"CA Lorient\nAgglomération\",5x\n",
                              "cities.csv");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].line == 3);
    CHECK(parsed.errors[0].column == 16);
}
