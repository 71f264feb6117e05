// End to end: `sharitories changes` and `scan --changes` as built, over three nights on one
// database, against a fake SearXNG and local sites on 127.0.0.1 (host names pinned with --resolve)
// whose pages change between nights: a page gains a pillar, a page loses its evidence and gets it
// back, a town joins the selection. Then --since a scan and a date, and the errors.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "fetch/test_server.h"
#include "model/timestamp.h"
#include "store/store.h"
#include "test_support.h"

using sharitories::Store;
using sharitories::test::contains;
using sharitories::test::lines_of;
using sharitories::test::read_file;
using sharitories::test::run_sharitories;
using sharitories::test::SharitoriesProcess;
using sharitories::test::TempDir;
using sharitories::test::TestServer;

namespace {

std::string page(const std::string& title, const std::string& body, const std::string& footer) {
    return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title +
           "</title></head><body><nav><a href=\"/\">Accueil</a></nav><main><h1>" + title + "</h1><p>" + body +
           "</p></main><footer>" + footer + "</footer></body></html>";
}

const std::string fabrique_night_1 = page("La Fabrique, tiers-lieu à Lorient",
                                          "Tiers-lieu associatif : fablab, coworking et ateliers partagés.",
                                          "12 quai des Indes, 56100 Lorient");
// the next night its page adds a crowdfunding campaign: a second pillar for the same site
const std::string fabrique_night_2 = page("La Fabrique, tiers-lieu à Lorient",
                                          "Tiers-lieu associatif : fablab, coworking et ateliers partagés. Soutenez "
                                          "notre campagne de financement participatif pour agrandir l'atelier à Lorient.",
                                          "12 quai des Indes, 56100 Lorient");
const std::string amap = page("AMAP du Scorff", "L'AMAP livre des paniers en circuit court chaque jeudi à Lorient.",
                              "AMAP du Scorff, 56100 Lorient");
// the AMAP's site under maintenance for a night: no evidence
const std::string amap_away = page("Site en maintenance", "Revenez bientôt.", "56100 Lorient");

/// The local web: host → (town whose searches find it, page); changed between nights.
class ChangingWeb {
public:
    ChangingWeb() : sites_(16), searx_(4) {
        sites_.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
        sites_.http().Get(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
            const std::string host = request.get_header_value("Host");
            std::lock_guard lock(mutex_);
            const auto site = pages_.find(host.substr(0, host.find(':')));
            if (site == pages_.end() || request.path != "/") {
                response.status = 404;
                return;
            }
            response.set_content(site->second.second, "text/html; charset=utf-8");
        });
        searx_.http().Get("/search", [this](const httplib::Request& request, httplib::Response& response) {
            const std::string query = request.get_param_value("q");
            nlohmann::json results = nlohmann::json::array();
            std::lock_guard lock(mutex_);
            if (on_search) on_search();
            if (request.get_param_value("pageno") == "1") {
                for (const auto& [host, site] : pages_)
                    if (query.find("\"" + site.first + "\"") != std::string::npos)
                        results.push_back({{"url", url(host)}, {"title", host}, {"content", "…"}});
            }
            response.set_content(nlohmann::json{{"query", query}, {"results", results},
                                                {"unresponsive_engines", nlohmann::json::array()}}
                                     .dump(),
                                 "application/json");
        });
        set("amap-scorff.test", "Lorient", amap);
        set("lafabrique-lorient.test", "Lorient", fabrique_night_1);
        set("jeparticipe-saint-brieuc.test", "Saint-Brieuc",
            page("Budget participatif de Saint-Brieuc",
                 "Le budget participatif et le conseil citoyen : votez pour les projets de Saint-Brieuc.",
                 "Mairie de Saint-Brieuc, 22000 Saint-Brieuc"));
        set("tierslieu-gap.test", "Gap",
            page("La Passerelle, tiers-lieu à Gap", "Tiers-lieu : fablab, coworking et ateliers partagés à Gap.",
                 "3 rue Carnot, 05000 Gap, Hautes-Alpes"));
        sites_.start();
        searx_.start();
    }

    void set(const std::string& host, const std::string& town, const std::string& html) {
        std::lock_guard lock(mutex_);
        pages_[host] = {town, html};
    }
    std::string url(const std::string& host) const { return "http://" + host + ":" + std::to_string(sites_.port()) + "/"; }

