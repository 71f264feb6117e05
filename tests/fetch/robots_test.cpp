#include <doctest/doctest.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "fetch/robots.h"

using namespace sharitories;
using namespace std::chrono_literals;

TEST_CASE("robots: our group is chosen over '*', case-insensitively, and groups for us merge") {
    const std::string robots = "User-agent: *\n"
                               "Disallow: /\n"
                               "\n"
                               "User-agent: Sharitories\n"
                               "Disallow: /admin/\n"
                               "\n"
                               "User-agent: googlebot\n"
                               "Disallow: /\n"
                               "\n"
                               "user-agent: SHARITORIES/2.0\n"
                               "disallow: /brouillons\n";
    auto rules = parse_robots(robots, "sharitories");
    CHECK(rules.allowed("/agenda/repair-cafe"));
    CHECK_FALSE(rules.allowed("/admin/"));
    CHECK_FALSE(rules.allowed("/brouillons/projet.html"));
    auto others = parse_robots(robots, "otherbot");
    CHECK_FALSE(others.allowed("/agenda"));
}

TEST_CASE("robots: consecutive user-agent lines share one group, rules before any are ignored") {
    auto rules = parse_robots("Disallow: /tout\n"
                              "User-agent: a\n"
                              "User-agent: sharitories\n"
                              "Disallow: /prive\n"
                              "Sitemap: https://www.ville.fr/sitemap.xml\n"
                              "Disallow: /tmp # commentaire\n",
                              "sharitories");
    CHECK(rules.allowed("/tout"));
    CHECK_FALSE(rules.allowed("/prive/x"));
    CHECK_FALSE(rules.allowed("/tmp"));
}

TEST_CASE("robots: the longest match wins, allow wins a tie") {
    auto rules = parse_robots("User-agent: *\n"
                              "Disallow: /associations/\n"
                              "Allow: /associations/amap\n"
                              "Allow: /page\n"
                              "Disallow: /page\n",
                              "sharitories");
    CHECK_FALSE(rules.allowed("/associations/sport"));
    CHECK(rules.allowed("/associations/amap-du-centre"));
    CHECK(rules.allowed("/page"));
}

TEST_CASE("robots: '*' and '$' in patterns") {
    auto rules = parse_robots("User-agent: *\n"
                              "Disallow: /*.pdf$\n"
                              "Disallow: /recherche*?q=\n"
                              "Allow: /$\n"
                              "Disallow: /\n",
                              "sharitories");
    CHECK(rules.allowed("/"));
    CHECK_FALSE(rules.allowed("/actualites"));
    auto pdf = parse_robots("User-agent: *\nDisallow: /*.pdf$\nDisallow: /recherche*?q=\n", "sharitories");
    CHECK_FALSE(pdf.allowed("/docs/budget-participatif.pdf"));
    CHECK(pdf.allowed("/docs/budget-participatif.pdf.html"));
    CHECK_FALSE(pdf.allowed("/recherche/avancee?q=fablab"));
    CHECK(pdf.allowed("/recherche/avancee?lang=fr"));
}

TEST_CASE("robots: paths compare after percent-encoding normalisation") {
    auto rules = parse_robots("User-agent: *\nDisallow: /élus/\nDisallow: /%7Eagent\n", "sharitories");
    CHECK_FALSE(rules.allowed("/%C3%A9lus/conseil"));  // é as a browser sends it
    CHECK_FALSE(rules.allowed("/%c3%a9lus/conseil"));  // lower-case hex
    CHECK_FALSE(rules.allowed("/~agent/"));            // %7E is the unreserved ~
    CHECK(rules.allowed("/elus/"));
}

TEST_CASE("robots: no group for us and no '*' means everything is allowed, /robots.txt always is") {
    CHECK(parse_robots("User-agent: googlebot\nDisallow: /\n", "sharitories").allowed("/x"));
    CHECK(parse_robots("", "sharitories").allowed("/x"));
    CHECK(RobotsRules::disallow_all().allowed("/robots.txt"));
    CHECK_FALSE(RobotsRules::disallow_all().allowed("/"));
    CHECK(parse_robots("User-agent: *\nDisallow:\n", "sharitories").allowed("/"));  // an empty rule
}

