// The records a study picked in Common Crawl's index, as Amazon Athena writes them: every field
// quoted, columns found by name, extra columns ignored, every bad row named with its place.
#include <doctest/doctest.h>

#include "input/cc_records_reader.h"
#include "query/cc_index_query.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::has_error;

namespace {

constexpr std::uint64_t cap = 5u << 20;
const std::string lorient_file =
    "crawl-data/CC-MAIN-2024-10/segments/1707947473347.0/warc/CC-MAIN-20240220211055-20240221001055-00042.warc.gz";
const std::string vannes_file =
    "crawl-data/CC-MAIN-2024-18/segments/1712296815919.75/warc/CC-MAIN-20240412101354-20240412131354-00718.warc.gz";

}  // namespace

TEST_CASE("cc records: Athena's CSV — every field quoted, extra columns after, accents in URLs") {
    const std::string csv =
        "\"url\",\"warc_filename\",\"warc_record_offset\",\"warc_record_length\",\"fetch_time\",\"content_languages\"\n"
        "\"https://www.lafabrique-lorient.fr/ateliers-partagés/\",\"" + lorient_file +
        "\",\"31415926\",\"8231\",\"2024-02-21 08:15:02.000\",\"fra\"\n"
        "\"https://www.amap-pays-de-vannes.fr/?page=1,2\",\"" + vannes_file + "\",\"1048576\",\"19044\",\"2024-04-12 "
        "10:20:00.000\",\"fra,eng\"\n";
    const auto parsed = read_cc_records(csv, "records.csv", cap);
    REQUIRE(parsed.ok());
    CHECK(parsed.warnings.empty());
    REQUIRE(parsed.value.size() == 2);
    const CcRecord& lorient = parsed.value[0];
    CHECK(lorient.url == "https://www.lafabrique-lorient.fr/ateliers-partagés/");
    CHECK(lorient.source.warc_filename == lorient_file);
    CHECK(lorient.source.warc_record_offset == 31'415'926);
    CHECK(lorient.source.warc_record_length == 8'231);
    CHECK(lorient.source.crawl == "CC-MAIN-2024-10");  // from the file's path
    CHECK(lorient.line == 2);
    CHECK(lorient.source.key() == lorient_file + "@31415926+8231");
    CHECK(parsed.value[1].url == "https://www.amap-pays-de-vannes.fr/?page=1,2");  // a comma inside quotes
    CHECK(parsed.value[1].source.crawl == "CC-MAIN-2024-18");
}

TEST_CASE("cc records: columns in any order and any case, a crawl column wins, a record listed twice is read once") {
    const std::string csv = "Warc_Record_Length,WARC_FILENAME,crawl,warc_record_offset,URL\r\n"
                            "8231," + lorient_file + ",CC-MAIN-2024-10,31415926,https://www.lafabrique-lorient.fr/\r\n"
                            "8231," + lorient_file + ",CC-MAIN-2024-10,31415926,https://www.lafabrique-lorient.fr/\r\n"
                            "777,crawl-data/other/file.warc.gz,CC-MAIN-2023-50,12,https://www.lorient.bzh/\r\n";
    const auto parsed = read_cc_records(csv, "records.csv", cap);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value.size() == 2);
    CHECK(parsed.value[0].source.warc_record_length == 8231);
    CHECK(parsed.value[1].source.crawl == "CC-MAIN-2023-50");  // the column's, the path names none
    REQUIRE(parsed.warnings.size() == 1);
    CHECK(parsed.warnings[0].line == 3);
    CHECK(test::contains(parsed.warnings[0].message, "line 2"));
}

TEST_CASE("cc records: a missing column is an error on the header, naming it") {
    const std::string csv = "\"url\",\"warc_filename\",\"warc_record_offset\"\n"
                            "\"https://www.lafabrique-lorient.fr/\",\"" + lorient_file + "\",\"31415926\"\n";
    const auto parsed = read_cc_records(csv, "records.csv", cap);
    CHECK_FALSE(parsed.ok());
    CHECK(has_error(parsed, 1, "missing column 'warc_record_length'"));
    CHECK(format_error(parsed.errors.at(0)).starts_with("records.csv:1: missing column"));
}