    /// A night's scan of `insee` on `db`: every search due again, every page read again.
    std::vector<std::string> scan_args(const std::string& db, const std::string& insee,
                                       std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"scan", "--insee", insee, "--search-url", searx_.url(""), "--db", db,
                                      "--allow-private-hosts", "--per-host-delay-ms", "0", "--workers", "2",
                                      "--refresh-days", "0", "--max-age", "0", "--format", "csv"};
        args.insert(args.end(), extra.begin(), extra.end());
        for (const char* host : {"amap-scorff.test", "lafabrique-lorient.test", "jeparticipe-saint-brieuc.test",
                                 "tierslieu-gap.test"}) {
            args.push_back("--resolve");
            args.push_back(std::string(host) + ":" + std::to_string(sites_.port()) + ":127.0.0.1");
        }
        return args;
    }

    std::function<void()> on_search;  ///< called under the lock at each search

private:
    TestServer sites_, searx_;
    std::mutex mutex_;
    std::map<std::string, std::pair<std::string, std::string>> pages_;
};

/// "change city pillar initiative before after" for each data row of a CSV changes table.
std::vector<std::string> described(const std::string& csv, const ChangingWeb& web) {
    std::vector<std::string> rows;
    const auto lines = lines_of(csv);
    if (lines.empty()) return rows;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::vector<std::string> cells;
        std::string cell;
        for (char c : lines[i] + ",") {
            if (c == ',') {
                cells.push_back(cell);
                cell.clear();
            } else {
                cell += c;
            }
        }
        REQUIRE(cells.size() == 12);
        // the URL is the initiative's page: checked here once, then left out
        if (!cells[5].empty()) CHECK(cells[5] == web.url(cells[4]));
        rows.push_back(cells[0] + " " + cells[2] + " " + cells[3] + " " + cells[4] + " " + cells[8] + " " + cells[9]);
    }
    return rows;
}

const std::string header = "change,insee,city,pillar,initiative,url,first_seen,last_seen,before,after,from_scan,to_scan";

/// Sleeps into the next second: two nights never start in the same second (--since compares times).
void next_second() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

}  // namespace

