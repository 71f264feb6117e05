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

namespace {

/// What RFC 9309 §2.2.2 says a pattern made of `/`, letters, `*` and a final `$` matches, by the
/// book: a table of which pattern prefix matches which path prefix, no cleverness.
bool reference_match(std::string_view pattern, std::string_view path) {
    const bool anchored = pattern.ends_with('$');
    if (anchored) pattern.remove_suffix(1);
    std::vector<std::vector<bool>> matches(pattern.size() + 1, std::vector<bool>(path.size() + 1, false));
    matches[0][0] = true;
    for (std::size_t p = 1; p <= pattern.size(); ++p)
        for (std::size_t t = 0; t <= path.size(); ++t)
            matches[p][t] = pattern[p - 1] == '*' ? matches[p - 1][t] || (t > 0 && matches[p][t - 1])
                                                  : t > 0 && matches[p - 1][t - 1] && pattern[p - 1] == path[t - 1];
    if (anchored) return matches[pattern.size()][path.size()];
    for (std::size_t t = 0; t <= path.size(); ++t)
        if (matches[pattern.size()][t]) return true;
    return false;
}

bool reference_allowed(const std::vector<std::pair<std::string, bool>>& rules, std::string_view path) {
    const std::pair<std::string, bool>* best = nullptr;
    for (const auto& rule : rules) {
        if (!reference_match(rule.first, path)) continue;
        if (best == nullptr || rule.first.size() > best->first.size() ||
            (rule.first.size() == best->first.size() && rule.second))
            best = &rule;
    }
    return best == nullptr || best->second;
}

/// Generated robots.txt files, each checked on generated paths against the reference: returns the
/// number of disagreements (the first ones reported) and counts the refusals.
struct Generated {
    int files, min_rules, max_rules, max_pattern, paths, max_path;
};

int disagreements_with_reference(const Generated& g, std::uint32_t seed, int& refused, int& checks) {
    // Small alphabets make segments that overlap, repeat and are suffixes of one another: what a
    // matcher that finds each text leftmost after the one before can get wrong.
    std::uint32_t state = seed;
    auto next = [&](int bound) {
        state = state * 1664525 + 1013904223;
        return static_cast<int>((state >> 8) % static_cast<std::uint32_t>(bound));
    };
    int disagreements = 0;
    for (int file = 0; file < g.files; ++file) {
        std::vector<std::pair<std::string, bool>> rules;
        std::string robots = "User-agent: *\n";
        const int count = g.min_rules + next(g.max_rules - g.min_rules + 1);
        for (int r = 0; r < count; ++r) {
            std::string pattern = next(4) == 0 ? "*" : "/";
            const int length = next(g.max_pattern + 1);
            for (int i = 0; i < length; ++i) pattern += "ab*/"[next(next(3) == 0 ? 4 : 2)];
            if (next(3) == 0) pattern += '$';
            const bool allow = next(2) == 0;
            rules.emplace_back(pattern, allow);
            robots += (allow ? "Allow: " : "Disallow: ") + pattern + "\n";
        }
        const auto parsed = parse_robots(robots, "sharitories");
        for (int p = 0; p < g.paths; ++p) {
            std::string path = "/";
            const int length = next(g.max_path + 1);
            for (int i = 0; i < length; ++i) path += "ab/"[next(next(4) == 0 ? 3 : 2)];
            const bool expected = reference_allowed(rules, path);
            if (parsed.allowed(path) != expected && ++disagreements <= 10)
                FAIL_CHECK(robots << "path " << path << " expected " << expected);
            refused += expected ? 0 : 1;
            ++checks;
        }
    }
    return disagreements;
}

}  // namespace

TEST_CASE("robots: '*' and '$' match as the RFC's definition does, on 64,000 generated cases") {
    int refused = 0, checks = 0;
    // few short rules, and many rules at once (many texts between `*`s, suffixes of one another)
    CHECK(disagreements_with_reference({2000, 1, 6, 7, 30, 12}, 9309, refused, checks) == 0);
    CHECK(disagreements_with_reference({100, 30, 100, 9, 40, 40}, 3986, refused, checks) == 0);
    CHECK(checks == 64000);
    CHECK(refused > checks / 10);  // the cases decide both ways
    CHECK(refused < checks * 9 / 10);
}

