// Links (issue 10, finding 3), end to end: a file the command writes replaces the path it is given,
// never the file a link there leads to.
#include <doctest/doctest.h>

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