TEST_CASE("changes end to end: three nights on a changing web — appeared, disappeared, back, covered, rank, count") {
    ChangingWeb web;
    TempDir dir;
    const std::string db = (dir.path() / "scan.db").string();

    // night 1: Lorient and Saint-Brieuc; compared against nothing, everything has appeared
    const auto night_1_changes = dir.path() / "changes-1.csv";
    auto night_1 = run_sharitories(web.scan_args(db, "56121,22278", {"--changes", night_1_changes.string()}));
    INFO(night_1.err);
    REQUIRE(night_1.exit_code == 0);
    CHECK(contains(night_1.err, "scan #1 ("));
    CHECK(contains(night_1.err, "is the first scan with a snapshot: compared against nothing"));
    CHECK(contains(night_1.err, "written to " + night_1_changes.string()));
    const std::string first = read_file(night_1_changes);
    CHECK(lines_of(first).at(0) == header);
    CHECK(described(first, web) == std::vector<std::string>{
                                       "appeared Lorient consommation amap-scorff.test  ",
                                       "appeared Lorient production lafabrique-lorient.test  ",
                                       "appeared Saint-Brieuc gouvernance jeparticipe-saint-brieuc.test  ",
                                       "covered Lorient    1.00",
                                       "covered Saint-Brieuc    1.00",
                                   });
    auto same = run_sharitories({"changes", "--db", db});
    CHECK(same.exit_code == 0);
    CHECK(same.out == first);  // the command prints what the scan wrote

    // night 2: the fablab's page adds crowdfunding, the AMAP's site is under maintenance, Gap joins
    next_second();
    web.set("lafabrique-lorient.test", "Lorient", fabrique_night_2);
    web.set("amap-scorff.test", "Lorient", amap_away);
    const auto night_2_changes = dir.path() / "changes.json";
    auto night_2 = run_sharitories(web.scan_args(db, "56121,22278,05061", {"--changes", night_2_changes.string()}));
    INFO(night_2.err);
    REQUIRE(night_2.exit_code == 0);
    CHECK(contains(night_2.err, "changes from scan #1 ("));
    CHECK(contains(night_2.err, "UTC) to scan #2 ("));
    CHECK(contains(night_2.err, "2 appeared, 1 disappeared, 1 covered, 1 rank, 2 count"));
    auto changes = run_sharitories({"changes", "--db", db, "--format", "csv"});
    INFO(changes.err);
    REQUIRE(changes.exit_code == 0);
    // every row names the two nights compared, for whoever opens the file the morning after
    for (const auto& line : lines_of(changes.out)) {
        if (line == header) continue;
        CHECK(contains(line, ",scan #1 ("));
        CHECK(contains(line, " UTC),scan #2 ("));
    }
    CHECK(described(changes.out, web) == std::vector<std::string>{
                                             "appeared Gap production tierslieu-gap.test  ",
                                             "appeared Lorient financement lafabrique-lorient.test  ",
                                             "disappeared Lorient consommation amap-scorff.test  ",
                                             "covered Gap    1.00",
                                             // Gap (41,293 inhabitants) before Saint-Brieuc (44,364): one initiative
                                             // each, more per inhabitant; Gap, new, has no earlier rank to move from
                                             "rank Saint-Brieuc   2 3",
                                             "count Lorient consommation  1 0",
                                             "count Lorient financement  0 1",
                                         });
    // scan --changes FILE.json: the same rows, typed
    const auto json = nlohmann::json::parse(read_file(night_2_changes));
    REQUIRE(json.size() == 7);
    CHECK(json[0]["change"] == "appeared");
    CHECK(json[0]["city"] == "Gap");
    CHECK(json[0]["first_seen"].get<std::string>().starts_with(sharitories::utc_now().substr(0, 4)));
    CHECK(json[2]["change"] == "disappeared");
    CHECK(json[2]["before"].is_null());
    CHECK(json[4]["change"] == "rank");
    CHECK(json[4]["before"] == 2);
    CHECK(json[4]["after"] == 3);
    CHECK(json[6]["after"] == 1);

    // night 3: the AMAP is back — seen before night 2 started, so back, not appeared
    next_second();
    web.set("amap-scorff.test", "Lorient", amap);
    auto night_3 = run_sharitories(web.scan_args(db, "56121,22278,05061"));
    INFO(night_3.err);
    REQUIRE(night_3.exit_code == 0);
    CHECK_FALSE(contains(night_3.err, "changes from"));  // no --changes: nothing said
    changes = run_sharitories({"changes", "--db", db});
    REQUIRE(changes.exit_code == 0);
    CHECK(contains(changes.err, "changes from scan #2 ("));
    CHECK(contains(changes.err, "to scan #3 ("));
    CHECK(described(changes.out, web) == std::vector<std::string>{
                                             "back Lorient consommation amap-scorff.test  ",
                                             "count Lorient consommation  0 1",
                                         });
    CHECK(lines_of(changes.out).at(1).starts_with("back,56121,Lorient,consommation,amap-scorff.test,"));

    // --since a scan: night 1 to night 3, the AMAP present both times is no change
    auto since_1 = run_sharitories({"changes", "--db", db, "--since", "1", "--format", "csv"});
    INFO(since_1.err);
    REQUIRE(since_1.exit_code == 0);
    CHECK(contains(since_1.err, "changes from scan #1 ("));
    CHECK(described(since_1.out, web) == std::vector<std::string>{
                                             "appeared Gap production tierslieu-gap.test  ",
                                             "appeared Lorient financement lafabrique-lorient.test  ",
                                             "covered Gap    1.00",
                                             "rank Saint-Brieuc   2 3",
                                             "count Lorient financement  0 1",
                                         });

    // --since a time: night 3's start picks night 2 (the last finished scan that started before it)
    std::string night_3_start;
    {
        Store store(db);
        REQUIRE(store.runs().size() == 3);
        night_3_start = store.runs()[2].started_at;
        CHECK(store.snapshot_runs() == std::vector<std::int64_t>{1, 2, 3});
    }
    auto since_time = run_sharitories({"changes", "--db", db, "--since", night_3_start});
    CHECK(since_time.exit_code == 0);
    CHECK(since_time.out == changes.out);
    // a date before any scan: an error naming --since
    auto too_early = run_sharitories({"changes", "--db", db, "--since", "2020-01-01"});
    CHECK(too_early.exit_code == 2);
    CHECK(contains(too_early.err, "sharitories: error: --since 2020-01-01: no finished scan started before 2020-01-01 "
                                  "00:00 UTC"));
    CHECK(too_early.out.empty());
    // the latest scan itself: no changes
    auto itself = run_sharitories({"changes", "--db", db, "--since", "3"});
    CHECK(itself.exit_code == 0);
    CHECK(contains(itself.err, "is the latest finished scan: compared with itself, no changes"));
    CHECK(itself.out == header + "\n");

    // every output format
    auto md = run_sharitories({"changes", "--db", db, "--format", "md"});
    CHECK(md.exit_code == 0);
    CHECK(contains(md.out, "| change | insee | city | pillar | initiative | url | first_seen | last_seen | before | after |"));
    CHECK(contains(md.out, "| back | 56121 | Lorient | consommation | amap-scorff.test |"));
    auto jsonl = run_sharitories({"changes", "--db", db, "--format", "jsonl"});
    CHECK(jsonl.exit_code == 0);
    REQUIRE(lines_of(jsonl.out).size() == 2);
    CHECK(nlohmann::json::parse(lines_of(jsonl.out)[1])["after"] == 1);
    auto tsv = run_sharitories({"changes", "--db", db, "--format", "tsv", "--out", (dir.path() / "c.tsv").string()});
    CHECK(tsv.exit_code == 0);
    CHECK(read_file(dir.path() / "c.tsv").starts_with("change\tinsee\tcity\t"));
}

