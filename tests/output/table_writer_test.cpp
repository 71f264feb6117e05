#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "output/table_writer.h"
#include "input/cities_reader.h"
#include "output/command_tables.h"

using namespace sharitories;

namespace {

Table sample() {
    return Table{{{"insee", ColumnType::text}, {"city", ColumnType::text}, {"population", ColumnType::integer},
                  {"score", ColumnType::number}, {"note", ColumnType::text}},
                 {{"17415", "Saintes", "25470", "3.5", "CA \"Saintes - Grandes Rives\", L'Agglo"},
                  {"88160", "Épinal", "32251", "", "ligne 1\nligne 2 | tab\there"}}};
}

std::string write(const Table& table, Format format, WriteOptions options = {}) {
    std::ostringstream out;
    write_table(out, table, format, options);
    return out.str();
}

}  // namespace

TEST_CASE("csv: header row, RFC 4180 quoting only where needed") {
    CHECK(write(sample(), Format::csv) ==
          "insee,city,population,score,note\n"
          "17415,Saintes,25470,3.5,\"CA \"\"Saintes - Grandes Rives\"\", L'Agglo\"\n"
          "88160,Épinal,32251,,\"ligne 1\nligne 2 | tab\there\"\n");
}

TEST_CASE("csv for French spreadsheets: BOM, semicolons and CRLF") {
    auto text = write(sample(), Format::csv, {.csv_excel = true});
    CHECK(text.starts_with("\xEF\xBB\xBFinsee;city;population;score;note\r\n"));
    // the comma no longer needs quotes, the quote still does; a code as a text formula, a decimal comma
    CHECK(text.find("=\"17415\";Saintes;25470;3,5;\"CA \"\"Saintes - Grandes Rives\"\", L'Agglo\"\r\n") !=
          std::string::npos);
}

TEST_CASE("csv for French spreadsheets: decimal commas, codes that keep their zeros, the rest as it is") {
    Table table{{{"rank", ColumnType::integer},
                 {"insee", ColumnType::text},
                 {"city", ColumnType::text},
                 {"departement", ColumnType::text},
                 {"score", ColumnType::number},
                 {"per_10k", ColumnType::number},
                 {"title", ColumnType::text}},
                {{"1", "08105", "Charleville-Mézières", "08", "45.46", "1.05", "=\"1\";2"},
                 {"2", "2A004", "Ajaccio", "2A", "12.00", "", "1984"},
                 {"3", "76575", "Saint-Étienne-du-Rouvray", "76", "n/a", "0.00", "3.5"}}};
    const auto text = write(table, Format::csv, {.csv_excel = true});
    CHECK(text ==
          "\xEF\xBB\xBFrank;insee;city;departement;score;per_10k;title\r\n"
          "1;=\"08105\";Charleville-Mézières;=\"08\";45,46;1,05;\"'=\"\"1\"\";2\"\r\n"
          "2;2A004;Ajaccio;2A;12,00;;=\"1984\"\r\n"
          "3;=\"76575\";Saint-Étienne-du-Rouvray;=\"76\";n/a;0,00;3.5\r\n");
    CHECK(excel_csv_cell("05061", ColumnType::text) == "=\"05061\"");
    CHECK(excel_csv_cell("05061", ColumnType::integer) == "05061");
    CHECK(excel_csv_cell("45.46", ColumnType::number) == "45,46");
    CHECK(excel_csv_cell("", ColumnType::text).empty());
    // text from the web that starts like a formula stays text (CSV injection)
    CHECK(excel_csv_cell("=HYPERLINK(\"http://x.example\",\"clic\")", ColumnType::text) ==
          "'=HYPERLINK(\"http://x.example\",\"clic\")");
    CHECK(excel_csv_cell("+33 2 97 00 00 00", ColumnType::text) == "'+33 2 97 00 00 00");
    CHECK(excel_csv_cell("-10 % sur les paniers", ColumnType::text) == "'-10 % sur les paniers");
    CHECK(excel_csv_cell("@amap_scorff", ColumnType::text) == "'@amap_scorff");
    CHECK(excel_csv_cell("AMAP = paniers", ColumnType::text) == "AMAP = paniers");

    // plain CSV, what cron jobs parse, stays as it was
    CHECK(write(table, Format::csv).find("1,08105,Charleville-Mézières,08,45.46,1.05,") != std::string::npos);
}

