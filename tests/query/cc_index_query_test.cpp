// cc-query's SQL (lib/query/cc_index_query.h): its filters, and its regular expressions evaluated with
// std::regex, which reads the portable subset (portable_regex.h) as Athena's engines do.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "classify/gazetteer.h"
#include "classify/town_site.h"
#include "query/cc_index_query.h"
#include "query/portable_regex.h"
#include "test_support.h"

using namespace sharitories;

namespace {

const std::string crawl = "CC-MAIN-2024-10";

/// The gazetteer of the shipped list, as cc-query builds it (the whole list: shared names known).
const TownGazetteer& shipped_gazetteer() {
    static const TownGazetteer gazetteer(test::shipped_towns(), test::shipped_keywords().ambiguous_names);
    return gazetteer;
}

std::vector<std::size_t> towns_of(const std::vector<std::string>& insee_codes) {
    std::vector<std::size_t> towns;
    for (const auto& insee : insee_codes) {
        towns.push_back(shipped_gazetteer().find(insee));
        REQUIRE(towns.back() < shipped_gazetteer().towns().size());
    }
    return towns;
}

const std::vector<std::string> morbihan{"56098", "56121", "56260"};  // Lanester, Lorient, Vannes

CcIndexQuery query_for(const std::vector<std::string>& insee_codes) {
    return build_cc_index_query(crawl, shipped_gazetteer(), towns_of(insee_codes), test::shipped_keywords());
}

/// Athena's regexp_like(text, regex): a match anywhere, as std::regex_search.
bool like(const std::string& regex, const std::string& text) {
    REQUIRE_FALSE(regex.empty());  // an empty pattern matches everything: never written
    return std::regex_search(text, std::regex(regex, std::regex::ECMAScript));
}

/// The SQL's condition on url_host_registered_domain: (names AND words) OR bare.
bool own_site(const OwnSitePattern& pattern, const std::string& domain) {
    return (like(pattern.names, domain) && like(pattern.words, domain)) ||
           (!pattern.bare.empty() && like(pattern.bare, domain));
}

/// The string literals of `sql` (quotes undoubled), `--` comments skipped; throws on a literal left open.
std::vector<std::string> literals_of(const std::string& sql) {
    std::vector<std::string> literals;
    for (std::size_t at = 0; at < sql.size(); ++at) {
        if (sql.compare(at, 2, "--") == 0) {
            at = sql.find('\n', at);
            if (at == std::string::npos) break;
        } else if (sql[at] == '\'') {
            std::string literal;
            for (++at;; ++at) {
                if (at >= sql.size()) throw std::runtime_error("a literal is left open");
                if (sql[at] == '\'' && at + 1 < sql.size() && sql[at + 1] == '\'') {
                    literal += '\'';
                    ++at;
                } else if (sql[at] == '\'') {
                    break;
                } else {
                    literal += sql[at];
                }
            }
            literals.push_back(literal);
        }
    }
    return literals;
}

/// The regexes the SQL hands to regexp_like, undoubled.
std::vector<std::string> regexes_of(const std::string& sql) {
    std::vector<std::string> regexes;
    for (std::size_t at = sql.find("regexp_like("); at != std::string::npos; at = sql.find("regexp_like(", at + 1)) {
        const auto open = sql.find(", '", at);
        REQUIRE(open != std::string::npos);
        regexes.push_back(literals_of(sql.substr(open + 2)).front());
    }
    return regexes;
}

/// The SQL without its comments: what Athena executes.
std::string code_of(const std::string& sql) {
    std::string code;
    for (const auto& line : test::lines_of(sql)) {
        if (!line.starts_with("--") && line.find("    --") != 0) code += line + "\n";
    }
    return code;
}

template <typename T>
bool contains(const std::vector<T>& items, const T& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

TEST_CASE("cc-query: the SQL reads one crawl's warc partition and keeps French HTML pages fetched with 200") {
    const auto query = query_for(morbihan);
    const auto& sql = query.sql;
    CHECK(sql.starts_with("-- sharitories cc-query"));
    CHECK(test::contains(sql, "-- Dialect: Amazon Athena (Presto/Trino SQL)"));
    CHECK(test::contains(sql, "\nSELECT url, warc_filename, warc_record_offset, warc_record_length, "
                              "url_host_registered_domain, fetch_time, content_charset\nFROM ccindex.ccindex\n"));
    CHECK(test::contains(sql, "\nWHERE crawl = 'CC-MAIN-2024-10'\n  AND subset = 'warc'\n  AND fetch_status = 200\n"));
    CHECK(test::contains(sql, "  AND content_mime_detected IN ('text/html', 'application/xhtml+xml')\n"));
    // the main language is the first of the list: fra, or fra then others; not eng,fra
    CHECK(test::contains(sql, "  AND (content_languages = 'fra' OR content_languages LIKE 'fra,%')\n"));
    CHECK(test::contains(sql, "3 towns"));
    CHECK(test::contains(sql, "Lorient 56121"));
    CHECK_NOTHROW(literals_of(sql));
}

TEST_CASE("cc-query: a town's own site is selected as the classifier judges it") {
    const auto& gazetteer = shipped_gazetteer();
    const auto selected = towns_of(morbihan);
    const auto pattern = own_site_pattern(gazetteer, selected);
    auto classifier_says = [&](const std::string& domain) {
        const TownSite site = town_site(gazetteer, domain);
        return site.municipal && std::any_of(site.towns.begin(), site.towns.end(),
                                             [&](std::size_t town) { return contains(selected, town); });
    };
    for (const char* domain : {"ville-lorient.fr", "lorient.bzh", "lorient.fr", "mairie-vannes.fr", "ville-de-lorient.fr",
                               "lorient-tourisme.fr", "ot-lorient.fr", "lanester.bzh", "mairie-lanester.com",
                               "lorient-ville.fr", "golfe-du-morbihan-vannes-tourisme.fr"}) {
        INFO(domain);
        CHECK(own_site(pattern, domain));
        CHECK(classifier_says(domain));
    }
    for (const char* domain : {"lorient-agglo.fr", "clorient.fr", "lorientville.fr", "lorientais.fr", "vannes.fr",
                               "ville-quimper.fr", "lorient-bretagne-sud.fr", "mairie.fr", "ville-lorient-x"}) {
        INFO(domain);
        CHECK_FALSE(own_site(pattern, domain));
        if (std::string_view(domain).find('.') != std::string_view::npos) CHECK_FALSE(classifier_says(domain));
    }
    CHECK_FALSE(town_site(gazetteer, "lorient-agglo.fr").municipal);
    CHECK(town_site(gazetteer, "lorient-agglo.fr").intercommunal);  // agglo: the classifier's other kind

    // the one way they differ, said in town_site.h: a regex does not see that a name is part of another
    const auto laval = towns_of({"53130"});
    CHECK(own_site(own_site_pattern(gazetteer, laval), "mairie-bonchamp-les-laval.fr"));
    CHECK_FALSE(town_site(gazetteer, "mairie-bonchamp-les-laval.fr").municipal);
    CHECK(own_site(own_site_pattern(gazetteer, laval), "ville-laval.fr"));
    CHECK_FALSE(own_site(own_site_pattern(gazetteer, laval), "laval.fr"));  // ambiguous: Laval in Québec
    CHECK_FALSE(own_site(own_site_pattern(gazetteer, laval), "saint-genis-laval.fr"));

    // the SQL holds these very expressions, in this logic
    const auto sql = query_for(morbihan).sql;
    const auto regexes = regexes_of(sql);
    CHECK(contains(regexes, pattern.names));
    CHECK(contains(regexes, pattern.words));
    CHECK(contains(regexes, pattern.bare));
    CHECK(test::contains(sql, "(regexp_like(url_host_registered_domain, " + sql_literal(pattern.names) +
                                  ")\n      AND regexp_like(url_host_registered_domain, " + sql_literal(pattern.words) +
                                  "))\n    -- "));
    CHECK(test::contains(sql, "    OR regexp_like(url_host_registered_domain, " + sql_literal(pattern.bare) + ")\n"));
}

TEST_CASE("cc-query: an ambiguous name counts only beside a municipal word, never alone nor in a platform's path") {
    const auto& gazetteer = shipped_gazetteer();
    const auto sens = towns_of({"89387"});
    const auto pattern = own_site_pattern(gazetteer, sens);
    CHECK(pattern.bare.empty());  // Sens is the only town and its name is ambiguous
    CHECK(own_site(pattern, "ville-sens.fr"));
    CHECK(own_site(pattern, "mairie-sens.fr"));
    CHECK_FALSE(own_site(pattern, "sens.fr"));
    CHECK(town_path_regex(gazetteer, sens).empty());

    const auto query = query_for(morbihan);
    CHECK(query.ambiguous == std::vector<std::string>{"Vannes"});
    CHECK(test::contains(query.sql, "-- Ambiguous names, kept only beside a municipal word (mairie-sens.fr): Vannes.\n"));
    CHECK_FALSE(own_site(query.own_sites, "vannes.fr"));
    CHECK(like(query.town_paths, "/projects/fablab-lorient/"));
    CHECK(like(query.town_paths, "/lanester"));
    CHECK_FALSE(like(query.town_paths, "/projects/vannes-moto-club"));
    CHECK_FALSE(like(query.town_paths, "/projects/lorientais"));
}

TEST_CASE("cc-query: the path regexp finds pillar terms as whole path words, in their plurals and joinings") {
    const auto terms = path_terms(test::shipped_keywords());
    for (const char* path : {"/actualites/le-fablab-ouvre", "/tiers_lieux/", "/budget-participatif-2024",
                             "/tierslieu", "/jardins-partages.html", "/nos-amap", "/amaps", "/repair-cafe?x",
                             "/ressourceries/", "/groupement-dachat", "/les-fab-labs", "/epicerie_cooperative"}) {
        INFO(path);
        CHECK(like(terms.regex, path));
    }
    for (const char* path : {"/contact", "/camaps", "/amapiens", "/fablabo", "/troc", "/covoiturage", "/budget",
                             "/mon-tiers", "/xtiers-lieu"}) {
        INFO(path);
        CHECK_FALSE(like(terms.regex, path));
    }
    CHECK(contains(terms.kept, std::string("AMAP")));
    CHECK(contains(terms.weak, std::string("troc")));              // weight 0.5
    CHECK(contains(terms.weak, std::string("concertation")));
    CHECK(contains(terms.contextual, std::string("covoiturage")));  // needs local words a path cannot show
    CHECK_FALSE(contains(terms.kept, std::string("troc")));
    // paths are lower-cased before they are read: /FabLab too
    const auto sql = query_for(morbihan).sql;
    CHECK(test::contains(sql, "OR regexp_like(lower(url_path), " + sql_literal(terms.regex) + ")\n"));
}

TEST_CASE("cc-query: a platform's project page is kept when its path names a town, HelloAsso's only under collectes") {
    const auto query = query_for(morbihan);
    const auto names_town = sql_literal(query.town_paths);
    CHECK(test::contains(query.sql, "(url_host_registered_domain IN ('ulule.com', "));
    CHECK(test::contains(query.sql, "'cap-collectif.com'"));
    CHECK_FALSE(test::contains(query.sql, "'facebook.com'"));  // no pillar implied: the page's text decides
    CHECK(test::contains(query.sql, "(url_host_registered_domain = 'helloasso.com'\n      AND regexp_like(url_path, "
                                    "'/(?:collectes)(?:/|$)')\n      AND regexp_like(lower(url_path), " + names_town + "))"));
    const auto regexes = regexes_of(query.sql);
    const auto collectes = std::find_if(regexes.begin(), regexes.end(), [](const std::string& r) { return r.starts_with("/(?:collectes)"); });
    REQUIRE(collectes != regexes.end());
    CHECK(like(*collectes, "/associations/amap-lorient/collectes/serre"));
    CHECK_FALSE(like(*collectes, "/associations/amap-lorient/adhesions/2024"));
}

TEST_CASE("cc-query: names with an apostrophe or accents, quotes and line breaks give valid SQL") {
    CHECK(sql_literal("L'Haÿ-les-Roses") == "'L''Haÿ-les-Roses'");
    CHECK(sql_literal("''") == "''''''");

    const auto query = query_for({"94038", "91228"});  // L'Haÿ-les-Roses, Évry-Courcouronnes
    const auto literals = literals_of(query.sql);  // throws if a quote were left undoubled
    CHECK(contains(literals, std::string("CC-MAIN-2024-10")));
    for (const char* domain : {"ville-lhaylesroses.fr", "ville-l-hay-les-roses.fr", "evry-courcouronnes.fr",
                               "mairie-evry-courcouronnes.fr", "evrycourcouronnes.fr"}) {
        INFO(std::string(domain));
        CHECK(own_site(query.own_sites, domain));
    }
    CHECK(like(query.town_paths, "/projets/jardin-l-hay-les-roses"));
    CHECK(like(query.town_paths, "/evry_courcouronnes/"));

    // a quote and a regex metacharacter from a user's keyword files: doubled and escaped
    KeywordSet keywords;
    keywords.keywords.push_back({Pillar::production, "fablab", 2.0, "fr"});
    Platform platform;
    platform.domain = "exemple.fr";
    platform.kind = PlatformKind::crowdfunding;
    platform.pillar_of_pages = {{"l'appel.v2", Pillar::financement}};
    keywords.platforms.push_back(platform);
    const auto own = build_cc_index_query(crawl, shipped_gazetteer(), towns_of({"94038"}), keywords);
    CHECK(test::contains(own.sql, "regexp_like(url_path, '/(?:l''appel\\.v2)(?:/|$)')"));
    CHECK(contains(literals_of(own.sql), std::string("/(?:l'appel\\.v2)(?:/|$)")));
    CHECK(like("/(?:l'appel\\.v2)(?:/|$)", "/l'appel.v2/projet"));
    CHECK_FALSE(like("/(?:l'appel\\.v2)(?:/|$)", "/l'appelxv2/projet"));

    // a town's name from a user's list cannot end the comment it is printed in
    std::vector<City> towns{test::shipped_town("56121")};
    towns[0].name = "Lorient\nDROP TABLE ccindex; --";
    const TownGazetteer gazetteer(towns, {});
    const auto sql = build_cc_index_query(crawl, gazetteer, {0}, keywords).sql;
    CHECK_FALSE(test::contains(code_of(sql), "DROP"));
    CHECK(test::contains(sql, "-- Towns: Lorient DROP TABLE ccindex; -- 56121.\n"));
}

TEST_CASE("cc-query: every regular expression keeps to the subset Athena and std::regex read alike") {
    const auto sql = query_for(morbihan).sql;
    const auto regexes = regexes_of(sql);
    CHECK(regexes.size() == 7);  // names, words, bare, terms; two town paths (platforms, helloasso); collectes
    for (const auto& regex : regexes) {
        INFO(regex);
        CHECK_NOTHROW(std::regex(regex, std::regex::ECMAScript));
        for (const char* outside : {"(?=", "(?!", "(?<", "\\b", "\\w", "\\d", "\\s", "{", "}", "*?", "+?", "??", "\\\\"})
            CHECK_FALSE(test::contains(regex, outside));
        for (std::size_t at = regex.find('\\'); at != std::string::npos; at = regex.find('\\', at + 2))
            CHECK(std::string_view("^$.|?*+()[]{}").find(regex[at + 1]) != std::string_view::npos);
    }
    CHECK(portable_regex::escape("make.org (v2)+[x]|^$*?{}\\") == "make\\.org \\(v2\\)\\+\\[x\\]\\|\\^\\$\\*\\?\\{\\}\\\\");
    CHECK(portable_regex::any_of({"b", "a", "b"}) == "(?:a|b)");
    CHECK(portable_regex::any_of({}).empty());
}

TEST_CASE("cc-query: the whole shipped list stays under Athena's 262,144-byte limit") {
    std::vector<std::size_t> all(shipped_gazetteer().towns().size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    REQUIRE(all.size() > 400);
    const auto query = build_cc_index_query(crawl, shipped_gazetteer(), all, test::shipped_keywords());
    MESSAGE("the SQL for " << all.size() << " towns: " << query.sql.size() << " bytes");
    CHECK(query.sql.size() < athena_query_limit);
    CHECK(query.sql.size() > 20'000);  // every town is in it
    CHECK(own_site(query.own_sites, "ville-epinal.fr"));
    CHECK(own_site(query.own_sites, "la-roche-sur-yon.fr"));
    CHECK(own_site(query.own_sites, "larochesuryon.fr"));
    CHECK_FALSE(own_site(query.own_sites, "saint-nazaire.fr"));  // a name several communes bear
    CHECK(test::contains(query.sql, "-- Towns: "));
    CHECK(test::contains(query.sql, "… and "));  // the comment lists a few, not 450
}

TEST_CASE("cc-query: without towns no town condition, without anything nothing selected") {
    const auto terms_only = build_cc_index_query(crawl, shipped_gazetteer(), {}, test::shipped_keywords());
    CHECK(terms_only.own_sites.names.empty());
    CHECK(terms_only.town_paths.empty());
    CHECK_FALSE(test::contains(terms_only.sql, "regexp_like(url_host_registered_domain"));
    CHECK(test::contains(terms_only.sql, "regexp_like(lower(url_path), "));

    const auto nothing = build_cc_index_query(crawl, shipped_gazetteer(), {}, KeywordSet{});
    CHECK(test::contains(nothing.sql, "  AND FALSE"));
    CHECK_FALSE(test::contains(nothing.sql, "regexp_like"));
}

TEST_CASE("cc-query: crawl names are CC-MAIN-YYYY-WW") {
    for (const char* good : {"CC-MAIN-2024-10", "CC-MAIN-2013-20", "CC-MAIN-2025-53", "CC-MAIN-2019-01"}) {
        INFO(good);
        CHECK(is_crawl_name(good));
    }
    for (const char* bad : {"", "CC-MAIN-2024-1", "CC-MAIN-2024-100", "cc-main-2024-10", "CC-MAIN-2024-00",
                            "CC-MAIN-2024-54", "CC-MAIN-24-10", "CC-MAIN-2024_10", "CC-MAIN-2024-10 ",
                            "CC-MAIN-2024-1a", "CC-NEWS-2024-10", "CC-MAIN-2024-10'--"}) {
        INFO(bad);
        CHECK_FALSE(is_crawl_name(bad));
    }
}
