// The xlsx writer: a workbook written, unzipped and read back (output/xlsx_reader.h), its cells typed
// from the Table's columns.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <string>

#include "output/xlsx_reader.h"
#include "output/xlsx_writer.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::read_xlsx;
using sharitories::test::TempDir;
using sharitories::test::xlsx_number_format;

namespace {

/// A shortlist's columns, cut down: codes, names with accents, counts, scores.
Table shortlist() {
    return Table{{{"rank", ColumnType::integer},
                  {"insee", ColumnType::text},
                  {"city", ColumnType::text},
                  {"departement", ColumnType::text},
                  {"population", ColumnType::integer},
                  {"score", ColumnType::number},
                  {"per_10k", ColumnType::number},
                  {"top_evidence", ColumnType::text}},
                 {{"1", "76575", "Saint-Étienne-du-Rouvray", "76", "28696", "45.46", "1.05",
                   "https://www.amap-rouvray.fr/ https://www.fablab-rouvray.fr/"},
                  {"2", "08105", "Charleville-Mézières", "08", "46391", "34.20", "0.65", ""},
                  {"3", "2A004", "Ajaccio", "2A", "73177", "12.00", "", ""},
                  {"4", "05061", "Gap", "05", "40631", "0.00", "0.00", ""}}};
}

Table evidence() {
    return Table{{{"insee", ColumnType::text},
                  {"city", ColumnType::text},
                  {"pillar", ColumnType::text},
                  {"url", ColumnType::text},
                  {"title", ColumnType::text},
                  {"strength", ColumnType::number}},
                 {{"08105", "Charleville-Mézières", "consommation", "https://www.amap-ardennes.fr/charleville",
                   "L'AMAP de Charleville — paniers « bio »", "4.5"},
                  {"05061", "Gap", "gouvernance", "https://www.ville-gap.fr/budget-participatif?annee=2026&x=1",
                   "Budget participatif", "2.00"}}};
}

}  // namespace

TEST_CASE("xlsx: codes are strings, counts and scores numbers, with their formats") {
    TempDir dir;
    const auto path = dir.path() / "shortlist.xlsx";
    write_workbook(path, {{"shortlist", shortlist()}});
    const auto sheets = read_xlsx(path);
    REQUIRE(sheets.size() == 1);
    const auto& sheet = sheets[0];
    CHECK(sheet.name == "shortlist");

    // the header: strings, bold
    CHECK(sheet.at("A1").type == "s");
    CHECK(sheet.at("B1").value == "insee");
    CHECK(sheet.at("H1").value == "top_evidence");

    // codes keep their zeros: strings, never numbers
    CHECK(sheet.at("B3").type == "s");
    CHECK(sheet.at("B3").value == "08105");
    CHECK(sheet.at("B4").value == "2A004");
    CHECK(sheet.at("B5").value == "05061");
    CHECK(sheet.at("D3").type == "s");
    CHECK(sheet.at("D3").value == "08");
    CHECK(sheet.at("D5").value == "05");
    CHECK(sheet.at("C2").value == "Saint-Étienne-du-Rouvray");

    // counts: numbers shown as whole numbers
    CHECK(sheet.at("A2").type == "n");
    CHECK(sheet.at("A2").value == "1");
    CHECK(sheet.at("E3").type == "n");
    CHECK(sheet.at("E3").value == "46391");
    CHECK(xlsx_number_format(path, sheet.at("E3").style) == "0");

    // scores: numbers, shown with the two decimals the table has
    CHECK(sheet.at("F2").type == "n");
    CHECK(std::stod(sheet.at("F2").value) == doctest::Approx(45.46));
    CHECK(std::stod(sheet.at("F4").value) == doctest::Approx(12.0));
    CHECK(xlsx_number_format(path, sheet.at("F2").style) == "0.00");
    // an empty number is a blank cell, not a zero
    CHECK(sheet.at("G4").type.empty());
    CHECK(sheet.at("G5").value == "0");
}