TEST_CASE("robots: wildcard and '$' cases a leftmost search must get right") {
    auto check = [](std::string_view pattern, std::string_view path) {
        return !parse_robots("User-agent: *\nDisallow: " + std::string(pattern) + "\n", "sharitories").allowed(path);
    };
    CHECK(check("/*aab", "/aaab"));           // the text starts inside a first, failed try
    CHECK(check("/*abab$", "/ababab"));       // the end, not the first occurrence
    CHECK_FALSE(check("/*ab*ab$", "/ab"));    // the end cannot reuse the middle's octets
    CHECK(check("/*ab*ab$", "/abab"));
    CHECK(check("/*.pdf$", "/docs/a.pdf.pdf"));
    CHECK_FALSE(check("/*.pdf$", "/docs/a.pdf?x=1"));
    CHECK(check("/a**b", "/a-b"));
    CHECK(check("/a*$", "/a"));               // `*$` ends nothing: a prefix
    CHECK(check("*", "/x"));                  // no leading `/`: `*` matches everything
    CHECK(check("*b", "/ab"));
    CHECK_FALSE(check("b*", "/b"));           // what a rule starts with must start the path
    CHECK(check("/x$", "/x"));
    CHECK_FALSE(check("/x$", "/x/"));
    CHECK_FALSE(check("$", "/"));             // only the empty path, which no target is
    CHECK(check("/*a*b*c", "/cba-abc"));
    CHECK_FALSE(check("/*a*b*c", "/cba-acb"));
}

TEST_CASE("robots: the longest pattern wins among wildcards, allow wins a tie, and a pattern twice is one rule") {
    auto rules = parse_robots("User-agent: *\n"
                              "Disallow: /prive/\n"    // 7 octets
                              "Allow: /*.html\n"       // 7: a tie, allow wins
                              "Disallow: /*/brouillon*.html\n"
                              "Disallow: /x\n"
                              "Allow: /x\n"            // the same pattern: one rule, that allows
                              "Disallow: /é\n"         // /%C3%A9, 7 octets once normalised
                              "Allow: /*%C3%A9$\n",    // 9
                              "sharitories");
    CHECK(rules.allowed("/prive/a.html"));
    CHECK_FALSE(rules.allowed("/prive/a.htm"));
    CHECK_FALSE(rules.allowed("/prive/brouillon-2.html"));
    CHECK(rules.allowed("/x"));
    CHECK(rules.allowed("/%c3%a9t%C3%A9"));
    CHECK_FALSE(rules.allowed("/%c3%a9t"));
}

namespace {

/// ~400 KB of distinct `/*aaa…ab` rules (runs of 1, 2, 3 … `a`: identical lines would be one rule),
/// the robots.txt issue 10 measured at 12.7 s per check against a 64 KB path; `longest` gets the
/// longest run.
std::string runs_of_a(std::size_t& longest) {
    std::string robots = "User-agent: *\n";
    for (longest = 1; robots.size() < 400 * 1000; ++longest) robots += "Disallow: /*" + std::string(longest, 'a') + "b\n";
    --longest;
    return robots;
}

}  // namespace

TEST_CASE("robots: 400 KB of /*aaa…ab rules against 8 KB paths give the longest match's answer") {
    std::size_t longest = 0;
    std::string robots = runs_of_a(longest);
    REQUIRE(longest > 800);
    // one allow longer than every disallow, that needs more `a` than they do
    robots += "Allow: /*" + std::string(longest + 10, 'a') + "b\n";
    const auto rules = parse_robots(robots, "sharitories");
    const std::string as = "/" + std::string(7000, 'a');
    CHECK(rules.allowed(as));                                // no `b`: nothing matches
    CHECK(rules.allowed(as + "b"));                          // every rule matches, the allow is longest
    CHECK_FALSE(rules.allowed("/" + std::string(longest + 9, 'a') + "b"));  // the longest disallow
    CHECK_FALSE(rules.allowed("/ab" + as));                  // only /*ab: its `b` is there
    CHECK(rules.allowed("/ba" + as));
    CHECK_FALSE(rules.allowed("/" + std::string(500, 'a') + "b" + std::string(7000, 'a')));
    const std::string limit = "/" + std::string(robots_max_target_bytes - 2, 'a') + "b";
    REQUIRE(limit.size() == robots_max_target_bytes);
    CHECK(rules.allowed(limit));
}

TEST_CASE("robots: a target longer than the limit once normalised is refused, robots.txt or not") {
    const std::string as = "/" + std::string(64 * 1024, 'a');
    std::size_t longest = 0;
    CHECK_FALSE(parse_robots(runs_of_a(longest), "sharitories").allowed(as));  // 64 KB: issue 10's path
    CHECK_FALSE(RobotsRules::allow_all().allowed(as));
    const std::string limit(robots_max_target_bytes, '/');
    CHECK(RobotsRules::allow_all().allowed(limit));
    CHECK_FALSE(RobotsRules::allow_all().allowed(limit + "a"));
    // measured on the normal form: 3,000 `%41` are 3,000 `A`; 2,800 `é` are 5,600 escapes
    std::string escaped = "/", accented = "/";
    for (int i = 0; i < 3000; ++i) escaped += "%41";
    for (int i = 0; i < 2800; ++i) accented += "é";
    CHECK(RobotsRules::allow_all().allowed(escaped));
    CHECK(accented.size() < robots_max_target_bytes);
    CHECK_FALSE(RobotsRules::allow_all().allowed(accented));
    CHECK(RobotsRules::allow_all().allowed("/robots.txt"));
}
