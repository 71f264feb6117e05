#include "fetch/robots.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <utility>

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

/// normalise_robots_path(), stopped once past `limit` octets.
std::string normalise(std::string_view path, std::size_t limit) {
    std::string out;
    out.reserve(std::min(path.size(), limit) + 3);
    for (std::size_t i = 0; i < path.size() && out.size() <= limit; ++i) {
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
            // non-ASCII, controls, space, `"` `<` `{` …, a `%` that starts no escape, `*` and `$` (§2.2.3)
            append_escape(out, c);
        }
    }
    return out;
}

/// Appends `pattern` normalised: its literal pieces as normalise_robots_path() writes them, joined by
/// `*`, and a final `$` kept — the two operators are the only raw `*` and `$` left.
void append_normalised_pattern(std::string_view pattern, std::string& out) {
    const bool anchored = pattern.ends_with('$');
    if (anchored) pattern.remove_suffix(1);
    while (true) {
        const auto star = pattern.find('*');
        out += normalise(pattern.substr(0, star), std::string::npos);
        if (star == std::string_view::npos) break;
        out += '*';
        pattern.remove_prefix(star + 1);
    }
    if (anchored) out += '$';
}

/// The literal texts a robots.txt's rules look for between two `*` ("segments"), each distinct text
/// once, in one Aho–Corasick automaton: reading a path octet by octet, it knows at every position
/// which segments end there. Those segments are suffixes of one another: a chain in the forest where
/// a segment's parent is the longest other segment that is a suffix of it. Each segment's subtree is a
/// span of a preorder of that forest, so "which of the segments ending here does a rule wait for" is
/// a stabbing query on spans, answered in O(log segments) (Scan below) instead of walking a chain that
/// can be a thousand segments long (`a`, `aa`, `aaa` …).
class SegmentAutomaton {
public:
    SegmentAutomaton() = default;

    /// `segments`: distinct and non-empty; a segment's id is its index.
    explicit SegmentAutomaton(const std::vector<std::string_view>& segments) {
        const std::size_t count = segments.size();
        std::vector<std::uint32_t> sorted(count);
        std::iota(sorted.begin(), sorted.end(), 0U);
        std::sort(sorted.begin(), sorted.end(), [&](auto a, auto b) { return segments[a] < segments[b]; });

        // The trie, from the sorted texts: each shares the nodes of its common prefix with the one
        // before, so a node's children are made in increasing octet order.
        length_.resize(count);
        std::vector<std::int32_t> parent{-1};
        std::vector<unsigned char> octet{0};
        std::vector<std::int32_t> segment_at{-1};
        std::vector<std::int32_t> node_of(count);
        std::vector<std::int32_t> path{0};  // the previous text's nodes, by depth
        std::string_view previous;
        for (const auto id : sorted) {
            const std::string_view text = segments[id];
            std::size_t common = 0;
            while (common < text.size() && common < previous.size() && text[common] == previous[common]) ++common;
            path.resize(common + 1);
            for (std::size_t depth = common; depth < text.size(); ++depth) {
                parent.push_back(path[depth]);
                octet.push_back(static_cast<unsigned char>(text[depth]));
                segment_at.push_back(-1);
                path.push_back(static_cast<std::int32_t>(parent.size() - 1));
            }
            segment_at[path[text.size()]] = static_cast<std::int32_t>(id);
            node_of[id] = path[text.size()];
            length_[id] = static_cast<std::uint32_t>(text.size());
            previous = text;
        }

        const std::size_t nodes = parent.size();
        edge_begin_.assign(nodes + 1, 0);
        for (std::size_t node = 1; node < nodes; ++node) ++edge_begin_[parent[node] + 1];
        for (std::size_t node = 0; node < nodes; ++node) edge_begin_[node + 1] += edge_begin_[node];
        edge_octet_.resize(nodes - 1);
        edge_target_.resize(nodes - 1);
        std::vector<std::uint32_t> next_edge(edge_begin_.begin(), edge_begin_.end() - 1);
        for (std::size_t node = 1; node < nodes; ++node) {
            const auto edge = next_edge[parent[node]]++;
            edge_octet_[edge] = octet[node];
            edge_target_[edge] = static_cast<std::int32_t>(node);
        }

        // Failure links breadth first: a node's is the longest proper suffix of its text in the trie.
        fail_.assign(nodes, 0);
        ends_.assign(nodes, -1);
        std::vector<std::int32_t> queue{0};
        queue.reserve(nodes);
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const auto node = queue[head];
            if (node != 0) ends_[node] = segment_at[node] >= 0 ? segment_at[node] : ends_[fail_[node]];
            for (auto edge = edge_begin_[node]; edge < edge_begin_[node + 1]; ++edge) {
                const auto child = edge_target_[edge];
                fail_[child] = node == 0 ? 0 : step(fail_[node], edge_octet_[edge]);
                queue.push_back(child);
            }
        }

