// End to end, conditional fetches: the built `sharitories scan` against a local web (a SearXNG-like
// API and five French sites a town on 127.0.0.1, host names pinned with --resolve) whose pages carry
// an ETag, a Last-Modified or both, and which answers If-None-Match / If-Modified-Since with a 304.
// A second night over the unchanged web downloads no page body, and keeps the evidence and the
// shortlist as they were; a night within --max-age asks for no page at all.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fetch/test_server.h"
#include "scan/fake_web.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::FakeWeb;
using sharitories::test::RunResult;
using sharitories::test::TempDir;
using sharitories::test::TestServer;

namespace {

const std::vector<std::string> towns{"56121", "56260"};  // Lorient, Vannes: 48 searches, 10 sites

/// The local web. Its sites give each page validators as servers do — an ETag (a hash of the page)
/// and a Last-Modified for the first of every three, an ETag alone for the second, a Last-Modified
/// alone for the third — and honour them: If-None-Match first (RFC 9110 §13.2.2), else
/// If-Modified-Since (compared as the date the page sent). It counts its answers to page requests.
class ConditionalWeb {
public:
    ConditionalWeb() : sites_(8), searx_(4) {
        sites_.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
        sites_.http().Get(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
            const std::string url = "http://" + request.get_header_value("Host") + request.path;
            const FetchResult page = web_->page(url);
            if (page.status != 200) {
                response.status = page.status;
                return;
            }
            const std::size_t kind = kind_.count(url) ? kind_.at(url) : 0;
            const std::string etag = kind == 2 ? "" : "\"" + std::to_string(std::hash<std::string>{}(page.body)) + "\"";
            const std::string last_modified = kind == 1 ? "" : "Tue, 17 Nov 2026 09:30:00 GMT";
            if (!etag.empty()) response.set_header("ETag", etag);
            if (!last_modified.empty()) response.set_header("Last-Modified", last_modified);
            const bool unchanged = request.has_header("If-None-Match")
                                       ? !etag.empty() && request.get_header_value("If-None-Match") == etag
                                       : !last_modified.empty() &&
                                             request.get_header_value("If-Modified-Since") == last_modified;
            if (unchanged) {
                ++not_modified_;
                response.status = 304;
                return;
            }
            ++bodies_;
            response.status = 200;
            response.set_content(page.body, "text/html; charset=utf-8");
        });
        searx_.http().Get("/search", [this](const httplib::Request& request, httplib::Response& response) {
            const FetchResult answer =
                web_->search("searxng", request.get_param_value("q"), std::stoi(request.get_param_value("pageno")));
            response.status = answer.status;
            response.set_content(answer.body, answer.content_type);
        });
        sites_.start();
        searx_.start();
        std::vector<City> cities;
        for (const auto& insee : towns) cities.push_back(test::shipped_town(insee));
        const std::string port = std::to_string(sites_.port());
        web_ = std::make_unique<FakeWeb>(cities, [port](const std::string& site) { return "http://" + site + ".test:" + port + "/"; });
        for (const auto& town : cities) {
            for (const auto& url : web_->sites(town.insee)) {
                kind_[url] = hosts_.size() % 3;
                hosts_.push_back(url.substr(7, url.find(':', 7) - 7));
            }
        }
    }

    /// Counts afresh for the next night; the servers and their pages stay the same.
    void reset_counts() {
        bodies_ = 0;
        not_modified_ = 0;
        site_requests_before_ = sites_.hits().size();
    }
    int bodies() const { return bodies_; }              ///< 200s with a page body
    int not_modified() const { return not_modified_; }  ///< 304s
    /// Requests the sites had since reset_counts(), robots.txt included.
    int site_requests() const { return static_cast<int>(sites_.hits().size() - site_requests_before_); }
    int page_count() const { return static_cast<int>(hosts_.size()); }

    std::vector<std::string> scan_args(const std::string& db, const std::vector<std::string>& extra) const {
        std::vector<std::string> args{"scan", "--insee", "56121,56260", "--db", db, "--allow-private-hosts",
                                      "--per-host-delay-ms", "0", "--search-delay-ms", "0", "--workers", "2",
                                      "--budget", "0", "--format", "csv",
                                      "--search-url", "http://127.0.0.1:" + std::to_string(searx_.port())};
        args.insert(args.end(), extra.begin(), extra.end());
        for (const auto& host : hosts_) {
            args.push_back("--resolve");
            args.push_back(host + ":" + std::to_string(sites_.port()) + ":127.0.0.1");
        }
        return args;
    }

private:
    TestServer sites_, searx_;
    std::unique_ptr<FakeWeb> web_;
    std::vector<std::string> hosts_;
    std::map<std::string, std::size_t> kind_;  // URL → which validators its site sends
    std::atomic<int> bodies_{0}, not_modified_{0};
    std::size_t site_requests_before_ = 0;
};