TEST_CASE("xlsx: a number column's cells keep each their own decimals (a rank and a coverage in one column)") {
    TempDir dir;
    const auto path = dir.path() / "changes.xlsx";
    const Table changes{{{"change", ColumnType::text}, {"city", ColumnType::text}, {"before", ColumnType::number},
                         {"after", ColumnType::number}},
                        {{"covered", "Gap", "0.00", "0.25"}, {"rank", "Gap", "97", "41"}}};
    write_workbook(path, {{"changes", changes}});
    const auto sheet = read_xlsx(path).at(0);
    CHECK(xlsx_number_format(path, sheet.at("D2").style) == "0.00");
    CHECK(std::stod(sheet.at("D2").value) == doctest::Approx(0.25));
    CHECK(xlsx_number_format(path, sheet.at("C3").style) == "0");  // 97, not 97,00
    CHECK(sheet.at("C3").value == "97");
}

TEST_CASE("xlsx: header bold and frozen, an autofilter over the data, widths that fit") {
    TempDir dir;
    const auto path = dir.path() / "shortlist.xlsx";
    write_workbook(path, {{"shortlist", shortlist()}});
    const auto sheet = read_xlsx(path).at(0);
    CHECK(sheet.pane.find("ySplit=\"1\"") != std::string::npos);
    CHECK(sheet.pane.find("state=\"frozen\"") != std::string::npos);
    CHECK(sheet.pane.find("topLeftCell=\"A2\"") != std::string::npos);
    CHECK(sheet.autofilter == "A1:H5");
    CHECK(xlsx_number_format(path, sheet.at("A1").style) == "General");
    CHECK(test::unzip_member(path, "xl/styles.xml").find("<b/>") != std::string::npos);  // the header's font

    // widths in characters, plus the 0.71 of padding Excel's files give every width
    const auto width = [&](int column) { return sheet.widths.at(column) - 0.71; };
    // "Saint-Étienne-du-Rouvray" is 24 characters (26 bytes): the column fits characters, not bytes
    CHECK(width(3) == doctest::Approx(25).epsilon(0.01));
    // "insee" and its filter's button
    CHECK(width(2) == doctest::Approx(7).epsilon(0.01));
    // two URLs: at the cap
    CHECK(width(8) == doctest::Approx(xlsx_max_column_width).epsilon(0.01));
}

TEST_CASE("xlsx: one URL in a cell is a link, several are text, and a link past Excel's limits is text") {
    TempDir dir;
    const auto path = dir.path() / "evidence.xlsx";
    Table table = evidence();
    const std::string long_url = "https://www.example.fr/" + std::string(2100, 'a');
    table.rows.push_back({"76575", "Saint-Étienne-du-Rouvray", "production", long_url, "Un très long lien", "1"});
    write_workbook(path, {{"evidence", table}, {"shortlist", shortlist()}});
    const auto sheets = read_xlsx(path);
    REQUIRE(sheets.size() == 2);
    const auto& links = sheets[0].hyperlinks;
    CHECK(links.at("D2") == "https://www.amap-ardennes.fr/charleville");
    CHECK(links.at("D3") == "https://www.ville-gap.fr/budget-participatif?annee=2026&x=1");
    CHECK(sheets[0].at("D3").value == "https://www.ville-gap.fr/budget-participatif?annee=2026&x=1");
    // too long for Excel: kept whole, as text
    CHECK(links.count("D4") == 0);
    CHECK(sheets[0].at("D4").value == long_url);
    // top_evidence's several URLs: text
    CHECK(sheets[1].hyperlinks.empty());
    CHECK(sheets[1].at("H2").value == "https://www.amap-rouvray.fr/ https://www.fablab-rouvray.fr/");
    CHECK(sheets[0].at("E2").value == "L'AMAP de Charleville — paniers « bio »");
    CHECK(std::stod(sheets[0].at("F2").value) == doctest::Approx(4.5));
}