        // The forest's preorder: a parent is shorter than its children, so subtree sizes are summed
        // longest first and spans handed out shortest first.
        std::vector<std::int32_t> up(count);
        for (std::size_t id = 0; id < count; ++id) up[id] = ends_[fail_[node_of[id]]];
        std::vector<std::uint32_t> by_length(count);
        std::iota(by_length.begin(), by_length.end(), 0U);
        std::stable_sort(by_length.begin(), by_length.end(), [&](auto a, auto b) { return length_[a] < length_[b]; });
        std::vector<std::uint32_t> subtree(count, 1);
        for (auto it = by_length.rbegin(); it != by_length.rend(); ++it)
            if (up[*it] >= 0) subtree[up[*it]] += subtree[*it];
        first_.resize(count);
        std::vector<std::uint32_t> next_free(count);
        std::uint32_t next_root = 0;
        for (const auto id : by_length) {
            auto& from = up[id] >= 0 ? next_free[up[id]] : next_root;
            first_[id] = from;
            from += subtree[id];
            next_free[id] = first_[id] + 1;
        }
        last_.resize(count);
        for (std::size_t id = 0; id < count; ++id) last_[id] = first_[id] + subtree[id];
    }

    std::size_t segment_count() const { return length_.size(); }
    std::size_t length(std::uint32_t segment) const { return length_[segment]; }
    /// The span of `segment`'s subtree: the segments of which it is a suffix, itself included.
    std::uint32_t first(std::uint32_t segment) const { return first_[segment]; }
    std::uint32_t last(std::uint32_t segment) const { return last_[segment]; }

    /// The node after reading `c` in `node` (0: the root).
    std::int32_t step(std::int32_t node, unsigned char c) const {
        while (true) {
            const auto begin = edge_octet_.begin() + edge_begin_[node];
            const auto end = edge_octet_.begin() + edge_begin_[node + 1];
            const auto found = std::lower_bound(begin, end, c);
            if (found != end && *found == c) return edge_target_[found - edge_octet_.begin()];
            if (node == 0) return 0;
            node = fail_[node];
        }
    }

    /// The longest segment ending where `node` was reached, -1 if none.
    std::int32_t longest_ending(std::int32_t node) const { return ends_[node]; }

private:
    std::vector<std::uint32_t> edge_begin_;  // per node, into edge_octet_ and edge_target_
    std::vector<unsigned char> edge_octet_;  // sorted per node
    std::vector<std::int32_t> edge_target_;
    std::vector<std::int32_t> fail_;
    std::vector<std::int32_t> ends_;
    std::vector<std::uint32_t> length_, first_, last_;  // per segment
};

/// One rule, compiled; its texts are in its Matcher's `text` and `middles`. It matches a path that
/// starts with its prefix (up to the first `*`), then holds its middles (the non-empty texts between
/// two `*`, and after the last one unless anchored) in order, each found leftmost after the one before
/// — leftmost leaves the most room to what follows, so no other choice succeeds where it fails; an
/// anchored rule (`$`) must then end with its suffix (after the last `*`) after the middles' end, and
/// without any `*`, the path must be its prefix exactly.
struct CompiledRule {
    std::uint32_t length = 0;  // octets of the normalised pattern, `*` and `$` included: the priority
    std::uint32_t prefix_begin = 0, prefix_size = 0;
    std::uint32_t suffix_begin = 0, suffix_size = 0;
    std::uint32_t middles_begin = 0, middles_end = 0;
    bool allow = false;
    bool anchored = false;
    bool has_star = false;
};

}  // namespace

