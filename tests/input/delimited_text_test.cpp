#include <doctest/doctest.h>

#include "input/delimited_text.h"

using namespace sharitories;

TEST_CASE("delimited text: RFC 4180 quoting keeps delimiters, quotes and line breaks inside fields") {
    const std::string text =
        "insee,name,epci_name\n"
        "17415,Saintes,\"CA \"\"Saintes - Grandes Rives - L'Agglo\"\"\"\n"
        "21054,Beaune,\"CA Beaune, Côte et Sud\"\n"
        "56121,Lorient,\"CA Lorient\nAgglomération\"\n"
        "88160,Épinal,CA d'Epinal\n";
    auto table = parse_delimited(text, "cities.csv");
    REQUIRE(table.ok());
    CHECK(table.value.delimiter == ',');
    REQUIRE(table.value.records.size() == 5);
    CHECK(table.value.records[1].fields[2] == "CA \"Saintes - Grandes Rives - L'Agglo\"");
    CHECK(table.value.records[2].fields[2] == "CA Beaune, Côte et Sud");
    CHECK(table.value.records[3].fields[2] == "CA Lorient\nAgglomération");
    // the record after a quoted line break starts on the right line
    CHECK(table.value.records[4].line == 6);
    CHECK(table.value.records[4].fields[1] == "Épinal");
}

TEST_CASE("delimited text: BOM, CRLF and semicolons from a French spreadsheet") {
    const std::string text = "\xEF\xBB\xBFinsee;name;population\r\n"
                             "11262;Narbonne;57587\r\n"
                             "\r\n"
                             "40192;Mont-de-Marsan;31592\r\n";
    auto table = parse_delimited(text, "export.csv");
    REQUIRE(table.ok());
    CHECK(table.value.delimiter == ';');
    REQUIRE(table.value.records.size() == 3);  // the blank line is skipped
    CHECK(table.value.records[0].fields[0] == "insee");  // no BOM left in the first field
    CHECK(table.value.records[2].fields == std::vector<std::string>{"40192", "Mont-de-Marsan", "31592"});
    CHECK(table.value.records[2].line == 4);
}

TEST_CASE("delimited text: tabs and # comments in keyword files") {
    const std::string text = "# Consommation collaborative (from the study)\n"
                             "consommation\tAMAP\t2\n"
                             "\n"
                             "# circuits courts, with a comma in a comment: a, b, c\n"
                             "consommation\tcircuit court, vente directe\t1\n";
    auto table = parse_delimited(text, "fr.tsv", {.delimiters = "\t;,", .comments = true});
    REQUIRE(table.ok());
    CHECK(table.value.delimiter == '\t');
    REQUIRE(table.value.records.size() == 2);
    CHECK(table.value.records[1].fields[1] == "circuit court, vente directe");
    CHECK(table.value.records[1].line == 5);
}

TEST_CASE("delimited text: columns are counted in characters, not bytes") {
    auto table = parse_delimited("Épinal,Élancourt,x\n", "f.csv");
    REQUIRE(table.ok());
    CHECK(table.value.records[0].columns == std::vector<int>{1, 8, 18});
}

TEST_CASE("delimited text: an unclosed quote is located where it opens") {
    auto table = parse_delimited("insee,name\n56121,\"Lorient\n88160,Épinal\n", "cities.csv");
    REQUIRE_FALSE(table.ok());
    CHECK(table.errors[0].line == 2);
    CHECK(table.errors[0].column == 7);
    CHECK(table.errors[0].message.find("never closed") != std::string::npos);
}

TEST_CASE("delimited text: text after a closing quote is an error, the other rows still read") {
    auto table = parse_delimited("a,b\n\"Lorient\"x,1\n\"Vannes\",2\n", "cities.csv");
    REQUIRE(table.errors.size() == 1);
    CHECK(table.errors[0].line == 2);
    CHECK(table.errors[0].column == 10);
    REQUIRE(table.value.records.size() == 2);
    CHECK(table.value.records[1].fields[0] == "Vannes");
}

