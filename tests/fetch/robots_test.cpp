#include <doctest/doctest.h>

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