/// Runs SQL on the database, as a later night's clock would see it (a test's shortcut through time).
void execute(const std::string& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    char* error = nullptr;
    const int code = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
    INFO((error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(handle);
    REQUIRE(code == SQLITE_OK);
}

/// A single value of a query on the database.
std::string query_value(const std::string& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    sqlite3_stmt* select = nullptr;
    REQUIRE(sqlite3_prepare_v2(handle, sql.c_str(), -1, &select, nullptr) == SQLITE_OK);
    std::string value;
    if (sqlite3_step(select) == SQLITE_ROW && sqlite3_column_text(select, 0))
        value = reinterpret_cast<const char*>(sqlite3_column_text(select, 0));
    sqlite3_finalize(select);
    sqlite3_close(handle);
    return value;
}

/// The shortlist without its last column (searched_at: the date of the night's answers).
std::string without_dates(const std::string& shortlist) {
    std::string kept;
    for (const auto& line : test::lines_of(shortlist)) kept += line.substr(0, line.rfind(',')) + "\n";
    return kept;
}

std::string summary_pages(const RunResult& run) {
    const auto at = run.err.find("; pages ");
    REQUIRE(at != std::string::npos);
    return run.err.substr(at + 2, run.err.find(';', at + 2) - at - 2);
}

}  // namespace

TEST_CASE("conditional fetches: a second night over an unchanged web downloads no page body, and a night within --max-age fetches nothing") {
    ConditionalWeb web;
    TempDir dir;
    const std::string db = (dir.path() / "scan.db").string();
    const int pages = web.page_count();
    REQUIRE(pages == 10);

    // night 1: every page downloaded (each once, though each town's 24 searches find its five)
    web.reset_counts();
    const RunResult first = test::run_sharitories(web.scan_args(db, {}));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(web.bodies() == pages);
    CHECK(web.not_modified() == 0);
    CHECK(summary_pages(first) == "pages 0 fresh / 0 revalidated (304) / 10 downloaded / 0 failed / 0 skipped");
    const std::string shortlist = without_dates(first.out);
    CHECK(shortlist.find("56121,Lorient") != std::string::npos);
    const RunResult evidence = test::run_sharitories({"evidence", "--db", db, "--format", "csv"});
    REQUIRE(evidence.exit_code == 0);
    CHECK(test::lines_of(evidence.out).size() > 6);
    // as if night 1 had been long ago for the initiatives: night 2's 304s must mark them seen again
    execute(db, "UPDATE initiatives SET first_seen = '2026-01-05T22:00:00Z', last_seen = '2026-01-05T22:00:00Z'");

    // night 2: every search asked again, every page stale (--max-age 0): revalidated, not one body
    web.reset_counts();
    const RunResult second = test::run_sharitories(web.scan_args(db, {"--refresh-days", "0", "--max-age", "0"}));
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    CHECK(web.bodies() == 0);
    CHECK(web.not_modified() == pages);  // each page asked once, with its validators
    CHECK(web.site_requests() == pages + pages);  // and robots.txt, read again each night
    CHECK(second.err.find("queries 48 answered") != std::string::npos);
    CHECK(summary_pages(second) == "pages 0 fresh / 10 revalidated (304) / 0 downloaded / 0 failed / 0 skipped");
    CHECK(without_dates(second.out) == shortlist);
    const RunResult evidence_after = test::run_sharitories({"evidence", "--db", db, "--format", "csv"});
    CHECK(evidence_after.out == evidence.out);  // the rows as they were, their dates included
    CHECK(query_value(db, "SELECT COUNT(*) FROM initiatives WHERE last_seen = '2026-01-05T22:00:00Z'") == "0");
    CHECK(query_value(db, "SELECT COUNT(*) FROM initiatives WHERE first_seen = '2026-01-05T22:00:00Z'") ==
          query_value(db, "SELECT COUNT(*) FROM initiatives"));
    CHECK(query_value(db, "SELECT COUNT(*) FROM pages WHERE status = 304 AND run_id = (SELECT MAX(id) FROM runs)") ==
          "10");
    CHECK(query_value(db, "SELECT pages_fetched FROM runs ORDER BY id DESC LIMIT 1") == "10");

    // night 3, with the default --max-age (7 days) and pages fetched eight days before: the clock
    // moved on, and the If-Modified-Since of the pages without an ETag is answered too
    execute(db, "UPDATE pages SET fetched_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-8 days')");
    web.reset_counts();
    const RunResult third = test::run_sharitories(web.scan_args(db, {}));
    INFO(third.err);
    REQUIRE(third.exit_code == 0);
    CHECK(third.err.find("nothing was due") != std::string::npos);  // the searches are not due
    CHECK(web.bodies() == 0);
    CHECK(web.not_modified() == pages);
    CHECK(summary_pages(third) == "pages 0 fresh / 10 revalidated (304) / 0 downloaded / 0 failed / 0 skipped");
    CHECK(without_dates(third.out) == shortlist);

    // night 4, within --max-age: the searches asked again find the pages fresh — not one request to a site
    web.reset_counts();
    const RunResult fourth = test::run_sharitories(web.scan_args(db, {"--refresh-days", "0"}));
    INFO(fourth.err);
    REQUIRE(fourth.exit_code == 0);
    CHECK(web.site_requests() == 0);
    CHECK(summary_pages(fourth) == "pages 10 fresh / 0 revalidated (304) / 0 downloaded / 0 failed / 0 skipped");
    CHECK(without_dates(fourth.out) == shortlist);
    CHECK(test::run_sharitories({"evidence", "--db", db, "--format", "csv"}).out == evidence.out);
}

TEST_CASE("conditional fetches: --max-age takes 7d, 36h, 90m or days, and anything else is a usage error naming it") {
    TempDir dir;
    const std::string db = (dir.path() / "scan.db").string();
    for (const char* bad : {"7j", "-1", "1e400", "3651", "99999999999999999999999", "1.5", ""}) {
        INFO(bad);
        const RunResult run = test::run_sharitories({"scan", "--insee", "56121", "--db", db, "--max-age", bad});
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("--max-age") != std::string::npos);
        CHECK(run.err.find("an age from 0 to 3650 days is needed") != std::string::npos);
        CHECK(run.err.size() < 300);  // a sentence, not a bound of 309 digits
    }
    CHECK_FALSE(std::filesystem::exists(db));  // nothing opened, nothing sent
    const RunResult help = test::run_sharitories({"scan", "--help"});
    CHECK(help.out.find("--max-age") != std::string::npos);
    CHECK(help.out.find("revalidated") != std::string::npos);
}
