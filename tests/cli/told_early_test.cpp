// Told early, told clearly (issue 9): what can be checked before the work starts is checked before
// it starts, and each refusal says what is wrong in plain words, with its exit code. No server runs:
// every scan here must stop before its first search (its --search-url points at a closed port, and
// a search would show in its messages).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <tuple>

#include "test_support.h"

using namespace sharitories;
using sharitories::test::contains;
using sharitories::test::run_sharitories;
using sharitories::test::run_sharitories_unprivileged;
using sharitories::test::TempDir;

namespace {

/// A scan that would search a closed port if it got that far.
std::vector<std::string> scan_args(const std::vector<std::string>& more) {
    std::vector<std::string> args{"scan", "--insee", "56121", "--search-url", "http://127.0.0.1:9"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

bool started_work(const test::RunResult& result) { return contains(result.err, "scanning") || contains(result.err, "summary:"); }

/// A folder `nobody` can enter and read but not write in (the test's own folder opened to it).
std::filesystem::path read_only_folder(const TempDir& dir) {
    ::chmod(dir.path().c_str(), 0755);
    const auto folder = dir.path() / "lecture-seule";
    std::filesystem::create_directory(folder);
    return folder;
}

}  // namespace

TEST_CASE("told early: --out into a missing folder is refused before the scan searches anything") {
    TempDir dir;
    const auto db = dir.path() / "nuit.db";
    auto result = run_sharitories(scan_args({"--db", db.string(), "--out", (dir.path() / "absent" / "liste.csv").string()}));
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "--out " + (dir.path() / "absent" / "liste.csv").string() + ": the folder " +
                                   (dir.path() / "absent").string() + " does not exist"));
    CHECK_FALSE(started_work(result));
    CHECK_FALSE(std::filesystem::exists(db));  // nothing created either

    // a folder given as the file
    auto folder = run_sharitories({"rank", "--db", db.string(), "--out", dir.path().string()});
    CHECK(folder.exit_code == 2);

    // what cannot be replaced by a file, and a spreadsheet's name this tool does not write
    auto device = run_sharitories(scan_args({"--db", db.string(), "--out", "/dev/null"}));
    CHECK(device.exit_code == 2);
    CHECK(contains(device.err, "--out /dev/null: /dev/null is not a regular file"));
    CHECK_FALSE(started_work(device));
    auto ods = run_sharitories(scan_args({"--db", db.string(), "--changes", (dir.path() / "changes.ods").string()}));
    CHECK(ods.exit_code == 2);
    CHECK(contains(ods.err, "sharitories writes spreadsheets as .xlsx (which LibreOffice and Excel open), not .ods"));
    CHECK_FALSE(started_work(ods));
    CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("told early: a read-only folder for --out or --db says permission denied, before any work") {
    TempDir dir;
    const auto folder = read_only_folder(dir);
    const auto db = dir.path() / "nuit.db";
    test::write_finished_scan_of_lorient(db);
    ::chmod(db.c_str(), 0666);
    ::chmod(folder.c_str(), 0555);

    auto out = run_sharitories_unprivileged(scan_args({"--db", db.string(), "--out", (folder / "liste.csv").string()}));
    INFO(out.err);
    CHECK(out.exit_code == 2);
    CHECK(contains(out.err, "--out " + (folder / "liste.csv").string() + ": cannot write in the folder " +
                                folder.string() + " (Permission denied)"));
    CHECK_FALSE(started_work(out));

    auto new_db = run_sharitories_unprivileged(scan_args({"--db", (folder / "nuit.db").string()}));
    INFO(new_db.err);
    CHECK(new_db.exit_code == 2);
    CHECK(contains(new_db.err, "--db " + (folder / "nuit.db").string() + ": cannot write in the folder " +
                                   folder.string() + " (Permission denied)"));
    CHECK_FALSE(started_work(new_db));

    // an existing database in a read-only folder: rank cannot open its WAL index, and says why
    ::chmod(folder.c_str(), 0755);
    std::filesystem::copy_file(db, folder / "copie.db");
    ::chmod((folder / "copie.db").c_str(), 0666);
    ::chmod(folder.c_str(), 0555);
    auto rank = run_sharitories_unprivileged({"rank", "--db", (folder / "copie.db").string()});
    INFO(rank.err);
    CHECK(rank.exit_code == 2);
    CHECK(contains(rank.err, "cannot write in the folder " + folder.string() + " (Permission denied)"));
    CHECK(contains(rank.err, "copy the database to a folder you can write in"));
    CHECK_FALSE(contains(rank.err, "not a sharitories database"));
    ::chmod(folder.c_str(), 0755);
}

TEST_CASE("told early: rank --db on a file that does not exist says so and creates nothing") {
    TempDir dir;
    const auto db = dir.path() / "sharitoires.db";  // a typo
    for (const char* command : {"rank", "evidence"}) {
        auto result = run_sharitories({command, "--db", db.string()});
        CHECK(result.exit_code == 2);
        CHECK(contains(result.err, "the database " + db.string() + " does not exist (run a scan with --db"));
        CHECK_FALSE(std::filesystem::exists(db));
    }
}

TEST_CASE("told early: --search-url without a scheme names the option") {
    TempDir dir;
    auto result = run_sharitories({"scan", "--insee", "56121", "--db", (dir.path() / "n.db").string(), "--search-url",
                                   "localhost:8888"});
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "--search-url localhost:8888: an http:// or https:// address is needed"));
    CHECK_FALSE(started_work(result));
}

