#include "fetch/robots.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "input/delimited_text.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return (c | 0x20) - 'a' + 10;
}

/// RFC 3986 §2.3.
bool is_unreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

/// RFC 3986 §2.2: the gen-delims and sub-delims.
bool is_reserved(unsigned char c) {
    return c != 0 && std::string_view(":/?#[]@!$&'()*+,;=").find(static_cast<char>(c)) != std::string_view::npos;
}

void append_escape(std::string& out, unsigned char c) {
    static constexpr char hex_digits[] = "0123456789ABCDEF";
    out += '%';
    out += hex_digits[c >> 4];
    out += hex_digits[c & 0xF];
}

/// A robots.txt pattern, normalised: its literal pieces as normalise_robots_path() writes them,
/// joined by `*`, and a final `$` kept — the two operators are the only raw `*` and `$` left.
std::string normalise_pattern(std::string_view pattern) {
    const bool anchored = pattern.ends_with('$');
    if (anchored) pattern.remove_suffix(1);
    std::string out;
    while (true) {
        const auto star = pattern.find('*');
        out += normalise_robots_path(pattern.substr(0, star));
        if (star == std::string_view::npos) break;
        out += '*';
        pattern.remove_prefix(star + 1);
    }
    if (anchored) out += '$';
    return out;
}

/// Does `pattern` (with `*` wildcards and an optional final `$`) match the start of `path`?
bool matches(std::string_view pattern, std::string_view path) {
    const bool anchored = !pattern.empty() && pattern.back() == '$';
    if (anchored) pattern.remove_suffix(1);
    // Classic wildcard matching with backtracking to the last `*`: linear in practice.
    std::size_t p = 0, s = 0;
    std::size_t star = std::string_view::npos, star_s = 0;
    while (true) {
        if (p == pattern.size()) {
            if (!anchored || s == path.size()) return true;
            // anchored but text remains: let the last `*` swallow more
        } else if (pattern[p] == '*') {
            star = p++;
            star_s = s;
            continue;
        } else if (s < path.size() && pattern[p] == path[s]) {
            ++p;
            ++s;
            continue;
        }
        if (star == std::string_view::npos || star_s >= path.size()) return false;
        p = star + 1;
        s = ++star_s;
    }
}

struct Line {
    std::string key;  // lower case
    std::string_view value;
};

std::optional<Line> read_line(std::string_view line) {
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    return Line{ascii_lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1))};
}

/// The agent name a user-agent line gives: its leading run of letters, `_` and `-` (or `*`).
std::string agent_name(std::string_view value) {
    if (value.starts_with("*")) return "*";
    std::size_t end = 0;
    while (end < value.size() && (std::isalpha(static_cast<unsigned char>(value[end])) || value[end] == '_' ||
                                  value[end] == '-'))
        ++end;
    return ascii_lower(value.substr(0, end));
}

struct Group {
    std::vector<std::string> agents;
    std::vector<std::pair<std::string, bool>> rules;  // pattern as written, allow
    std::optional<double> crawl_delay_seconds;
};

}  // namespace

RobotsRules RobotsRules::allow_all() { return RobotsRules{}; }

RobotsRules RobotsRules::disallow_all() {
    RobotsRules rules;
    rules.disallow_everything_ = true;
    return rules;
}

bool RobotsRules::allowed(std::string_view target) const {
    if (target.empty()) target = "/";
    const std::string path = normalise_robots_path(target);
    if (path == "/robots.txt") return true;  // after normalisation: /robots%2Etxt is the same file
    if (disallow_everything_) return false;
    const Rule* best = nullptr;
    for (const auto& rule : rules_) {
        if (!matches(rule.pattern, path)) continue;
        if (best == nullptr || rule.pattern.size() > best->pattern.size() ||
            (rule.pattern.size() == best->pattern.size() && rule.allow))
            best = &rule;
    }
    return best == nullptr || best->allow;
}

RobotsRules parse_robots(std::string_view body, std::string_view token) {
    if (body.size() > robots_max_bytes) {
        // past the limit, and the line cut there: a half rule ("Allow: /pu") would say more than written
        body = body.substr(0, robots_max_bytes);
        body = body.substr(0, body.find_last_of("\r\n") + 1);
    }
    body = strip_bom(body);
    std::vector<Group> groups;
    bool in_rules = false;  // a rule line was seen since the last user-agent line
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t end = body.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) end = body.size();
        auto line = read_line(body.substr(pos, end - pos));
        pos = end + 1;
        if (!line) continue;
        if (line->key == "user-agent") {
            if (groups.empty() || in_rules) groups.emplace_back();
            in_rules = false;
            groups.back().agents.push_back(agent_name(line->value));
        } else if (line->key == "allow" || line->key == "disallow") {
            if (groups.empty()) continue;  // a rule before any user-agent belongs to no group
            in_rules = true;
            if (!line->value.empty()) groups.back().rules.emplace_back(std::string(line->value), line->key == "allow");
        } else if (line->key == "crawl-delay") {
            if (groups.empty()) continue;
            in_rules = true;
            double seconds = 0;
            auto value = line->value;
            auto [ptr, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
            if (error == std::errc{} && seconds >= 0 && std::isfinite(seconds)) groups.back().crawl_delay_seconds = seconds;
        }
        // sitemap and other records neither start nor end a group (§2.2.4)
    }

    const std::string ours = agent_name(token);  // cut as the user-agent lines are
    auto pick = [&](const std::string& agent) {
        std::vector<const Group*> picked;
        for (const auto& group : groups) {
            if (std::find(group.agents.begin(), group.agents.end(), agent) != group.agents.end())
                picked.push_back(&group);
        }
        return picked;
    };
    auto chosen = pick(ours);
    if (chosen.empty()) chosen = pick("*");

    RobotsRules rules;
    for (const Group* group : chosen) {
        for (const auto& [pattern, allow] : group->rules) rules.rules_.push_back({normalise_pattern(pattern), allow});
        if (group->crawl_delay_seconds)
            rules.crawl_delay_ = std::chrono::milliseconds(std::llround(*group->crawl_delay_seconds * 1000));
    }
    return rules;
}

std::string normalise_robots_path(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto c = static_cast<unsigned char>(path[i]);
        if (c == '%' && i + 2 < path.size() && is_hex(path[i + 1]) && is_hex(path[i + 2])) {
            const auto decoded = static_cast<unsigned char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2]));
            if (is_unreserved(decoded))
                out += static_cast<char>(decoded);
            else
                append_escape(out, decoded);  // upper-case hex
            i += 2;
        } else if (is_unreserved(c) || (is_reserved(c) && c != '*' && c != '$')) {
            out += static_cast<char>(c);
        } else {
            // non-ASCII, controls, space, a `%` that starts no escape, `"<>\^`{|}` and `*` `$` (§2.2.3)
            append_escape(out, c);
        }
    }
    return out;
}

std::string product_token(std::string_view user_agent) {
    std::size_t end = 0;
    while (end < user_agent.size() && user_agent[end] != '/' && user_agent[end] != ' ') ++end;
    return std::string(user_agent.substr(0, end));
}

}  // namespace sharitories