TEST_CASE("changes: errors — a missing database, no finished scan, an interrupted scan, an old database, --changes") {
    TempDir dir;
    // a database that does not exist is not created
    const auto absent = dir.path() / "absent.db";
    auto missing = run_sharitories({"changes", "--db", absent.string()});
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.err, "does not exist"));
    CHECK_FALSE(std::filesystem::exists(absent));

    // --changes in a folder that does not exist: refused before the lock, the database or a search
    const auto night_db = dir.path() / "night.db";
    auto nowhere = run_sharitories({"scan", "--insee", "56121", "--search-url", "http://127.0.0.1:9", "--db",
                                    night_db.string(), "--changes", (dir.path() / "absent" / "changes.csv").string()});
    CHECK(nowhere.exit_code == 2);
    CHECK(contains(nowhere.err, "sharitories: error: --changes "));
    CHECK(contains(nowhere.err, "does not exist"));
    CHECK_FALSE(std::filesystem::exists(night_db));

    // a database of schema 2 (before snapshots): its scans cannot be compared with
    const auto old = dir.path() / "v2.db";
    {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(old.c_str(), &handle) == SQLITE_OK);
        const auto sql = read_file(sharitories::test::source_dir() / "tests/fixtures/store/sharitories-0.2.sql");
        CHECK(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(handle);
    }
    auto unsnapshotted = run_sharitories({"changes", "--db", old.string()});
    CHECK(unsnapshotted.exit_code == 2);
    CHECK(contains(unsnapshotted.err, "no scan has kept a snapshot of its shortlist yet"));

    // one finished scan, then one interrupted by SIGTERM at its first search
    ChangingWeb web;
    const std::string db = (dir.path() / "scan.db").string();
    auto first = run_sharitories(web.scan_args(db, "22278"));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    std::atomic<SharitoriesProcess*> target{nullptr};
    std::atomic<bool> signalled{false};
    web.on_search = [&] {
        if (signalled.exchange(true)) return;
        while (!target) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        target.load()->signal(SIGTERM);
    };
    next_second();  // --refresh-days 0: what was answered in an earlier second is due again
    const auto interrupted_changes = dir.path() / "interrupted.csv";
    SharitoriesProcess scan(web.scan_args(db, "22278", {"--changes", interrupted_changes.string()}));
    target = &scan;
    const auto stopped = scan.wait();
    INFO(stopped.err);
    CHECK(stopped.exit_code == 143);
    CHECK_FALSE(std::filesystem::exists(interrupted_changes));  // an interrupted night writes no changes
    {
        Store store(db);
        REQUIRE(store.runs().size() == 2);
        CHECK(store.runs()[1].status == "interrupted");
        CHECK(store.snapshot_runs() == std::vector<std::int64_t>{1});  // none for the interrupted night
    }
    auto only_one = run_sharitories({"changes", "--db", db});
    CHECK(only_one.exit_code == 0);
    CHECK(contains(only_one.err, "scan #1 ("));
    CHECK(contains(only_one.err, "is the first scan with a snapshot: compared against nothing"));
    CHECK(contains(only_one.out, "appeared,22278,Saint-Brieuc,gouvernance,jeparticipe-saint-brieuc.test,"));
    auto unfinished = run_sharitories({"changes", "--db", db, "--since", "2"});
    CHECK(unfinished.exit_code == 2);
    CHECK(contains(unfinished.err, "--since 2: scan #2 ("));
    CHECK(contains(unfinished.err, "did not finish (interrupted)"));
    auto unknown = run_sharitories({"changes", "--db", db, "--since", "7"});
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "--since 7: there is no scan #7 (the scans are #1 to #2)"));
    auto nonsense = run_sharitories({"changes", "--db", db, "--since", "hier"});
    CHECK(nonsense.exit_code == 2);
    CHECK(contains(nonsense.err, "--since hier: a scan number (as in 4) or a date or time in UTC"));
}

TEST_CASE("changes --help explains each kind of change and the columns, scan --help gives --changes") {
    auto help = run_sharitories({"changes", "--help"});
    CHECK(help.exit_code == 0);
    for (const char* words : {"appeared", "back ", "disappeared", "covered", "rank ", "count ", "--since RUN|DATE",
                              "first_seen", "before and after", "found again after a gap"})
        CHECK(contains(help.out, words));
    auto scan = run_sharitories({"scan", "--help"});
    CHECK(contains(scan.out, "--changes FILE"));
}