/// The rules of the chosen groups, compiled once per robots.txt, in priority order — longest
/// normalised pattern first, allow first on a tie — so that the first rule that matches decides; a
/// pattern written twice kept once (twice if once allowed and once disallowed: the allow comes first
/// and decides). Flat arrays: a 500 KiB robots.txt of short rules is some 40,000 of them.
struct RobotsRules::Matcher {
    std::string text;                    // the rules' prefixes and suffixes
    std::vector<std::uint32_t> middles;  // the rules' middles, as segment ids
    std::vector<CompiledRule> rules;
    SegmentAutomaton automaton;  // every middle

    std::string_view prefix(const CompiledRule& rule) const {
        return std::string_view(text).substr(rule.prefix_begin, rule.prefix_size);
    }
    std::string_view suffix(const CompiledRule& rule) const {
        return std::string_view(text).substr(rule.suffix_begin, rule.suffix_size);
    }
    std::size_t middle_count(const CompiledRule& rule) const { return rule.middles_end - rule.middles_begin; }

    /// Does `path`, `rule`'s middles found up to `end`, end as the rule asks?
    bool tail_matches(const CompiledRule& rule, std::string_view path, std::size_t end) const {
        if (!rule.anchored) return true;
        if (!rule.has_star) return path.size() == end;
        return path.size() >= end + rule.suffix_size && path.ends_with(suffix(rule));
    }

    explicit Matcher(const std::vector<std::pair<std::string_view, bool>>& written);

    /// The index of the highest-priority rule matching `path`, rules.size() if none.
    std::size_t first_match(std::string_view path) const;

    class Scan;
};

/// The rules of a Matcher that have middles, matched against one path in one pass of the automaton.
/// A rule looking for its middle `m` from position `from` is "due" at from + |m| - 1, the first
/// position where `m` can end; from then it waits on `m` until the automaton reports `m` ending
/// somewhere, then looks for its next middle after that. The segments waited on are kept as spans in
/// a segment tree over the forest's preorder, so that each position finds those of its ending
/// segments that are waited on in O(log segments); a fired segment's older entries are told apart by
/// a generation number and dropped as they are met. A rule moves forward at most once per middle: a
/// check costs O(path × log segments + the rules' size), whatever the patterns.
class RobotsRules::Matcher::Scan {
public:
    Scan(const Matcher& matcher, std::string_view path)
        : matcher_(matcher), automaton_(matcher.automaton), path_(path), stage_(matcher.rules.size(), 0),
          next_(matcher.rules.size(), -1), due_(path.size(), -1), waiting_(automaton_.segment_count(), -1),
          generation_(automaton_.segment_count(), 0), leaves_(std::bit_ceil(automaton_.segment_count())),
          tree_(2 * leaves_, -1) {}

    /// Rule `rule`, whose prefix the path starts with, looks for its first middle.
    void start(std::size_t rule) { look_for_next(rule, matcher_.rules[rule].prefix_size); }

    /// Reads the path; returns the first (highest-priority) rule that matched if before `found`,
    /// else `found`.
    std::size_t run(std::size_t found) {
        found_ = found;
        std::int32_t node = 0;
        for (std::size_t at = 0; at < path_.size() && pending_ > 0; ++at) {
            node = automaton_.step(node, static_cast<unsigned char>(path_[at]));
            for (auto rule = std::exchange(due_[at], -1); rule >= 0;) {
                const auto next = next_[rule];
                wait(static_cast<std::size_t>(rule));
                rule = next;
            }
            if (const auto ending = automaton_.longest_ending(node); ending >= 0)
                fire_waited_suffixes(automaton_.first(static_cast<std::uint32_t>(ending)), at);
        }
        return found_;
    }

private:
    struct Entry {
        std::uint32_t segment;
        std::uint32_t generation;
        std::int32_t next;
    };

    std::uint32_t middle(std::size_t rule) const {
        return matcher_.middles[matcher_.rules[rule].middles_begin + stage_[rule]];
    }