TEST_CASE("robots: Crawl-delay of our group, CRLF and a BOM") {
    auto rules = parse_robots("\xEF\xBB\xBFUser-agent: *\r\nCrawl-delay: 2.5\r\nDisallow: /wp-admin/\r\n", "sharitories");
    CHECK(rules.crawl_delay() == 2500ms);
    CHECK_FALSE(rules.allowed("/wp-admin/"));
}

TEST_CASE("robots: only the first 500 KiB are read") {
    std::string robots = "User-agent: *\n";
    while (robots.size() < robots_max_bytes) robots += "Disallow: /archives/2019/page-0000000000\n";
    robots += "Disallow: /apres-la-limite\n";
    auto rules = parse_robots(robots, "sharitories");
    CHECK_FALSE(rules.allowed("/archives/2019/page-0000000000"));
    CHECK(rules.allowed("/apres-la-limite"));
}

TEST_CASE("robots: the product token of a User-Agent") {
    CHECK(product_token("sharitories/0.1.0 (+https://www.le-lab.org/explorations)") == "sharitories");
    CHECK(product_token("curl") == "curl");
}

TEST_CASE("robots: our own name is cut like the user-agent lines, and a line cut by the limit is dropped") {
    CHECK_FALSE(parse_robots("User-agent: sharitories2\nDisallow: /\n", "sharitories2").allowed("/x"));
    // the limit falls right after "Disallow: /p": read as written, that half line would refuse /public
    const std::string cut_line = "Disallow: /p";
    std::string robots = "User-agent: *\n";
    while (robots.size() + 100 < robots_max_bytes - cut_line.size()) robots += "# commentaire\n";
    robots += "#" + std::string(robots_max_bytes - cut_line.size() - robots.size() - 2, '-') + "\n";
    REQUIRE(robots.size() + cut_line.size() == robots_max_bytes);
    robots += "Disallow: /private-only\n";
    CHECK(parse_robots(robots, "sharitories").allowed("/public"));
    CHECK_FALSE(parse_robots("User-agent: *\n" + cut_line + "\n", "sharitories").allowed("/public"));
}

TEST_CASE("robots: the normal form paths and patterns compare in (RFC 9309 2.2.2 and 2.2.3)") {
    // the RFC's table: unreserved escapes decoded, non-ASCII encoded, other escapes kept
    CHECK(normalise_robots_path("/foo/bar?baz=quz") == "/foo/bar?baz=quz");
    CHECK(normalise_robots_path("/foo/bar/\xE3\x83\x84") == "/foo/bar/%E3%83%84");
    CHECK(normalise_robots_path("/foo/bar/%E3%83%84") == "/foo/bar/%E3%83%84");
    CHECK(normalise_robots_path("/foo/bar/%62%61%7A") == "/foo/bar/baz");
    CHECK(normalise_robots_path("/%7e%2d%2E%5f") == "/~-._");
    // hex case, reserved characters raw or encoded as written
    CHECK(normalise_robots_path("/%c3%a9lus") == "/%C3%A9lus");
    CHECK(normalise_robots_path("/a%2fb/c") == "/a%2Fb/c");
    CHECK(normalise_robots_path("/a/b?c=d&e=f;g@h") == "/a/b?c=d&e=f;g@h");
    // what a URI cannot hold raw, and a % that starts no escape
    CHECK(normalise_robots_path("/a b\t\"<>{}|\\^`") == "/a%20b%09%22%3C%3E%7B%7D%7C%5C%5E%60");
    CHECK(normalise_robots_path("/100%") == "/100%25");
    CHECK(normalise_robots_path("/%zz%4") == "/%25zz%254");
    CHECK(normalise_robots_path("/%%41") == "/%25A");
    // * and $ of a path are octets, not operators
    CHECK(normalise_robots_path("/a*b$") == "/a%2Ab%24");
    CHECK(normalise_robots_path("") == "");
}

