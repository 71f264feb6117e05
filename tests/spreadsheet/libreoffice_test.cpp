// A real spreadsheet opens what --csv-excel and --format xlsx write: LibreOffice Calc, headless,
// converts the files to .xlsx, and the cells it made are read back (output/xlsx_reader.h). A test
// binary of its own, registered once with ctest (tests/CMakeLists.txt): without soffice (Debian's
// libreoffice-calc-nogui) or unzip it says why and exits 77, which ctest reports as skipped.
//
// The CSV is imported as a French user opening it gets it: separator ';', UTF-8, language fr-FR,
// no column marked as text, "quoted field as text" and "detect special numbers" off (the Text Import
// dialog's defaults). The dialog's "Evaluate formulas" is off by default in LibreOffice 7.4
// (officecfg Calc/Dialogs/CSVImport/EvaluateFormulas); README tells the user to tick it, so both are
// tried: ticked, the codes are text with their zeros; not ticked, they show as ="08105" (nothing lost,
// but not what the team wants), which is why README says it.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "output/table_writer.h"
#include "output/xlsx_reader.h"
#include "output/xlsx_writer.h"

using namespace sharitories;
using sharitories::test::read_xlsx;

namespace {

constexpr int skip_code = 77;  // ctest's SKIP_RETURN_CODE for this test

bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (!dir.empty() && ::access((std::filesystem::path(dir) / program).c_str(), X_OK) == 0) return true;
    }
    return false;
}

/// The folder of this run: its LibreOffice profile (LibreOffice needs a writable one) and the files.
const std::filesystem::path& work_dir() {
    static const std::filesystem::path dir = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "sharitories-soffice-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        return std::filesystem::path(pattern);
    }();
    return dir;
}

std::string quoted(const std::string& text) {
    std::string result = "'";
    for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return result + "'";
}

/// `input` converted by LibreOffice to .xlsx in `out_dir` (with the import filter `infilter` if not
/// empty); the converted file's path.
std::filesystem::path soffice_to_xlsx(const std::filesystem::path& input, const std::string& out_dir,
                                      const std::string& infilter = "") {
    const auto dir = work_dir() / out_dir;
    std::filesystem::create_directories(dir);
    std::string command = "timeout 180 soffice -env:UserInstallation=file://" + (work_dir() / "profile").string() +
                          " --headless --norestore";
    if (!infilter.empty()) command += " --infilter=" + quoted(infilter);
    command += " --convert-to xlsx --outdir " + quoted(dir.string()) + " " + quoted(input.string()) + " >" +
               quoted((work_dir() / "soffice.log").string()) + " 2>&1";
    const int status = std::system(command.c_str());
    std::ifstream log(work_dir() / "soffice.log");
    const std::string said((std::istreambuf_iterator<char>(log)), {});
    INFO("soffice said: " << said);
    REQUIRE(status == 0);
    const auto output = dir / (input.stem().string() + ".xlsx");
    REQUIRE(std::filesystem::exists(output));
    return output;
}

/// The CSV import filter: ';' (59), '"' (34), UTF-8 (76), from line 1, no column formats, fr-FR
/// (1036), quoted field as text off, detect special numbers off, (two export options), remove spaces
/// off, (export sheets), evaluate formulas as given.
std::string french_csv_import(bool evaluate_formulas) {
    return std::string("Text - txt - csv (StarCalc):59,34,76,1,,1036,false,false,false,false,false,-1,") +
           (evaluate_formulas ? "true" : "false");
}

Table shortlist() {
    return Table{{{"rank", ColumnType::integer},
                  {"insee", ColumnType::text},
                  {"city", ColumnType::text},
                  {"departement", ColumnType::text},
                  {"population", ColumnType::integer},
                  {"score", ColumnType::number},
                  {"per_10k", ColumnType::number},
                  {"top_evidence", ColumnType::text}},
                 {{"1", "76575", "Saint-Étienne-du-Rouvray", "76", "28696", "45.46", "1.05", "https://www.amap-rouvray.fr/"},
                  {"2", "08105", "Charleville-Mézières", "08", "46391", "34.20", "0.65", ""},
                  {"3", "2A004", "Ajaccio", "2A", "73177", "12.00", "0.14", ""},
                  {"4", "05061", "Gap", "05", "40631", "0.00", "0.00", ""}}};
}

Table evidence() {
    return Table{{{"insee", ColumnType::text},
                  {"city", ColumnType::text},
                  {"pillar", ColumnType::text},
                  {"url", ColumnType::text},
                  {"strength", ColumnType::number}},
                 {{"08105", "Charleville-Mézières", "consommation", "https://www.amap-ardennes.fr/charleville", "4.50"},
                  {"05061", "Gap", "gouvernance", "https://www.ville-gap.fr/budget-participatif", "2.00"}}};
}

void check_number(const test::XlsxCell& cell, double expected) {
    CHECK(cell.type == "n");
    CHECK(std::stod(cell.value.empty() ? "nan" : cell.value) == doctest::Approx(expected));
}

}  // namespace