    void look_for_next(std::size_t rule, std::size_t from) {
        const auto& compiled = matcher_.rules[rule];
        if (stage_[rule] == matcher_.middle_count(compiled)) {
            if (matcher_.tail_matches(compiled, path_, from)) found_ = std::min(found_, rule);
            return;
        }
        const auto due = from + automaton_.length(middle(rule)) - 1;
        if (due >= path_.size()) return;  // too little path left: no match
        next_[rule] = std::exchange(due_[due], static_cast<std::int32_t>(rule));
        ++pending_;
    }

    void wait(std::size_t rule) {
        const auto segment = middle(rule);
        if (waiting_[segment] < 0) {
            // the span's O(log) canonical nodes in the tree
            auto low = automaton_.first(segment) + leaves_, high = automaton_.last(segment) + leaves_;
            for (; low < high; low >>= 1, high >>= 1) {
                if (low & 1) add_entry(low++, segment);
                if (high & 1) add_entry(--high, segment);
            }
        }
        next_[rule] = std::exchange(waiting_[segment], static_cast<std::int32_t>(rule));
    }

    void add_entry(std::size_t tree_node, std::uint32_t segment) {
        entries_.push_back({segment, generation_[segment], tree_[tree_node]});
        tree_[tree_node] = static_cast<std::int32_t>(entries_.size() - 1);
    }

    /// The segments ending at `at` are those whose span holds `point`: every entry met from
    /// `point`'s leaf up to the root is one of them (or stale), so each is fired and the lists emptied.
    void fire_waited_suffixes(std::size_t point, std::size_t at) {
        for (auto tree_node = point + leaves_; tree_node > 0; tree_node >>= 1) {
            for (auto entry = std::exchange(tree_[tree_node], -1); entry >= 0; entry = entries_[entry].next) {
                const auto segment = entries_[entry].segment;
                if (entries_[entry].generation == generation_[segment]) fire(segment, at);
            }
        }
    }

    void fire(std::uint32_t segment, std::size_t at) {
        ++generation_[segment];
        for (auto rule = std::exchange(waiting_[segment], -1); rule >= 0;) {
            const auto next = next_[rule];
            --pending_;
            ++stage_[rule];
            look_for_next(static_cast<std::size_t>(rule), at + 1);
            rule = next;
        }
    }

    const Matcher& matcher_;
    const SegmentAutomaton& automaton_;
    std::string_view path_;
    std::vector<std::uint32_t> stage_;       // per rule: which of its middles it looks for
    std::vector<std::int32_t> next_;         // per rule: the next rule in the list it is in (due or waiting)
    std::vector<std::int32_t> due_;          // per position: the rules due there
    std::vector<std::int32_t> waiting_;      // per segment: the rules waiting on it
    std::vector<std::uint32_t> generation_;  // per segment: bumped when it fires
    std::size_t leaves_;
    std::vector<std::int32_t> tree_;  // per tree node: its first entry
    std::vector<Entry> entries_;
    std::size_t pending_ = 0;  // rules due or waiting
    std::size_t found_ = 0;
};