TEST_CASE("robots: a rule's %2A and %24 match the path's * and $ (RFC 9309 2.2.3)") {
    auto rules = parse_robots("User-agent: *\n"
                              "Disallow: /path/file-with-a-%2A.html\n"
                              "Disallow: /path/foo-%24\n"
                              "Disallow: /prix$cher\n",  // a $ that does not end the pattern is an octet
                              "sharitories");
    CHECK_FALSE(rules.allowed("/path/file-with-a-*.html"));
    CHECK(rules.allowed("/path/file-with-a-x.html"));  // %2A is no wildcard
    CHECK_FALSE(rules.allowed("/path/foo-$"));
    CHECK_FALSE(rules.allowed("/path/foo-%24/x"));
    CHECK(rules.allowed("/path/foo-"));
    CHECK_FALSE(rules.allowed("/prix$cher"));
    CHECK_FALSE(rules.allowed("/prix%24cher/2024"));
    CHECK(rules.allowed("/prix"));
}

namespace {

/// Targets made of the octets normalisation cares about: escapes of every kind, stray `%`, hex
/// digits of both cases, `*` and `$`, reserved characters, UTF-8 and bytes that are not UTF-8.
std::vector<std::string> tricky_targets() {
    std::vector<std::string> targets = {"/robots%2Etxt", "/robots.txt", "/x%%6161", "/x%%4141", "/%C3%A9lus/",
                                        "/élus/",         "/%c3%a9lus",  "/~a",      "/%7Ea",    "/a%2Fb",
                                        "/a/b",           "/a%2fb",      "/a*b",     "/a%2Ab",   "/fin$",
                                        "/fin%24",        "/%",          "/%2",      "/%252F",   "/\xFF\xFE",
                                        "/x y",           "/x%20y",      ""};
    const std::string_view alphabet[] = {"/", "a", "A", "b", "f", "2", "4", "6", "%",  "%25", "%2f", "%2F",
                                         "%41", "%7e", "%E9", "%e9", "*", "$", "?", "=", " ", "é", "\x80", "%%"};
    std::uint32_t state = 2024;
    for (int i = 0; i < 3000; ++i) {
        std::string target = "/";
        state = state * 1664525 + 1013904223;
        const int length = static_cast<int>(state >> 28);
        for (int j = 0; j < length; ++j) {
            state = state * 1664525 + 1013904223;
            target += alphabet[(state >> 16) % std::size(alphabet)];
        }
        targets.push_back(target);
    }
    return targets;
}

}  // namespace

TEST_CASE("robots: a target and its normal form get the same answer, and the normal form is stable") {
    auto rules = parse_robots("User-agent: *\n"
                              "Disallow: /\n"
                              "Allow: /robots.txt$\n"  // changes nothing: /robots.txt is always allowed
                              "Allow: /a\n"
                              "Disallow: /a%2F\n"
                              "Disallow: /x%A6\n"
                              "Disallow: /x%A4\n"
                              "Allow: /élus\n"
                              "Disallow: /*%2A\n"
                              "Disallow: /*$$\n"  // a literal $ at the end of the path
                              "Allow: /*%25\n"
                              "Disallow: /*%20\n"
                              "Allow: /%7e\n"
                              "Disallow: /*A*%E9$\n",
                              "sharitories");
    const auto disallow_all = RobotsRules::disallow_all();
    int refused = 0, allowed = 0;
    for (const auto& target : tricky_targets()) {
        CAPTURE(target);
        const std::string normal = normalise_robots_path(target);
        CHECK(normalise_robots_path(normal) == normal);
        CHECK(rules.allowed(normal) == rules.allowed(target));
        CHECK(disallow_all.allowed(normal) == disallow_all.allowed(target));
        (rules.allowed(target) ? allowed : refused) += 1;
    }
    CHECK(refused > 100);  // the rules decide both ways on these targets
    CHECK(allowed > 100);
    CHECK(disallow_all.allowed("/robots%2Etxt"));
    CHECK_FALSE(rules.allowed("/a%2fb"));  // %2F is not a /
    CHECK(rules.allowed("/a/b"));
    CHECK(rules.allowed("/a-fin"));
    CHECK_FALSE(rules.allowed("/a-fin$"));
    CHECK_FALSE(rules.allowed("/a-fin%24"));
}
