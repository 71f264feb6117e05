// End-to-end: `sharitories cc-query`, the SQL for Athena, as a study team runs it.
#include <doctest/doctest.h>

#include "test_support.h"

using sharitories::test::contains;
using sharitories::test::read_file;
using sharitories::test::run_sharitories;
using sharitories::test::TempDir;

TEST_CASE("cli: cc-query prints the Athena SQL for the towns of a département") {
    auto run = run_sharitories({"cc-query", "--crawl", "CC-MAIN-2024-10", "--departement", "56"});
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.starts_with("-- sharitories cc-query: the French HTML pages of Common Crawl's CC-MAIN-2024-10"));
    CHECK(contains(run.out, "Amazon Athena (Presto/Trino SQL)"));
    CHECK(contains(run.out, "\nWHERE crawl = 'CC-MAIN-2024-10'\n"));
    CHECK(contains(run.out, "(?:lanester|lorient|vannes)"));
    CHECK(contains(run.out, "-- Towns: Lanester 56098, Lorient 56121, Vannes 56260.\n"));
    CHECK(contains(run.err, "bytes of SQL for 3 towns"));

    TempDir dir;
    const auto file = dir.path() / "ccindex.sql";
    auto to_file = run_sharitories(
        {"cc-query", "--crawl", "CC-MAIN-2024-10", "--departement", "56", "--out", file.string()});
    REQUIRE(to_file.exit_code == 0);
    CHECK(to_file.out.empty());
    CHECK(read_file(file) == run.out);
}

TEST_CASE("cli: cc-query refuses a crawl name that is not CC-MAIN-YYYY-WW, and needs one") {
    for (const char* crawl : {"2024-10", "CC-MAIN-2024-60", "CC-MAIN-2024-10'; DROP TABLE x"}) {
        INFO(crawl);
        auto run = run_sharitories({"cc-query", "--crawl", crawl, "--departement", "56"});
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(contains(run.err, "is not a crawl name: write CC-MAIN-YYYY-WW"));
    }
    auto missing = run_sharitories({"cc-query", "--departement", "56"});
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.err, "--crawl"));
}

TEST_CASE("cli: cc-query --help says the dialect and what to do with the SQL") {
    auto help = run_sharitories({"cc-query", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "Athena"));
    CHECK(contains(help.out, "Presto/Trino"));
    CHECK(contains(help.out, "ccindex"));
    CHECK(contains(help.out, "sharitories scan --cc-records result.csv"));
    CHECK(contains(help.out, "--departement"));
    CHECK(contains(help.out, "--keywords"));
    CHECK(contains(help.out, "Exit codes"));
}

TEST_CASE("cli: cc-query says so when a town list makes the SQL too long for Athena") {
    TempDir dir;
    std::string csv = "insee,name,population\n";
    for (int i = 0; i < 2000; ++i) {
        std::string letters;
        for (int n = i; letters.size() < 6; n /= 26) letters += static_cast<char>('a' + n % 26);
        csv += std::to_string(10000 + i) + ",Sainte-Longuenommee-" + letters + "-sur-Riviere," + std::to_string(20000 + i) + "\n";
    }
    const auto cities = dir.write("many.csv", csv);
    auto run = run_sharitories({"cc-query", "--crawl", "CC-MAIN-2024-10", "--cities", cities.string()});
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(contains(run.err, "over Athena's limit of 262144: select fewer towns"));
}
