// Links (issue 10, findings 3 and 4), end to end: a file the command writes replaces the path it is
// given, never the file a link there leads to; the scan's lock belongs to the database, whatever
// the path it is reached by.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "fetch/test_server.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::contains;
using sharitories::test::read_file;
using sharitories::test::run_sharitories;
using sharitories::test::run_sharitories_unprivileged;
using sharitories::test::TempDir;
using sharitories::test::TestServer;
namespace fs = std::filesystem;

namespace {

constexpr const char* kept = "le fichier de quelqu'un d'autre\n";

bool is_regular_file_itself(const fs::path& path) { return fs::is_regular_file(fs::symlink_status(path)); }

/// A scan that would search a closed port if it got past its lock.
std::vector<std::string> scan_args(const std::vector<std::string>& more) {
    std::vector<std::string> args{"scan", "--insee", "56121", "--search-url", "http://127.0.0.1:9"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}


/// Holds the lock of a database as a running scan does (this process plays the scan), on the lock
/// file README names: FILE.lock beside the database file itself.
class HeldLock {
public:
    explicit HeldLock(const fs::path& lock) : fd_(::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        REQUIRE(fd_ >= 0);
        struct flock region {};
        region.l_type = F_WRLCK;
        region.l_whence = SEEK_SET;
        REQUIRE(::fcntl(fd_, F_SETLK, &region) == 0);
    }
    ~HeldLock() { ::close(fd_); }
    HeldLock(const HeldLock&) = delete;
    HeldLock& operator=(const HeldLock&) = delete;

private:
    int fd_;
};

}  // namespace

TEST_CASE("links: --out replaces a link at its path with the output, and the file it led to is untouched") {
    TempDir dir;
    const auto victim = dir.write("victime.csv", kept);
    for (const char* name : {"liste.csv", "liste.xlsx", "liste.json"}) {
        CAPTURE(name);
        const auto out = dir.path() / name;
        fs::create_symlink(victim, out);
        auto run = run_sharitories({"cities", "--insee", "56121", "--out", out.string()});
        INFO(run.err);
        CHECK(run.exit_code == 0);
        CHECK(read_file(victim) == kept);
        CHECK(is_regular_file_itself(out));
        const std::string written = read_file(out);
        if (out.extension() == ".xlsx") {
            CHECK(written.starts_with("PK"));
        } else {
            CHECK(contains(written, "Lorient"));
        }
    }
    // a link that leads nowhere yet: the file is made at the path, not where the link pointed
    const auto dangling = dir.path() / "nouvelle.csv";
    fs::create_symlink(dir.path() / "ailleurs.csv", dangling);
    auto run = run_sharitories({"cities", "--insee", "56121", "--out", dangling.string()});
    CHECK(run.exit_code == 0);
    CHECK(is_regular_file_itself(dangling));
    CHECK_FALSE(fs::exists(dir.path() / "ailleurs.csv"));
    // a link to a device is a link: replaced, where the device itself is refused
    const auto to_device = dir.path() / "vers-null.csv";
    fs::create_symlink("/dev/null", to_device);
    run = run_sharitories({"cities", "--insee", "56121", "--out", to_device.string()});
    CHECK(run.exit_code == 0);
    CHECK(is_regular_file_itself(to_device));
    CHECK(fs::is_character_file("/dev/null"));
}

TEST_CASE("links: scan --out and --changes replace links at their paths, not the files they lead to") {
    // a SearXNG that finds nothing: the night answers every search and ends, writing both files
    TestServer searx(4);
    searx.http().Get("/search", [](const httplib::Request& request, httplib::Response& response) {
        response.set_content(nlohmann::json{{"query", request.get_param_value("q")},
                                            {"results", nlohmann::json::array()},
                                            {"unresponsive_engines", nlohmann::json::array()}}
                                 .dump(),
                             "application/json");
    });
    searx.start();
    TempDir dir;
    const auto victim = dir.write("victime.csv", kept);
    const auto out = dir.path() / "liste.csv";
    const auto changes = dir.path() / "changes.csv";
    fs::create_symlink(victim, out);
    fs::create_symlink(victim, changes);
    auto run = run_sharitories({"scan", "--insee", "56121", "--search-url", searx.url(""), "--search-delay-ms", "0",
                                "--allow-private-hosts", "--db", (dir.path() / "nuit.db").string(), "--out", out.string(), "--changes",
                                changes.string()});
    INFO(run.err);
    CHECK((run.exit_code == 0 || run.exit_code == 3));  // written in both cases
    CHECK(read_file(victim) == kept);
    REQUIRE(is_regular_file_itself(out));
    REQUIRE(is_regular_file_itself(changes));
    CHECK(read_file(out).starts_with("rank,insee,city,"));
    CHECK(contains(read_file(out), "56121,Lorient,"));
    CHECK(contains(read_file(changes), "from_scan"));
}

TEST_CASE("links: a link another user planted at --out in a shared sticky folder is refused before any work") {
    // /tmp-like: world-writable with the sticky bit, owned by root; the link is root's (the other
    // user here), the command runs as nobody, whose file the link leads to
    if (::geteuid() != 0) {
        test::skip("needs root: the planted link must belong to another user than the one who runs the command");
        return;
    }
    TempDir dir;
    ::chmod(dir.path().c_str(), 0755);
    const auto shared = dir.path() / "partage";
    const auto home = dir.path() / "nobody";
    fs::create_directory(shared);
    fs::create_directory(home);
    ::chmod(shared.c_str(), 01777);
    const auto victim = dir.write("nobody/precieux.csv", kept);
    REQUIRE(::chown(home.c_str(), 65534, 65534) == 0);
    REQUIRE(::chown(victim.c_str(), 65534, 65534) == 0);
    const auto out = shared / "liste.csv";
    fs::create_symlink(victim, out);
    auto run = run_sharitories_unprivileged({"cities", "--insee", "56121", "--out", out.string()});
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "--out " + out.string() + ": " + out.string() +
                                " is a symbolic link another user owns, in the shared folder " + shared.string()));
    CHECK(read_file(victim) == kept);
    CHECK(fs::is_symlink(out));
    // the user's own name in the same folder is written as usual
    const auto own = shared / "la-mienne.csv";
    auto mine = run_sharitories_unprivileged({"cities", "--insee", "56121", "--out", own.string()});
    INFO(mine.err);
    CHECK(mine.exit_code == 0);
    CHECK(contains(read_file(own), "Lorient"));
}

