// What a scan says on stderr, for people and for cron (issue 9): plain lines with periodic progress
// when stderr is a file or a pipe, a live line redrawn in place on a terminal, JSON lines with
// --log-format json, errors only with --quiet. One night of Lorient against a local SearXNG-like
// server and one local site (127.0.0.1, stopped with the test).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <sys/wait.h>

#include "fetch/test_server.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::contains;
using sharitories::test::lines_of;
using sharitories::test::run_sharitories;
using sharitories::test::TempDir;
using sharitories::test::TestServer;

namespace {

constexpr const char* amap_page =
    "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>AMAP du Scorff – paniers bio à "
    "Lorient</title></head><body><nav><a href=\"/\">Accueil</a> <a href=\"/contrats\">Contrats</a></nav><main>"
    "<h1>L’AMAP du Scorff à Lorient</h1><p>Chaque jeudi, les adhérents de notre AMAP retirent leurs paniers de "
    "légumes bio au centre social de Kervénanec : un circuit court avec deux maraîchers du pays de Lorient.</p>"
    "</main><footer>AMAP du Scorff – 12 rue de Kervénanec, 56100 Lorient – Mentions légales</footer></body></html>";

/// A SearXNG-like search that answers every query about Lorient with the AMAP's page.
class OneSiteWeb {
public:
    OneSiteWeb() {
        site_.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
        site_.http().Get("/", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(amap_page, "text/html; charset=utf-8");
        });
        searx_.http().Get("/search", [this](const httplib::Request& request, httplib::Response& response) {
            nlohmann::json results = nlohmann::json::array();
            if (request.get_param_value("pageno") == "1")
                results.push_back({{"url", site_.url("/")}, {"title", "AMAP du Scorff"}, {"content", "Paniers bio"}});
            response.set_content(nlohmann::json{{"query", request.get_param_value("q")}, {"results", results},
                                                {"unresponsive_engines", nlohmann::json::array()}}
                                     .dump(),
                                 "application/json");
        });
        site_.start();
        searx_.start();
    }

    std::vector<std::string> scan_args(const std::string& db, std::vector<std::string> more = {}) const {
        std::vector<std::string> args{"scan", "--insee", "56121", "--search-url", searx_.url(""), "--db", db,
                                      "--allow-private-hosts", "--per-host-delay-ms", "0", "--refresh-days", "0",
                                      "--max-age", "0"};
        args.insert(args.end(), more.begin(), more.end());
        return args;
    }

private:
    TestServer site_{4};
    TestServer searx_{4};
};

/// Runs `command` under a pseudo-terminal (util-linux's script), as a person at a terminal runs it.
std::string run_on_terminal(const std::string& command) {
    const std::string line = "script -qefc '" + command + "' /dev/null 2>&1";
    FILE* pipe = ::popen(line.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    ::pclose(pipe);
    return output;
}

}  // namespace

TEST_CASE("console: to a file, plain lines — the progress with towns, searches left, pages, errors, ETA") {
    OneSiteWeb web;
    TempDir dir;
    auto night = run_sharitories(web.scan_args((dir.path() / "nuit.db").string()));
    INFO(night.err);
    REQUIRE(night.exit_code == 0);
    CHECK(contains(night.out, ",56121,Lorient,"));
    CHECK_FALSE(contains(night.err, "\r"));  // nothing redrawn in a log file
    bool progress = false;
    for (const auto& line : lines_of(night.err)) {
        CHECK(line.starts_with("sharitories: "));
        if (contains(line, "towns 1/1 · searches ")) {
            progress = true;
            CHECK(contains(line, "left of 300) · pages 1 · errors 0 · "));
        }
    }
    CHECK(progress);
    CHECK(contains(night.err, "sharitories: towns 0/1 · searches "));  // the first, with its ETA
    CHECK(contains(night.err, " · ETA "));
    CHECK(contains(night.err, "sharitories: summary: 1 town; "));
}

TEST_CASE("console: --log-format json writes one object per line, the summary's figures as numbers") {
    OneSiteWeb web;
    TempDir dir;
    auto night = run_sharitories(web.scan_args((dir.path() / "nuit.db").string(), {"--log-format", "json"}));
    REQUIRE(night.exit_code == 0);
    int summaries = 0, progress = 0;
    for (const auto& line : lines_of(night.err)) {
        INFO(line);
        const auto object = nlohmann::json::parse(line);  // throws, failing the test, on a plain line
        CHECK(object.at("time").get<std::string>().ends_with("Z"));
        CHECK(object.at("level").is_string());
        CHECK(object.at("message").is_string());
        if (object.value("event", "") == "summary") {
            ++summaries;
            CHECK(object["summary"]["towns"] == 1);
            CHECK(object["summary"]["answered"] == 24);
            CHECK(object["summary"]["pages_downloaded"] == 1);
            CHECK(object["summary"]["budget"] == 300);
        }
        if (object.value("event", "") == "progress") {
            ++progress;
            CHECK(object["progress"]["towns"] == 1);
            CHECK(object["progress"]["budget"] == 300);
        }
    }
    CHECK(summaries == 1);
    CHECK(progress >= 1);

    // the option also before the command, and for a refusal before any work
    auto refused = run_sharitories({"--log-format", "json", "scan", "--insee", "56999"});
    CHECK(refused.exit_code == 2);
    const auto last = nlohmann::json::parse(lines_of(refused.err).back());
    CHECK(last["level"] == "error");
    CHECK(last["message"] == "--insee 56999: no town of cities.csv has this code");
}

TEST_CASE("console: --quiet says nothing when all is well, and the error alone when not") {
    OneSiteWeb web;
    TempDir dir;
    auto night = run_sharitories(web.scan_args((dir.path() / "nuit.db").string(), {"--quiet"}));
    CHECK(night.exit_code == 0);
    CHECK(night.err.empty());
    CHECK(contains(night.out, ",56121,Lorient,"));  // the shortlist still written

    auto refused = run_sharitories({"scan", "-q", "--insee", "56999"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err == "sharitories: error: --insee 56999: no town of cities.csv has this code\n");  // not the note
}

TEST_CASE("console: on a terminal the progress line is redrawn in place, and messages print above it") {
    if (std::system("command -v script > /dev/null 2>&1") != 0) {
        test::skip("util-linux's script is not installed: no pseudo-terminal to run under");
        return;
    }
    OneSiteWeb web;
    TempDir dir;
    std::string command = SHARITORIES_BINARY;
    for (const auto& arg : web.scan_args((dir.path() / "nuit.db").string(), {"--out", (dir.path() / "liste.csv").string()}))
        command += " " + arg;
    const std::string screen = run_on_terminal(command);
    INFO(screen);
    CHECK(contains(screen, "\r\x1b[Ksharitories: towns "));            // the live line, erased and redrawn
    CHECK(contains(screen, "\r\x1b[Ksharitories: towns 1/1 · searches "));
    CHECK(contains(screen, "sharitories: summary: 1 town; "));         // on a line of its own after it
    CHECK(contains(test::read_file(dir.path() / "liste.csv"), ",56121,Lorient,"));
}