TEST_CASE("delimited text: invalid UTF-8 is located by line and column, with a hint") {
    // "Épinal" written in Latin-1: 0xC9 is not valid UTF-8 here.
    const std::string text = "insee,name\n88160,\xC9pinal\n56121,Lorient\n40192,Mont-de-Marsan \xE9t\xE9\n";
    auto table = parse_delimited(text, "latin1.csv");
    REQUIRE(table.errors.size() == 2);  // one per bad line
    CHECK(table.errors[0].file == "latin1.csv");
    CHECK(table.errors[0].line == 2);
    CHECK(table.errors[0].column == 7);
    CHECK(table.errors[0].message.find("0xC9") != std::string::npos);
    CHECK(table.errors[0].message.find("UTF-8") != std::string::npos);
    CHECK(table.errors[1].line == 4);
    CHECK(table.errors[1].column == 22);
}

TEST_CASE("delimited text: UTF-16 and NUL bytes are refused") {
    auto utf16 = parse_delimited(std::string("\xFF\xFEi\0n\0", 6), "excel.txt");
    REQUIRE_FALSE(utf16.ok());
    CHECK(utf16.errors[0].message.find("UTF-16") != std::string::npos);
    auto binary = parse_delimited(std::string("a,b\n1,\0\n", 8), "data.bin");
    REQUIRE_FALSE(binary.ok());
    CHECK(binary.errors[0].line == 2);
    CHECK(binary.errors[0].message.find("NUL") != std::string::npos);
}

TEST_CASE("delimited text: a trailing delimiter is an empty last field, and no newline at the end is fine") {
    auto table = parse_delimited("a;b;c\n1;2;", "f.csv");
    REQUIRE(table.ok());
    CHECK(table.value.records[1].fields == std::vector<std::string>{"1", "2", ""});
}

TEST_CASE("delimited text: CR-only line ends (old Mac spreadsheets) read like LF") {
    auto table = parse_delimited("# termes\rproduction;fablab;2\rproduction;\"tiers-lieu\";1\r", "fr.tsv",
                                 {.delimiters = "\t;,", .comments = true});
    REQUIRE(table.ok());
    CHECK(table.value.delimiter == ';');
    REQUIRE(table.value.records.size() == 2);
    CHECK(table.value.records[1].fields[1] == "tiers-lieu");
    CHECK(table.value.records[1].line == 3);

    auto bad = parse_delimited("a,b\r1,2\r3,\xE9\r", "mac.csv");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].line == 3);
    CHECK(bad.errors[0].column == 3);
}

TEST_CASE("delimited text: each field knows its own line after a quoted line break") {
    auto table = parse_delimited("insee,name,population\n56121,\"Lor\nient\",5x\n", "cities.csv");
    REQUIRE(table.ok());
    const auto& record = table.value.records[1];
    CHECK(record.line == 2);
    CHECK(record.lines == std::vector<int>{2, 2, 3});
    CHECK(record.columns == std::vector<int>{1, 7, 7});
}

TEST_CASE("delimited text: spaces around a quoted field are not part of it") {
    auto table = parse_delimited("insee, name\n56121, \"Lorient\" \n", "cities.csv");
    REQUIRE(table.ok());
    CHECK(table.value.records[1].fields[1] == "Lorient");
    CHECK(table.value.records[1].columns[1] == 8);
}

TEST_CASE("delimited text: the delimiter is the one that splits every line alike") {
    // the first line has more commas than tabs, but only the tab gives every line three fields
    auto table = parse_delimited("production\tfab,lab,x,y\t1\nproduction\tcoworking\t1\n", "fr.tsv",
                                 {.delimiters = "\t;,", .comments = true});
    REQUIRE(table.ok());
    CHECK(table.value.delimiter == '\t');
    CHECK(table.value.records[0].fields[1] == "fab,lab,x,y");

    auto commas = parse_delimited("insee,name,population\n56121,Lorient,58329\n", "cities.csv");
    CHECK(commas.value.delimiter == ',');
}

TEST_CASE("delimited text: a very long line is read in one pass") {
    std::string line;
    for (int i = 0; i < 200'000; ++i) line += "é,";
    auto table = parse_delimited(line + "x\n", "wide.csv");
    REQUIRE(table.ok());
    REQUIRE(table.value.records[0].fields.size() == 200'001);
    CHECK(table.value.records[0].columns.back() == 400'001);
}