RobotsRules::Matcher::Matcher(const std::vector<std::pair<std::string_view, bool>>& written) {
    // Every pattern normalised, then put in priority order with identical ones side by side.
    std::string normalised;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  // into `normalised`
    spans.reserve(written.size());
    for (const auto& [pattern, allow] : written) {
        const auto begin = normalised.size();
        append_normalised_pattern(pattern, normalised);
        spans.emplace_back(static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(normalised.size() - begin));
    }
    auto pattern = [&](std::size_t index) {
        return std::string_view(normalised).substr(spans[index].first, spans[index].second);
    };
    std::vector<std::uint32_t> order(written.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
        if (spans[a].second != spans[b].second) return spans[a].second > spans[b].second;
        if (written[a].second != written[b].second) return written[a].second;  // allow first
        return pattern(a) < pattern(b);
    });
    // An identical pattern of the other kind comes after an allow: it can never decide, and costs
    // only its share of a scan.
    auto same = [&](auto a, auto b) { return written[a].second == written[b].second && pattern(a) == pattern(b); };
    order.erase(std::unique(order.begin(), order.end(), same), order.end());

    rules.reserve(order.size());
    std::unordered_map<std::string_view, std::uint32_t> segment_ids;  // views into `normalised`
    std::vector<std::string_view> segments;
    for (const auto index : order) {
        std::string_view rest = pattern(index);
        CompiledRule& rule = rules.emplace_back();
        rule.length = static_cast<std::uint32_t>(rest.size());
        rule.allow = written[index].second;
        rule.anchored = rest.ends_with('$');
        if (rule.anchored) rest.remove_suffix(1);
        auto star = rest.find('*');
        rule.has_star = star != std::string_view::npos;
        rule.prefix_begin = static_cast<std::uint32_t>(text.size());
        rule.prefix_size = static_cast<std::uint32_t>(std::min(star, rest.size()));
        text += rest.substr(0, star);
        rule.middles_begin = static_cast<std::uint32_t>(middles.size());
        while (star != std::string_view::npos) {
            rest.remove_prefix(star + 1);
            star = rest.find('*');
            const auto piece = rest.substr(0, star);
            if (star == std::string_view::npos && rule.anchored) {
                rule.suffix_begin = static_cast<std::uint32_t>(text.size());
                rule.suffix_size = static_cast<std::uint32_t>(piece.size());
                text += piece;
            } else if (!piece.empty()) {
                const auto [it, added] = segment_ids.emplace(piece, static_cast<std::uint32_t>(segments.size()));
                if (added) segments.push_back(piece);
                middles.push_back(it->second);
            }
        }
        rule.middles_end = static_cast<std::uint32_t>(middles.size());
    }
    if (!segments.empty()) automaton = SegmentAutomaton(segments);
}

std::size_t RobotsRules::Matcher::first_match(std::string_view path) const {
    // The rules without middles are decided on the spot, in priority order, until one matches: those
    // after it come second to it. Those with middles before it wait for the one pass of a Scan.
    std::size_t found = rules.size();
    std::optional<Scan> scan;
    for (std::size_t index = 0; index < rules.size(); ++index) {
        const auto& rule = rules[index];
        if (!path.starts_with(prefix(rule))) continue;
        if (rule.middles_begin == rule.middles_end) {
            if (!tail_matches(rule, path, rule.prefix_size)) continue;
            found = index;
            break;
        }
        if (rule.prefix_size + automaton.length(middles[rule.middles_begin]) > path.size()) continue;
        if (!scan) scan.emplace(*this, path);
        scan->start(index);
    }
    return scan ? scan->run(found) : found;
}

namespace {

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
    std::vector<std::pair<std::string_view, bool>> rules;  // pattern as written (in the body), allow
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
    const std::string path = normalise(target, robots_max_target_bytes);  // past it, refused whole
    if (path == "/robots.txt") return true;  // after normalisation: /robots%2Etxt is the same file
    if (path.size() > robots_max_target_bytes) return false;
    if (disallow_everything_) return false;
    if (!matcher_) return true;
    const auto rule = matcher_->first_match(path);
    return rule == matcher_->rules.size() || matcher_->rules[rule].allow;
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
            if (!line->value.empty()) groups.back().rules.emplace_back(line->value, line->key == "allow");
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
    std::vector<std::pair<std::string_view, bool>> written;
    for (const Group* group : chosen) {
        written.insert(written.end(), group->rules.begin(), group->rules.end());
        if (group->crawl_delay_seconds)
            rules.crawl_delay_ = std::chrono::milliseconds(std::llround(*group->crawl_delay_seconds * 1000));
    }
    if (!written.empty()) rules.matcher_ = std::make_shared<const RobotsRules::Matcher>(written);
    return rules;
}

std::string normalise_robots_path(std::string_view path) { return normalise(path, std::string::npos); }

std::string product_token(std::string_view user_agent) {
    std::size_t end = 0;
    while (end < user_agent.size() && user_agent[end] != '/' && user_agent[end] != ' ') ++end;
    return std::string(user_agent.substr(0, end));
}

}  // namespace sharitories