TEST_CASE("links: a scan through a link to the database, or another spelling of its path, meets the same lock") {
    TempDir dir;
    const fs::path real_dir = fs::canonical(dir.path());
    const auto db = real_dir / "nuit.db";
    test::write_finished_scan_of_lorient(db);
    fs::create_directory(real_dir / "sous");
    fs::create_symlink("nuit.db", real_dir / "lien.db");        // a relative link beside it
    fs::create_symlink(real_dir / "lien.db", real_dir / "lien-de-lien.db");
    fs::create_symlink(real_dir, real_dir / "dossier-lien");    // a link on a folder of the path
    const std::string pid = std::to_string(::getpid());
    {
        HeldLock scan(real_dir / "nuit.db.lock");
        for (const fs::path& spelling : {real_dir / "lien.db", real_dir / "lien-de-lien.db",
                                         real_dir / "sous" / ".." / "nuit.db", real_dir / "." / "nuit.db",
                                         real_dir / "dossier-lien" / "nuit.db"}) {
            CAPTURE(spelling);
            auto second = run_sharitories(scan_args({"--db", spelling.string()}));
            CHECK(second.exit_code == 4);
            CHECK(contains(second.err, "another scan (process " + pid + ") holds the lock on " + spelling.string() +
                                           " (" + db.string() + ".lock)"));
            CHECK_FALSE(contains(second.err, "scanning"));
            auto rank = run_sharitories({"rank", "--db", spelling.string()});
            CHECK(rank.exit_code == 0);
            CHECK(contains(rank.err, "a scan is running on " + spelling.string() + " (process " + pid));
        }
        for (const auto& entry : fs::directory_iterator(real_dir))  // no lock named after another spelling
            CHECK_FALSE((entry.path().filename() != "nuit.db.lock" && entry.path().extension() == ".lock"));
    }
    // a first night through a link to a database not made yet: SQLite will make the file the link
    // leads to, and the lock is that file's
    fs::create_symlink("neuve.db", real_dir / "lien-neuve.db");
    {
        HeldLock scan(real_dir / "neuve.db.lock");
        auto second = run_sharitories(scan_args({"--db", (real_dir / "lien-neuve.db").string()}));
        CHECK(second.exit_code == 4);
        CHECK_FALSE(fs::exists(real_dir / "lien-neuve.db.lock"));
    }
}

TEST_CASE("links: a link planted at the lock file is refused, not followed") {
    TempDir dir;
    const auto db = fs::canonical(dir.path()) / "nuit.db";
    const auto elsewhere = dir.path() / "ailleurs";
    fs::create_symlink(elsewhere, db.string() + ".lock");
    auto scan = run_sharitories(scan_args({"--db", db.string()}));
    INFO(scan.err);
    CHECK(scan.exit_code == 1);
    CHECK(contains(scan.err, "is a symbolic link: a scan does not follow one there"));
    CHECK_FALSE(contains(scan.err, "scanning"));
    CHECK_FALSE(fs::exists(elsewhere));
}