TEST_CASE("xlsx: more links than Excel allows in a sheet, the rest as text, the file still written") {
    TempDir dir;
    const auto path = dir.path() / "many.xlsx";
    Table table{{{"url", ColumnType::text}}, {}};
    for (int i = 0; i < 65540; ++i) table.rows.push_back({"https://initiative-" + std::to_string(i) + ".fr/"});
    write_workbook(path, {{"evidence", table}});
    // read without the regular expressions of read_xlsx, too slow for 65,540 rows
    const std::string xml = test::unzip_member(path, "xl/worksheets/sheet1.xml");
    std::size_t links = 0;
    for (auto at = xml.find("<hyperlink "); at != std::string::npos; at = xml.find("<hyperlink ", at + 1)) ++links;
    CHECK(links == 65530);
    CHECK(xml.find("<hyperlink ref=\"A65531\"") != std::string::npos);
    CHECK(xml.find("<hyperlink ref=\"A65532\"") == std::string::npos);
    CHECK(xml.find("<c r=\"A65541\" t=\"s\"") != std::string::npos);
    CHECK(test::unzip_member(path, "xl/sharedStrings.xml").find("https://initiative-65539.fr/") != std::string::npos);
}

TEST_CASE("xlsx: a workbook of several sheets, in order, their names made valid for Excel") {
    TempDir dir;
    const auto path = dir.path() / "scan.xlsx";
    write_workbook(path, {{"shortlist", shortlist()},
                          {"evidence", evidence()},
                          {"Évolutions [mars/avril]: quoi?*", Table{{{"insee", ColumnType::text}}, {{"08105"}}}},
                          {"evidence", Table{{{"insee", ColumnType::text}}, {}}},
                          {"", Table{{{"n", ColumnType::integer}}, {{"7"}}}}});
    const auto sheets = read_xlsx(path);
    REQUIRE(sheets.size() == 5);
    CHECK(sheets[0].name == "shortlist");
    CHECK(sheets[1].name == "evidence");
    CHECK(sheets[2].name == "Évolutions _mars_avril__ quoi__");
    CHECK(sheets[3].name == "evidence (2)");
    CHECK(sheets[4].name == "sheet");
    CHECK(sheets[1].at("A2").value == "08105");
    // a table without rows: its header, filtered and frozen all the same
    CHECK(sheets[3].at("A1").value == "insee");
    CHECK(sheets[3].autofilter == "A1");
}

TEST_CASE("xlsx sheet names: Excel's rules") {
    CHECK(excel_sheet_name("shortlist") == "shortlist");
    CHECK(excel_sheet_name("a[b]c:d*e?f/g\\h") == "a_b_c_d_e_f_g_h");
    CHECK(excel_sheet_name("'changes'") == "changes");
    CHECK(excel_sheet_name("") == "sheet");
    CHECK(excel_sheet_name("''") == "sheet");
    // 31 characters at most, cut between characters, not bytes
    const std::string long_name = "Évolutions des initiatives à Saint-Étienne-du-Rouvray";
    CHECK(excel_sheet_name(long_name) == "Évolutions des initiatives à Sa");
    CHECK(excel_sheet_name(std::string(40, 'e')).size() == 31);
}

TEST_CASE("xlsx: written atomically, the previous file kept when the new one cannot be written") {
    TempDir dir;
    const auto path = dir.path() / "shortlist.xlsx";
    const auto previous = dir.write("shortlist.xlsx", "yesterday's workbook");
    ::chmod(previous.c_str(), 0640);
    write_workbook(path, {{"shortlist", shortlist()}});
    CHECK(read_xlsx(path).at(0).at("B3").value == "08105");
    struct stat written {};
    REQUIRE(::stat(path.c_str(), &written) == 0);
    CHECK((written.st_mode & 0777) == 0640);  // the mode of the file it replaces
    // no temporary left beside it
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
    CHECK(files == 1);

    // a directory where the file should be: an error naming it, nothing written
    const auto directory = dir.path() / "folder.xlsx";
    std::filesystem::create_directory(directory);
    CHECK_THROWS_WITH_AS(write_workbook(directory, {{"shortlist", shortlist()}}),
                         doctest::Contains("folder.xlsx"), std::system_error);
    CHECK_THROWS_AS(write_workbook(dir.path() / "none.xlsx", {}), std::invalid_argument);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "none.xlsx"));
}