TEST_CASE("cc records: a bad row among good ones refuses the file, each bad field located FILE:LINE:COLUMN") {
    const std::string csv =
        "\"url\",\"warc_filename\",\"warc_record_offset\",\"warc_record_length\"\n"
        "\"https://www.lafabrique-lorient.fr/\",\"" + lorient_file + "\",\"31415926\",\"8231\"\n"
        "\"https://www.lorient.bzh/\",\"" + lorient_file + "\",\"3,1E+07\",\"8231\"\n"       // a spreadsheet's number
        "\"https://www.vannes.fr/\",\"" + vannes_file + "\",\"1048576\",\"0\"\n"             // no bytes
        "\"https://www.vannes.fr/budget\",\"../../etc/passwd\",\"10\",\"20\"\n"               // not a data path
        "\"https://www.vannes.fr/grand\",\"" + vannes_file + "\",\"10\",\"9999999\"\n"         // past the cap
        "\"\",\"" + vannes_file + "\",\"10\",\"20\"\n"                                        // no URL
        "\"https://www.vannes.fr/court\",\"" + vannes_file + "\",\"10\"\n";                   // a field short
    const auto parsed = read_cc_records(csv, "records.csv", cap);
    CHECK_FALSE(parsed.ok());
    CHECK(parsed.value.empty());  // the file is refused, not read in part
    CHECK(has_error(parsed, 3, "'3,1E+07' is not a byte offset"));
    CHECK(has_error(parsed, 4, "'0' is not a record length"));
    CHECK(has_error(parsed, 5, "is not a file path of Common Crawl's data host"));
    CHECK(has_error(parsed, 6, "more than the 5 MiB"));
    CHECK(has_error(parsed, 7, "the record's URL is empty"));
    CHECK(has_error(parsed, 8, "expected 4 fields as in the header, found 3"));
    CHECK_FALSE(has_error(parsed, 2, ""));
    // located to the field: line 3, column 3 starts at character 1 + the first two quoted fields and commas
    const std::string line3_prefix = "\"https://www.lorient.bzh/\",\"" + lorient_file + "\",";
    bool located = false;
    for (const auto& error : parsed.errors)
        if (error.line == 3) located = error.column == static_cast<int>(line3_prefix.size()) + 1;
    CHECK(located);
    CHECK(test::contains(format_error(parsed.errors.at(0)), "records.csv:3:"));
}

TEST_CASE("cc records: a header without rows is no record (a query that matched nothing), an empty file an error") {
    const auto none = read_cc_records("url,warc_filename,warc_record_offset,warc_record_length\n", "records.csv", cap);
    CHECK(none.ok());
    CHECK(none.value.empty());
    CHECK_FALSE(read_cc_records("", "records.csv", cap).ok());
}

TEST_CASE("cc records: the columns cc-query's SQL selects, in its order, as Athena writes its result") {
    std::string header, row;
    for (const auto column : cc_record_columns) {
        header += (header.empty() ? "\"" : ",\"") + std::string(column) + "\"";
        std::string value = column == "url"                  ? "https://www.lafabrique-lorient.fr/"
                            : column == "warc_filename"      ? lorient_file
                            : column == "warc_record_offset" ? "31415926"
                            : column == "warc_record_length" ? "8231"
                                                             : "autre";
        row += (row.empty() ? "\"" : ",\"") + value + "\"";
    }
    const auto parsed = read_cc_records(header + "\n" + row + "\n", "result.csv", cap);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value.size() == 1);
    CHECK(parsed.value[0].source.warc_record_offset == 31415926);
    CHECK(parsed.value[0].source.crawl == "CC-MAIN-2024-10");
}