TEST_CASE("formats: names and file extensions") {
    CHECK(parse_format("xlsx") == Format::xlsx);
    CHECK(to_string(Format::xlsx) == "xlsx");
    CHECK(format_from_extension("shortlist.xlsx") == Format::xlsx);
    CHECK(format_from_extension("/srv/sharitories/shortlist.XLSX") == Format::xlsx);
    CHECK(format_from_extension("a.b/shortlist.csv") == Format::csv);
    CHECK(format_from_extension("x.tsv") == Format::tsv);
    CHECK(format_from_extension("x.json") == Format::json);
    CHECK(format_from_extension("x.jsonl") == Format::jsonl);
    CHECK(format_from_extension("x.md") == Format::md);
    CHECK_FALSE(format_from_extension("x.txt"));
    CHECK_FALSE(format_from_extension("x.markdown"));
    CHECK_FALSE(format_from_extension("shortlist"));
    CHECK_FALSE(format_from_extension("a.csv/shortlist"));
    CHECK_FALSE(format_from_extension(".csv"));
    CHECK_FALSE(format_from_extension("-"));
    std::ostringstream out;
    CHECK_THROWS_AS(write_table(out, sample(), Format::xlsx), std::invalid_argument);
}

TEST_CASE("tsv: tabs and line breaks inside cells become spaces") {
    CHECK(write(sample(), Format::tsv) ==
          "insee\tcity\tpopulation\tscore\tnote\n"
          "17415\tSaintes\t25470\t3.5\tCA \"Saintes - Grandes Rives\", L'Agglo\n"
          "88160\tÉpinal\t32251\t\tligne 1 ligne 2 | tab here\n");
}

TEST_CASE("json and jsonl: numbers typed, keys in column order, empty numbers null") {
    auto json = nlohmann::ordered_json::parse(write(sample(), Format::json));
    REQUIRE(json.is_array());
    REQUIRE(json.size() == 2);
    CHECK(json[0]["population"] == 25470);
    CHECK(json[0]["score"] == 3.5);
    CHECK(json[0]["insee"] == "17415");  // a code stays a string: "01053" must keep its zero
    CHECK(json[1]["city"] == "Épinal");
    CHECK(json[1]["score"].is_null());
    CHECK(json[0].begin().key() == "insee");

    auto lines = write(sample(), Format::jsonl);
    auto first_end = lines.find('\n');
    REQUIRE(first_end != std::string::npos);
    CHECK(nlohmann::json::parse(lines.substr(0, first_end))["note"] == "CA \"Saintes - Grandes Rives\", L'Agglo");
    CHECK(std::count(lines.begin(), lines.end(), '\n') == 2);

    CHECK(write(Table{{{"a", ColumnType::text}}, {}}, Format::json) == "[]\n");
}

TEST_CASE("markdown: pipes escaped, numbers right-aligned") {
    CHECK(write(sample(), Format::md) ==
          "| insee | city | population | score | note |\n"
          "|---|---|---:|---:|---|\n"
          "| 17415 | Saintes | 25470 | 3.5 | CA \"Saintes - Grandes Rives\", L'Agglo |\n"
          "| 88160 | Épinal | 32251 |  | ligne 1 ligne 2 \\| tab\there |\n");
}

TEST_CASE("cities table: the columns of cities.csv the list had, postcodes space-separated") {
    City lorient;
    lorient.insee = "56121";
    lorient.name = "Lorient";
    lorient.departement = "56";
    lorient.population = 58329;
    lorient.ville_centre = true;
    lorient.postcodes = {"56100", "56300"};
    std::vector<std::string> all(std::begin(city_columns), std::end(city_columns));
    CHECK(write(cities_table({lorient}, all), Format::csv) ==
          "insee,name,departement,departement_name,region,region_name,population,epci_siren,epci_name,"
          "epci_type,ville_centre,postcodes\n56121,Lorient,56,,,,58329,,,,1,56100 56300\n");
    // a user's list without ville_centre does not get an invented 0; column order is cities.csv's
    CHECK(write(cities_table({lorient}, {"population", "name", "insee", "notes"}), Format::csv) ==
          "insee,name,population\n56121,Lorient,58329\n");
}