TEST_CASE("told early: evidence --insee with an unknown code gives the message scan gives") {
    TempDir dir;
    const auto db = dir.path() / "nuit.db";
    test::write_finished_scan_of_lorient(db);
    auto scan = run_sharitories(scan_args({"--db", (dir.path() / "autre.db").string(), "--insee", "56999"}));
    auto evidence = run_sharitories({"evidence", "--db", db.string(), "--insee", "56121,56999"});
    CHECK(scan.exit_code == 2);
    CHECK(evidence.exit_code == 2);
    const std::string words = "--insee 56999: no town of cities.csv has this code";
    CHECK(contains(scan.err, words));
    CHECK(contains(evidence.err, words));
    CHECK(evidence.out.empty());  // no empty table that looks like an answer

    auto known = run_sharitories({"evidence", "--db", db.string(), "--insee", "56121"});
    CHECK(known.exit_code == 0);
}

TEST_CASE("told early: a spreadsheet given as --cities is refused in one line, whatever its name") {
    TempDir dir;
    // an .ods is a zip: its first bytes say so even when it is renamed .csv
    const auto ods = dir.write("communes.ods", std::string("PK\x03\x04\x14\x00\x00\x08", 8) + "mimetypeapplication/vnd.oasis");
    for (const auto& file : {ods, dir.write("communes.xlsx", "PK\x03\x04 xl/workbook.xml"),
                             dir.write("export.csv", std::string("PK\x03\x04", 4) + "xl/worksheets/sheet1.xml")}) {
        auto result = run_sharitories({"cities", "--cities", file.string()});
        CHECK(result.exit_code == 2);
        CHECK(test::lines_of(result.err).size() == 1);
        CHECK(contains(result.err, "--cities " + file.string() + ": this is a spreadsheet, not a CSV file: export it as "
                                   "CSV UTF-8"));
    }
}

TEST_CASE("told early: out-of-range numbers in plain words, no 309-digit bound") {
    for (const auto& [option, value, words] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"--top", "-1", "--top: -1 is not a whole number from 0 to 100000"},
             {"--refresh-days", "99999", "--refresh-days: 99999 is not a whole number from 0 to 3650"},
             {"--min-pop", "99999999999999999999", "--min-pop: 99999999999999999999 is not a whole number from 0 to"},
             {"--timeout-s", "dix", "--timeout-s: dix is not a whole number from 1 to 3600"}}) {
        auto result = run_sharitories({"scan", option, value});
        CHECK(result.exit_code == 2);
        CHECK(contains(result.err, words));
        CHECK(result.err.size() < 200);
    }
}

TEST_CASE("told early: a misspelt option says which one was meant") {
    auto budget = run_sharitories({"scan", "--budgt", "30"});
    CHECK(budget.exit_code == 2);
    CHECK(contains(budget.err, "unknown option --budgt (did you mean --budget?)"));
    auto weights = run_sharitories({"rank", "--weigths=gouvernance=0"});
    CHECK(weights.exit_code == 2);
    CHECK(contains(weights.err, "unknown option --weigths (did you mean --weights?)"));
    auto nothing_near = run_sharitories({"rank", "--couleur"});
    CHECK(nothing_near.exit_code == 2);
    CHECK(contains(nothing_near.err, "unknown option --couleur\n"));
}

TEST_CASE("told early: rank while a scan holds the database says so, and a second scan is refused") {
    TempDir dir;
    const auto db = dir.path() / "nuit.db";
    test::write_finished_scan_of_lorient(db);
    // this process plays the running scan: it holds the lock as `scan` does
    const int fd = ::open((db.string() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    struct flock region {};
    region.l_type = F_WRLCK;
    region.l_whence = SEEK_SET;
    REQUIRE(::fcntl(fd, F_SETLK, &region) == 0);

    auto rank = run_sharitories({"rank", "--db", db.string()});
    CHECK(rank.exit_code == 0);
    CHECK(contains(rank.err, "a scan is running on " + db.string() + " (process " + std::to_string(::getpid())));
    CHECK(contains(rank.err, "run this again when it has ended"));

    auto second = run_sharitories(scan_args({"--db", db.string()}));
    CHECK(second.exit_code == 4);
    CHECK(contains(second.err, "another scan (process " + std::to_string(::getpid()) + ") holds the lock on " + db.string()));
    CHECK_FALSE(contains(second.err, "scanning"));

    ::close(fd);  // the scan ended: rank is quiet about it again
    auto after = run_sharitories({"rank", "--db", db.string()});
    CHECK(after.exit_code == 0);
    CHECK_FALSE(contains(after.err, "a scan is running"));
}
