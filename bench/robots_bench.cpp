// robots.txt matching cost (issue 10, finding 6): the time one RobotsRules::allowed() check takes on
// the fetch thread for the worst robots.txt a site can serve (the 500 KiB we parse) against long
// targets, beside a typical robots.txt and URL. Every redirect hop checks again, so this is paid per
// hop. Prints the time per parse (the mean over SECONDS_PER_CASE / 2) and per check (over
// SECONDS_PER_CASE; at least one of each) and the answer, which must not change between versions
// (but for targets past robots_max_target_bytes, refused since that limit came). Times are the
// thread's CPU time, so that a machine shared with other work still gives comparable figures.
// Usage: robots_bench [SECONDS_PER_CASE]
#include <fmt/core.h>

#include <time.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "fetch/robots.h"

namespace {

double cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

/// ~400 KB of distinct `Disallow: /*aaa…ab` rules (a run of 1, 2, 3 … `a`): identical lines would be
/// one rule once parsed, distinct ones are not.
std::string wildcard_runs() {
    std::string robots = "User-agent: *\n";
    for (std::size_t run = 1; robots.size() < 400 * 1000; ++run) robots += "Disallow: /*" + std::string(run, 'a') + "b\n";
    return robots;
}

/// Every three-letter word as a `/*xyz` rule: many short distinct rules, ~280 KB.
std::string every_trigram() {
    std::string robots = "User-agent: *\n";
    for (char x = 'a'; x <= 'z'; ++x)
        for (char y = 'a'; y <= 'z'; ++y)
            for (char z = 'a'; z <= 'z'; ++z) robots += std::string("Disallow: /*") + x + y + z + "\n";
    return robots;
}

/// Four-letter words as `/*wxyz` rules, ~29,400 of them in 500 KB: many distinct short texts.
std::string four_letters() {
    std::string robots = "User-agent: *\n";
    for (int word = 0; robots.size() < 500 * 1000; ++word) {
        std::string rule = "Disallow: /*";
        for (int i = 0, rest = word; i < 4; ++i, rest /= 26) rule += static_cast<char>('a' + rest % 26);
        robots += rule + "\n";
    }
    return robots;
}

/// Rules of many wildcards, `/*a*a*…*a*b`, of 1, 2, 3 … `*a`, ~400 KB.
std::string many_stars() {
    std::string robots = "User-agent: *\n";
    std::string pattern = "/";
    while (robots.size() < 400 * 1000) {
        pattern += "*a";
        robots += "Disallow: " + pattern + "*b\n";
    }
    return robots;
}

/// A typical small French site's robots.txt (WordPress and a search page).
std::string typical() {
    return "User-agent: *\n"
           "Disallow: /wp-admin/\n"
           "Allow: /wp-admin/admin-ajax.php\n"
           "Disallow: /*?s=\n"
           "Disallow: /*.pdf$\n"
           "Disallow: /recherche*?q=\n"
           "Disallow: /agenda/*/ical\n"
           "Sitemap: https://www.ville.fr/sitemap.xml\n";
}

std::string letters(std::size_t size) {
    std::string path = "/";
    std::uint32_t state = 12345;
    while (path.size() < size) {
        state = state * 1103515245 + 12345;
        path += static_cast<char>('a' + (state >> 16) % 26);
    }
    return path;
}

void measure(const char* name, const std::string& robots, const std::string& target, double seconds) {
    double start = cpu_ms();
    int parses = 0;
    std::optional<sharitories::RobotsRules> rules;
    do {
        rules = sharitories::parse_robots(robots, "sharitories");
        ++parses;
    } while (cpu_ms() - start < seconds * 500);
    const double parse_ms = (cpu_ms() - start) / parses;
    start = cpu_ms();
    bool answer = false;
    int checks = 0;
    do {
        answer = rules->allowed(target);
        ++checks;
    } while (cpu_ms() - start < seconds * 1000);
    fmt::print("{:<52} robots {:>3} KB, target {:>5} B: parse {:6.2f} ms, check {:10.4f} ms ({} checks) -> {}\n", name,
               robots.size() / 1000, target.size(), parse_ms, (cpu_ms() - start) / checks, checks,
               answer ? "allowed" : "disallowed");
}

}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
    const std::string runs = wildcard_runs();
    const std::string a8k = "/" + std::string(8000 - 1, 'a');
    const std::string a64k = "/" + std::string(64 * 1024 - 1, 'a');
    measure("issue 10: /*aaa…ab rules, path /aaa…a", runs, a8k, seconds);
    measure("issue 10: /*aaa…ab rules, path /aaa…a", runs, a64k, seconds);
    measure("issue 10: /*aaa…ab rules, path /aaa…ab", runs, a8k + "b", seconds);
    const std::string trigrams = every_trigram();
    measure("every /*xyz (17,576 rules), path of random letters", trigrams, letters(8000), seconds);
    measure("every /*xyz (17,576 rules), path of random letters", trigrams, letters(64 * 1024), seconds);
    const std::string words = four_letters();
    measure("29,400 distinct /*wxyz rules, path of random letters", words, letters(8000), seconds);
    const std::string stars = many_stars();
    measure("/*a*a…*a*b rules, path /aaa…a", stars, a8k, seconds);
    measure("/*a*a…*a*b rules, path /aaa…a", stars, a64k, seconds);
    measure("typical robots.txt, typical path", typical(), "/agenda/2024/06/repair-cafe-du-samedi?utm_source=x", seconds);
}
