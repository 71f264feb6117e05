// robots.txt (RFC 9309), parsed and matched: the groups whose user-agent matches our product token
// (case-insensitively; else the `*` groups; groups for the same agent merged), allow/disallow rules
// with `*` and `$`, the longest match winning and allow winning a tie (§2.2.2), /robots.txt always
// allowed, paths and patterns compared in one normal form (normalise_robots_path, §2.2.2 and §2.2.3),
// the first 500 KiB parsed (§2.5).
// A check costs at most a few milliseconds whatever the robots.txt (issue 10: it runs on the fetch
// thread, for every URL and every redirect hop; bench/robots_bench measures the worst files). The
// rules are compiled once per robots.txt: a pattern written twice kept once, and the literal texts
// between the `*`s of all rules, each distinct text once, put in one Aho–Corasick automaton. A check
// then reads the target once, every rule finding its texts in order, each leftmost after the one
// before (what `*` means, without backtracking): O(target × log texts + the rules' size), where a
// backtracking matcher per rule costs up to target × pattern for each rule (12.7 s for issue 10's
// file and a 64 KB target), and even a linear one target × rules.
// Departs from the RFC on three points:
//  - Crawl-delay (not in it, but common on small French sites, and asking for less load is always
//    honoured) is read from the matching group;
//  - a reserved character (RFC 3986 §2.2: `/`, `?`, `=` …) is compared as written, raw or
//    percent-encoded, not encoded first: §2.2.2's table keeps `/foo/bar?baz=quz` as it is, and
//    `/a%2Fb` is not the path `/a/b` (RFC 3986 §2.2), which encoding every `/` would make it (the
//    table's `https://foo.bar` row is not followed);
//  - a target longer than robots_max_target_bytes once normalised is never allowed, whatever the
//    robots.txt says and when there is none: RFC 9110 §4.1 only recommends that URIs of 8,000
//    octets be supported, and most servers refuse a longer request line (414); URLs that long are
//    crawler traps (a path that grows at every link) or errors, not the pages of a town; and the
//    limit bounds a check's work. The fetch engine reports such a URL as refused by robots.txt.
// What an unreachable or 4xx robots.txt means (§2.3.1) is decided in robots_gate.h.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sharitories {

inline constexpr std::size_t robots_max_bytes = 500 * 1024;
/// The longest target, normalised (normalise_robots_path), that RobotsRules::allowed() may allow.
inline constexpr std::size_t robots_max_target_bytes = 8 * 1024;

class RobotsRules {
public:
    static RobotsRules allow_all();
    static RobotsRules disallow_all();

    /// `target` is a URL's path and query ("/a/b?c"), as sent in the request line. The same answer
    /// for `target` and normalise_robots_path(target).
    bool allowed(std::string_view target) const;

    /// The matching group's Crawl-delay, if it gave one.
    std::optional<std::chrono::milliseconds> crawl_delay() const { return crawl_delay_; }

private:
    friend RobotsRules parse_robots(std::string_view body, std::string_view product_token);

    struct Matcher;                           // the rules, compiled (robots.cpp)
    std::shared_ptr<const Matcher> matcher_;  // null: no rule
    bool disallow_everything_ = false;
    std::optional<std::chrono::milliseconds> crawl_delay_;
};

/// The rules `body` gives the crawler named `product_token` (e.g. "sharitories").
RobotsRules parse_robots(std::string_view body, std::string_view product_token);

/// The form a path and a pattern's literal text are compared in (RFC 9309 §2.2.2, §2.2.3): a `%XX` of
/// an unreserved character (RFC 3986 §2.3: letters, digits, `-._~`) decoded, any other `%XX` kept with
/// upper-case hex; octets outside US-ASCII, controls, space, the characters a URI cannot hold raw
/// (`"`, `<`, `{`, `\` …) and a `%` that starts no `%XX` percent-encoded; `*` and `$` percent-encoded
/// too (§2.2.3: a pattern's `%2A` matches the path's `*`, and a raw `*` or `$` of a pattern is an
/// operator); the other reserved characters kept as written. Idempotent: RobotsRules::allowed()
/// answers the same for a path and for its normal form.
std::string normalise_robots_path(std::string_view path);

/// The product token of a User-Agent: "sharitories/0.1 (+https://…)" → "sharitories".
std::string product_token(std::string_view user_agent);

}  // namespace sharitories