TEST_CASE("libreoffice: --csv-excel opened in French, Evaluate formulas ticked: codes text with their zeros, scores numbers") {
    const auto csv = work_dir() / "shortlist.csv";
    {
        std::ofstream out(csv, std::ios::binary);
        write_table(out, shortlist(), Format::csv, {.csv_excel = true});
    }
    const auto sheet = read_xlsx(soffice_to_xlsx(csv, "evaluated", french_csv_import(true))).at(0);
    // codes: text (a formula's text result), zeros kept
    CHECK(sheet.at("B3").type == "str");
    CHECK(sheet.at("B3").value == "08105");
    CHECK(sheet.at("B5").value == "05061");
    CHECK(sheet.at("D3").value == "08");
    CHECK(sheet.at("D5").value == "05");
    CHECK(sheet.at("B4").type == "s");
    CHECK(sheet.at("B4").value == "2A004");
    CHECK(sheet.at("D4").value == "2A");
    CHECK(sheet.at("C2").value == "Saint-Étienne-du-Rouvray");
    // numbers: the decimal comma read as a French number
    check_number(sheet.at("F2"), 45.46);
    check_number(sheet.at("G2"), 1.05);
    check_number(sheet.at("F5"), 0);
    check_number(sheet.at("E3"), 46391);
    check_number(sheet.at("A3"), 2);
    CHECK(sheet.at("H2").value == "https://www.amap-rouvray.fr/");
}

TEST_CASE("libreoffice: --csv-excel opened in French with the dialog's defaults: the zeros are not lost, the formula shows") {
    const auto csv = work_dir() / "shortlist-defaults.csv";
    {
        std::ofstream out(csv, std::ios::binary);
        write_table(out, shortlist(), Format::csv, {.csv_excel = true});
    }
    const auto sheet = read_xlsx(soffice_to_xlsx(csv, "defaults", french_csv_import(false))).at(0);
    // what README warns of: ="08105" as text until "Evaluate formulas" is ticked
    CHECK(sheet.at("B3").type == "s");
    CHECK(sheet.at("B3").value == "=\"08105\"");
    CHECK(sheet.at("B4").value == "2A004");
    check_number(sheet.at("F2"), 45.46);

    // and why a code cannot be written as it is: LibreOffice makes 08105 the number 8105
    const auto plain = work_dir() / "plain.csv";
    {
        std::ofstream out(plain, std::ios::binary);
        out << "\xEF\xBB\xBFinsee;score\r\n08105;45,46\r\n\"05061\";0,00\r\n";
    }
    const auto stripped = read_xlsx(soffice_to_xlsx(plain, "plain", french_csv_import(false))).at(0);
    check_number(stripped.at("A2"), 8105);
    check_number(stripped.at("A3"), 5061);  // quoted or not
}

TEST_CASE("libreoffice: the xlsx workbook opened, codes text, scores numbers, links and filter kept") {
    const auto path = work_dir() / "scan.xlsx";
    write_workbook(path, {{"shortlist", shortlist()}, {"evidence", evidence()}});
    const auto sheets = read_xlsx(soffice_to_xlsx(path, "reopened"));
    REQUIRE(sheets.size() == 2);
    CHECK(sheets[0].name == "shortlist");
    CHECK(sheets[1].name == "evidence");
    const auto& shortlist = sheets[0];
    CHECK(shortlist.at("B3").type == "s");
    CHECK(shortlist.at("B3").value == "08105");
    CHECK(shortlist.at("D5").value == "05");
    CHECK(shortlist.at("B4").value == "2A004");
    CHECK(shortlist.at("C2").value == "Saint-Étienne-du-Rouvray");
    check_number(shortlist.at("F2"), 45.46);
    check_number(shortlist.at("E3"), 46391);
    // the filter kept (a headless LibreOffice has no view, so it drops every sheet's frozen pane when it
    // saves: the pane is checked in our file, tests/output/xlsx_writer_test.cpp)
    CHECK(shortlist.autofilter == "A1:H5");
    CHECK(shortlist.hyperlinks.at("H2") == "https://www.amap-rouvray.fr/");
    const auto& evidence = sheets[1];
    CHECK(evidence.at("A2").value == "08105");
    CHECK(evidence.at("A2").type == "s");
    check_number(evidence.at("E2"), 4.5);
    CHECK(evidence.hyperlinks.at("D3") == "https://www.ville-gap.fr/budget-participatif");
}

int main(int argc, char** argv) {
    for (const char* program : {"soffice", "unzip", "timeout"}) {
        if (!on_path(program)) {
            std::cout << "SKIPPED: " << program
                      << " is not installed (scripts/setup installs libreoffice-calc-nogui and unzip): the files are "
                         "not opened in a real spreadsheet\n";
            return skip_code;
        }
    }
    doctest::Context context(argc, argv);
    const int result = context.run();  // SHARITORIES_KEEP_SOFFICE_FILES=1 keeps the files to look at
    std::error_code ignored;
    if (std::getenv("SHARITORIES_KEEP_SOFFICE_FILES") == nullptr) std::filesystem::remove_all(work_dir(), ignored);
    return result;
}
