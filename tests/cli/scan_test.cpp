// End-to-end: `sharitories scan`, `rank` and `evidence` as built, against a fake SearXNG and a dozen
// local sites, all on 127.0.0.1 (host names pinned with --resolve), started and stopped here.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "fetch/test_server.h"
#include "model/timestamp.h"
#include "output/xlsx_reader.h"
#include "test_support.h"

using sharitories::test::run_sharitories;
using sharitories::test::TempDir;
using sharitories::test::TestServer;

namespace {

std::string page(const std::string& title, const std::string& body, const std::string& footer) {
    return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title +
           "</title><script>var k = 'budget participatif monnaie locale AMAP';</script></head><body>"
           "<nav><a href=\"/\">Accueil</a> <a href=\"/contact\">Contact</a></nav><main><h1>" + title + "</h1><p>" + body +
           "</p></main><footer>" + footer + "</footer></body></html>";
}

/// The local sites: host → (page HTML, town it is found for).
std::map<std::string, std::pair<std::string, std::string>> sites() {
    return {
        {"lafabrique-lorient.test", {page("La Fabrique, tiers-lieu à Lorient",
                                          "Tiers-lieu associatif : fablab, coworking et ateliers partagés.",
                                          "12 quai des Indes, 56100 Lorient"), "Lorient"}},
        {"amap-scorff.test", {page("AMAP du Scorff", "L'AMAP livre des paniers en circuit court chaque jeudi à Lorient.",
                                   "AMAP du Scorff, 56100 Lorient"), "Lorient"}},
        {"lorient-participe.test", {page("Budget participatif de Lorient",
                                         "Le budget participatif et le conseil citoyen : votez pour les projets de Lorient.",
                                         "Mairie de Lorient, Morbihan"), "Lorient"}},
        {"galais-lorient.test", {page("Le Galais, monnaie locale du pays de Lorient",
                                      "Une monnaie locale et citoyenne, financement participatif de projets à Lorient.",
                                      "56100 Lorient"), "Lorient"}},
        {"fablab-epinal.test", {page("Fablab d'Épinal", "Le fablab d'Épinal ouvre un makerspace.", "88000 Épinal, Vosges"),
                                "Épinal"}},
        {"coworking-epinal.test", {page("Coworking à Épinal", "Espace de coworking et tiers-lieu au centre d'Épinal.",
                                        "88000 Épinal"), "Épinal"}},
        {"tourisme-narbonne.test", {page("Visiter Narbonne", "La cathédrale, le canal de la Robine et les halles.",
                                         "Office de tourisme, 11100 Narbonne"), "Narbonne"}},
        {"prive-narbonne.test", {page("AMAP de Narbonne", "Paniers en circuit court, AMAP du jeudi.", "11100 Narbonne"),
                                 "Narbonne"}},  // its robots.txt disallows everything
        // a platform (keywords/platforms.tsv): the project is the initiative, ulule.com is not
        {"fr.ulule.com", {page("Les Jardins du Scorff - Ulule", "Financement participatif : soutenez notre projet à Lorient.",
                               "56100 Lorient"), "Lorient"}},
        // a directory naming dozens of towns: evidence for none of them
        {"annuaire-villes.test", {"", "Épinal"}},
        // an old address redirecting to a site already found: one initiative still
        {"ancien-coworking-epinal.test", {"", "Épinal"}},
        // a PDF: skipped, not a page
        {"plaquette-narbonne.test", {"", "Narbonne"}},
    };
}

/// The directory page: a fablab list naming 40 towns of the shipped list, Épinal among them.
std::string directory_page() {
    std::string text = "Annuaire des fablabs de France : ";
    for (const char* town : {"Épinal", "Lorient", "Narbonne", "Vannes", "Quimper", "Lannion", "Saint-Brieuc", "Saint-Malo",
                             "Laval", "Cholet", "Saumur", "Niort", "Angoulême", "Périgueux", "Bergerac", "Agen", "Montauban",
                             "Albi", "Castres", "Rodez", "Tarbes", "Bayonne", "Dax", "Mont-de-Marsan", "Auch", "Béziers",
                             "Sète", "Alès", "Carcassonne", "Arles", "Salon-de-Provence", "Istres", "Fréjus", "Grasse",
                             "Cannes", "Menton", "Gap", "Valence", "Vienne", "Roanne"})
        text += std::string("Fablab de ") + town + ", ";
    return page("Annuaire des fablabs", text, "annuaire-villes.test");
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("scan end to end: fake SearXNG, local sites, shortlist, evidence and rank") {
    TestServer web(16);
    const auto all_sites = sites();
    web.http().Get("/robots.txt", [](const httplib::Request& request, httplib::Response& response) {
        if (request.get_header_value("Host").starts_with("prive-narbonne.test"))
            response.set_content("User-agent: *\nDisallow: /\n", "text/plain");
        else
            response.status = 404;
    });
    std::string port;
    web.http().Get(R"(/.*)", [&](const httplib::Request& request, httplib::Response& response) {
        const std::string host = request.get_header_value("Host");
        const std::string name = host.substr(0, host.find(':'));
        if (name == "annuaire-villes.test") return response.set_content(directory_page(), "text/html; charset=utf-8");
        if (name == "ancien-coworking-epinal.test") return response.set_redirect("http://coworking-epinal.test:" + port + "/", 301);
        if (name == "plaquette-narbonne.test") return response.set_content(std::string(4000, '%'), "application/pdf");
        const auto site = all_sites.find(name);
        if (site == all_sites.end() || (name == "fr.ulule.com" && request.path != "/la-fabrique-lorient/")) {
            response.status = 404;
            return;
        }
        response.set_content(site->second.first, "text/html; charset=utf-8");
    });
    web.start();
    port = std::to_string(web.port());

    TestServer searx;
    int searches = 0;
    searx.http().Get("/search", [&](const httplib::Request& request, httplib::Response& response) {
        ++searches;
        const std::string query = request.get_param_value("q");
        CHECK(request.get_param_value("format") == "json");
        nlohmann::json results = nlohmann::json::array();
        if (request.get_param_value("pageno") == "1") {  // a second page is empty, as it ends a real list
            for (const auto& [host, site] : all_sites) {
                const std::string path = host == "fr.ulule.com" ? "/la-fabrique-lorient/" : "/";
                if (query.find("\"" + site.second + "\"") != std::string::npos)
                    results.push_back({{"url", "http://" + host + ":" + port + path}, {"title", host}, {"content", "…"}});
            }
        }
        response.set_content(nlohmann::json{{"query", query}, {"results", results}, {"unresponsive_engines", nlohmann::json::array()}}
                                 .dump(),
                             "application/json");
    });
    searx.start();

    TempDir dir;
    const std::string db = (dir.path() / "scan.db").string();
    std::vector<std::string> args{"scan", "--insee", "56121,88160,11262", "--search-url", searx.url(""),
                                  "--db", db, "--allow-private-hosts", "--per-host-delay-ms", "0", "--workers", "2",
                                  "--format", "csv"};
    for (const auto& [host, site] : all_sites) {
        args.push_back("--resolve");
        args.push_back(host + ":" + port + ":127.0.0.1");
    }
    auto scan = run_sharitories(args);
    INFO(scan.err);
    REQUIRE(scan.exit_code == 0);
    auto lines = lines_of(scan.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "rank,insee,city,departement,population,score,consommation,production,financement,gouvernance,"
                      "pillars,per_10k,top_evidence,coverage,searched_at");
    CHECK(lines[1].starts_with("1,56121,Lorient,56,58329,44.81,1,1,2,1,4,"));  // the Ulule project: a 2nd financement
    CHECK(lines[1].find("http://lafabrique-lorient.test:" + port + "/") != std::string::npos);
    CHECK(lines[2].starts_with("2,88160,Épinal,88,32251,"));
    // two production initiatives: the old address is the same site, the directory does not count
    CHECK(lines[2].find(",0,2,0,0,1,") != std::string::npos);
    CHECK(lines[3].starts_with("3,11262,Narbonne,11,57587,0.00,0,0,0,0,0,0.00,,1.00,"));
    for (std::size_t i = 1; i < 4; ++i) CHECK(lines[i].ends_with(",1.00," + sharitories::utc_now().substr(0, 10)));
    // twelve sites: the robots.txt refusal and the PDF skipped; the redirect's page counted once as
    // evidence; the directory, a bare list of towns, evidence for none
    CHECK(scan.err.find("summary: 3 towns; searches 144 of 300; queries 72 answered, 0 blocked, 0 failed; pages 0 "
                        "fresh / 0 revalidated (304) / 10 downloaded / 0 failed / 2 skipped;") != std::string::npos);

    // every page fetched once, though each town's 24 searches found it again; robots.txt obeyed
    CHECK(searches == 144);  // the first page of each query, and the empty second page that ends it
    CHECK(web.count("/robots.txt") == static_cast<int>(all_sites.size()));
    std::map<std::string, int> requests_by_host;
    for (const auto& hit : web.hits())
        if (hit.path != "/robots.txt") ++requests_by_host[hit.host.substr(0, hit.host.find(':'))];
    CHECK(requests_by_host.count("prive-narbonne.test") == 0);  // disallowed by its robots.txt
    CHECK(requests_by_host["coworking-epinal.test"] == 2);       // found itself, and through the redirect
    for (const auto& entry : requests_by_host) {  // not a structured binding: INFO captures it, which clang 14 cannot
        INFO(entry.first);
        CHECK(entry.second <= 2);
    }

    auto evidence = run_sharitories({"evidence", "--db", db, "--insee", "56121", "--format", "json"});
    REQUIRE(evidence.exit_code == 0);
    auto rows = nlohmann::json::parse(evidence.out);
    REQUIRE(rows.size() >= 4);
    std::set<std::pair<std::string, std::string>> pillar_urls;
    for (const auto& row : rows) {
        CHECK(row["insee"] == "56121");
        pillar_urls.insert({row["pillar"].get<std::string>(), row["url"].get<std::string>()});
    }
    CHECK(pillar_urls.count({"production", "http://lafabrique-lorient.test:" + port + "/"}) == 1);
    CHECK(pillar_urls.count({"consommation", "http://amap-scorff.test:" + port + "/"}) == 1);
    CHECK(pillar_urls.count({"gouvernance", "http://lorient-participe.test:" + port + "/"}) == 1);
    // the directory names Lorient among forty towns: no evidence for it
    for (const auto& [pillar, url] : pillar_urls) CHECK(url.find("annuaire-villes") == std::string::npos);
    std::set<std::string> initiatives;
    for (const auto& row : rows) initiatives.insert(row["initiative"].get<std::string>());
    CHECK(initiatives.count("ulule.com/la-fabrique-lorient") == 1);
    CHECK(initiatives.count("galais-lorient.test") == 1);

    auto rank = run_sharitories({"rank", "--db", db, "--format", "csv", "--top", "2"});
    REQUIRE(rank.exit_code == 0);
    auto ranked = lines_of(rank.out);
    REQUIRE(ranked.size() == 3);
    CHECK(ranked[1] == lines[1]);
    CHECK(ranked[2] == lines[2]);

    // the next night, nothing is due: the shortlist it writes is scored with the team's weights, only
    // production counting: Épinal's two production initiatives before Lorient's one
    auto weighted_args = args;
    weighted_args.insert(weighted_args.end(), {"--weights", "consommation=0,financement=0,gouvernance=0"});
    auto night = run_sharitories(weighted_args);
    INFO(night.err);
    REQUIRE(night.exit_code == 0);
    CHECK(searches == 144);  // nothing asked again
    auto weighted = lines_of(night.out);
    REQUIRE(weighted.size() == 4);
    CHECK(weighted[1].starts_with("1,88160,Épinal,88,32251,12.55,0,2,0,0,1,"));
    CHECK(weighted[2].starts_with("2,56121,Lorient,56,58329,11.80,1,1,2,1,4,"));
    CHECK(weighted[3].starts_with("3,11262,Narbonne,11,57587,0.00,"));

    // a night written as a workbook (the format from --out's extension): the shortlist, and on a
    // second sheet the evidence of every selected town, the rows `evidence` gives
    auto workbook_args = args;
    const auto format = std::find(workbook_args.begin(), workbook_args.end(), "--format");  // without --format csv
    REQUIRE(format != workbook_args.end());
    workbook_args.erase(format, format + 2);
    const auto workbook = dir.path() / "night.xlsx";
    workbook_args.insert(workbook_args.end(), {"--out", workbook.string(), "--top", "2"});
    auto xlsx_night = run_sharitories(workbook_args);
    INFO(xlsx_night.err);
    REQUIRE(xlsx_night.exit_code == 0);
    CHECK(xlsx_night.out.empty());
    const auto sheets = sharitories::test::read_xlsx(workbook);
    REQUIRE(sheets.size() == 3);
    CHECK(sheets[0].name == "shortlist");
    CHECK(sheets[0].autofilter == "A1:O3");  // --top 2
    CHECK(sheets[0].at("B2").value == "56121");
    CHECK(sheets[0].at("B2").type == "s");
    CHECK(sheets[0].at("F2").type == "n");
    CHECK(std::stod(sheets[0].at("F2").value) == doctest::Approx(44.81));
    CHECK(sheets[1].name == "evidence");
    auto all_evidence = run_sharitories({"evidence", "--db", db, "--format", "json"});
    REQUIRE(all_evidence.exit_code == 0);
    const auto evidence_rows = nlohmann::json::parse(all_evidence.out);
    // …, town_weight, then crawl, warc_filename, warc_record_offset, warc_record_length
    CHECK(sheets[1].autofilter == "A1:N" + std::to_string(evidence_rows.size() + 1));
    for (std::size_t i = 0; i < evidence_rows.size(); ++i) {
        const std::string row = std::to_string(i + 2);
        CHECK(sheets[1].at("A" + row).value == evidence_rows[i]["insee"].get<std::string>());
        CHECK(sheets[1].hyperlinks.at("E" + row) == evidence_rows[i]["url"].get<std::string>());
        CHECK(sheets[1].at("H" + row).type == "n");
    }
    // the third sheet: what `changes` says of this night against the one before
    CHECK(sheets[2].name == "changes");
    CHECK(sheets[2].at("A1").value == "change");
    auto changes = run_sharitories({"changes", "--db", db, "--format", "json"});
    REQUIRE(changes.exit_code == 0);
    const auto change_rows = nlohmann::json::parse(changes.out);
    for (std::size_t i = 0; i < change_rows.size(); ++i) {
        const std::string row = std::to_string(i + 2);
        CHECK(sheets[2].at("A" + row).value == change_rows[i]["change"].get<std::string>());
        CHECK(sheets[2].at("B" + row).value == change_rows[i]["insee"].get<std::string>());
    }
}

TEST_CASE("scan: rank and evidence on an empty database, and a scan without its provider's address") {
    TempDir dir;
    const std::string db = (dir.path() / "vide.db").string();
    auto rank = run_sharitories({"rank", "--db", db});
    CHECK(rank.exit_code == 2);
    CHECK(rank.err.find("does not exist") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(db));  // a typo does not create a database
    auto scan = run_sharitories({"scan", "--provider", "searxng", "--insee", "56121", "--db", db});
    CHECK(scan.exit_code == 2);
    CHECK(scan.err.find("--search-url") != std::string::npos);
}

TEST_CASE("scan: when most searches fail, no shortlist replaces yesterday's, and the run is marked failed") {
    TestServer searx;
    int searches = 0;
    searx.http().Get("/search", [&](const httplib::Request&, httplib::Response& response) {
        ++searches;
        response.status = 403;  // an instance with JSON output disabled
        response.set_content("<html>403 Forbidden</html>", "text/html");
    });
    searx.start();
    TempDir dir;
    const auto out = dir.write("shortlist.csv", "rank,insee\n1,56121\n");
    const std::string db = (dir.path() / "scan.db").string();
    auto scan = run_sharitories({"scan", "--insee", "56121,88160", "--search-url", searx.url(""), "--db", db, "--out",
                                 out.string()});
    CHECK(scan.exit_code == 1);
    CHECK(scan.err.find("formats: [html, json]") != std::string::npos);  // the reason, and how to fix it
    CHECK(scan.err.find("not asked again this run") != std::string::npos);
    CHECK(scan.err.find("most searches failed: no shortlist written") != std::string::npos);
    CHECK(searches <= 4);  // four in flight at once, three failures in a row: not 96
    CHECK(sharitories::test::read_file(out) == "rank,insee\n1,56121\n");
    auto rank = run_sharitories({"rank", "--db", db});
    CHECK(rank.exit_code == 0);  // the store is there, with what it knows (nothing): every town at zero
    CHECK(rank.err.find("(failed, 2 towns)") != std::string::npos);
    CHECK(rank.out.find("56121,") != std::string::npos);
}

TEST_CASE("scan: the per-provider options are checked before anything is sent") {
    TempDir dir;
    const std::string db = (dir.path() / "scan.db").string();
    auto scan = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"scan", "--insee", "56121", "--db", db};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_sharitories(args);
    };
    auto tiny = scan({"--budget", "2"});
    CHECK(tiny.exit_code == 2);
    CHECK(tiny.err.find("--budget 2: a night needs at least 3 search requests") != std::string::npos);
    auto stranger = scan({"--provider", "searxng", "--search-url", "http://localhost:8888", "--search-concurrency",
                          "duckduckgo=2"});
    CHECK(stranger.exit_code == 2);
    CHECK(stranger.err.find("--search-concurrency duckduckgo=…: duckduckgo is not one of the providers (searxng)") !=
          std::string::npos);
    auto twice = scan({"--search-url", "http://localhost:8888", "--search-url", "searxng=http://localhost:9999"});
    CHECK(twice.exit_code == 2);
    CHECK(twice.err.find("--search-url: two values for searxng") != std::string::npos);
    auto no_scheme = scan({"--search-url", "localhost:8888"});
    CHECK(no_scheme.exit_code == 2);
    CHECK(no_scheme.err.find("an http:// or https:// address is needed") != std::string::npos);
    auto not_a_number = scan({"--provider", "duckduckgo", "--budget", "duckduckgo=beaucoup"});
    CHECK(not_a_number.exit_code == 2);
    CHECK(not_a_number.err.find("--budget beaucoup: a whole number from 0 to 10000000 is needed") != std::string::npos);
    auto listed_twice = scan({"--provider", "duckduckgo,duckduckgo"});
    CHECK(listed_twice.exit_code == 2);
    CHECK(listed_twice.err.find("--provider: duckduckgo is listed twice") != std::string::npos);
    auto weights = scan({"--weights", "production=2,culture=1"});
    CHECK(weights.exit_code == 2);
    CHECK(weights.err.find("--weights culture=1: culture is not a pillar") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(db));  // nothing opened, nothing sent
}
