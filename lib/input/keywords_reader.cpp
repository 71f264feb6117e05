#include "input/keywords_reader.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <span>

#include "input/delimited_text.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

constexpr std::string_view pillar_names = "consommation, production, financement, gouvernance";

/// One data row of a fixed-column file, and the place to report what is wrong with its fields.
class Row {
public:
    Row(const DelimitedRecord& record, const std::string& file, std::vector<InputError>& errors)
        : record_(record), file_(file), errors_(errors) {
        for (const auto& field : record.fields) fields_.push_back(trim(field));
    }

    /// The field, or "" for an optional one the row leaves out.
    std::string_view operator[](std::size_t field) const { return field < fields_.size() ? fields_[field] : ""; }
    int line() const { return record_.line; }

    void error(std::size_t field, std::string message) const {
        errors_.push_back({file_, record_.lines[field], record_.columns[field], std::move(message)});
    }

private:
    const DelimitedRecord& record_;
    const std::string& file_;
    std::vector<InputError>& errors_;
    std::vector<std::string_view> fields_;
};

/// Reads a file of `columns` fields per row — TAB, `;` or `,` separated, `#` comments — calling
/// `read_row(row)` for each data row to build its value. A row with fewer than `required` fields or
/// more than the columns is an error; a first row that repeats the column names is a header and is
/// skipped.
template <typename T, typename ReadRow>
Parsed<std::vector<T>> read_rows(std::string_view text, const std::string& file,
                                 std::span<const std::string_view> columns, ReadRow read_row,
                                 std::size_t required = 0) {
    if (required == 0) required = columns.size();
    Parsed<std::vector<T>> result;
    auto table = parse_delimited(text, file, {.delimiters = "\t;,", .comments = true});
    if (!table.ok()) {
        result.errors = std::move(table.errors);
        return result;
    }
    std::string expected;
    for (auto column : columns) expected += fmt::format("{}{}", expected.empty() ? "" : "<TAB>", column);

    for (std::size_t r = 0; r < table.value.records.size(); ++r) {
        const DelimitedRecord& record = table.value.records[r];
        if (r == 0 && ascii_lower(trim(record.fields.front())) == columns.front()) continue;
        if (record.fields.size() < required || record.fields.size() > columns.size()) {
            result.errors.push_back({file, record.line, 0,
                                     fmt::format("expected {} fields ({}), found {}",
                                                 required == columns.size() ? std::to_string(required)
                                                                            : fmt::format("{} to {}", required, columns.size()),
                                                 expected, record.fields.size())});
            continue;
        }
        result.value.push_back(read_row(Row(record, file, result.errors)));
    }
    return result;
}

/// A decimal number; a comma is read as the decimal point too (French spreadsheets).
std::optional<double> parse_decimal(std::string_view text) {
    std::string copy(text);
    std::replace(copy.begin(), copy.end(), ',', '.');
    double value = 0;
    auto [end, error] = std::from_chars(copy.data(), copy.data() + copy.size(), value);
    if (error != std::errc{} || end != copy.data() + copy.size()) return std::nullopt;
    return value;
}

std::optional<PlatformKind> parse_platform_kind(std::string_view name) {
    for (auto kind : {PlatformKind::crowdfunding, PlatformKind::civic_tech, PlatformKind::network,
                      PlatformKind::directory, PlatformKind::marketplace, PlatformKind::social}) {
        if (to_string(kind) == name) return kind;
    }
    return std::nullopt;
}

bool is_domain(std::string_view domain) {
    if (domain.empty() || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
        domain.back() == '.' || domain.front() == '-')
        return false;
    return std::all_of(domain.begin(), domain.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
}

/// Pillar names are lower case; a spreadsheet's automatic capital ("Consommation") is forgiven.
std::optional<Pillar> read_pillar(const Row& row, std::size_t field, std::string_view alternative = "") {
    auto pillar = parse_pillar(ascii_lower(row[field]));
    if (!pillar) {
        row.error(field, fmt::format("unknown pillar '{}'; expected one of {}{}", row[field], pillar_names,
                                     alternative));
    }
    return pillar;
}

/// The checks a term must pass to be sent to a search engine inside quotes, on one line.
void check_term(const Row& row, std::size_t field) {
    std::string_view term = row[field];
    if (term.empty()) row.error(field, "the term is empty");
    else if (term.find('"') != std::string_view::npos)
        row.error(field, "a term must not contain '\"' (the query builder adds the quotes)");
    else if (has_control_char(term))
        row.error(field, "a term must not contain a line break, a tab or another control character");
    else if (utf8_length(term) > max_term_chars)
        row.error(field, fmt::format("the term is longer than {} characters", max_term_chars));
    else if (normalize(term).empty())
        row.error(field, fmt::format("the term '{}' has no letter or digit", term));
}

}  // namespace

std::string_view to_string(PlatformKind kind) {
    switch (kind) {
        case PlatformKind::crowdfunding: return "crowdfunding";
        case PlatformKind::civic_tech: return "civic-tech";
        case PlatformKind::network: return "network";
        case PlatformKind::directory: return "directory";
        case PlatformKind::marketplace: return "marketplace";
        case PlatformKind::social: return "social";
    }
    return "?";
}

Parsed<std::vector<Keyword>> read_keywords(std::string_view text, const std::string& file,
                                           const std::string& language) {
    constexpr std::string_view columns[] = {"pillar", "term", "weight"};
    // Two spellings that normalise alike ("Tiers-lieu", "tiers lieu") are the same term to the matcher.
    std::map<std::pair<Pillar, std::string>, int> first_line;
    return read_rows<Keyword>(text, file, columns, [&](const Row& row) {
        Keyword keyword;
        keyword.language = language;
        keyword.term = std::string(row[1]);
        check_term(row, 1);
        auto weight = parse_decimal(row[2]);
        if (!weight) {
            row.error(2, fmt::format("weight '{}' is not a number", row[2]));
        } else if (!(*weight > 0 && *weight <= max_keyword_weight)) {
            row.error(2, fmt::format("weight {} is out of range: expected more than 0 and at most {}", row[2],
                                     max_keyword_weight));
        } else {
            keyword.weight = *weight;
        }
        if (auto pillar = read_pillar(row, 0)) {
            keyword.pillar = *pillar;
            auto [it, inserted] = first_line.emplace(std::pair{*pillar, normalize(keyword.term)}, row.line());
            if (!inserted && !keyword.term.empty()) {
                row.error(1, fmt::format("duplicate term '{}' in pillar {}, already on line {}", keyword.term,
                                         to_string(*pillar), it->second));
            }
        }
        return keyword;
    });
}

Parsed<std::vector<Platform>> read_platforms(std::string_view text, const std::string& file) {
    constexpr std::string_view columns[] = {"domain", "pillar", "kind", "pages"};
    std::map<std::string, int, std::less<>> first_line;
    return read_rows<Platform>(
        text, file, columns,
        [&](const Row& row) {
        Platform platform;
        platform.domain = std::string(row[0]);
        if (platform.domain.starts_with("www.") || platform.domain.find('/') != std::string::npos) {
            row.error(0, fmt::format("'{}': write the bare domain, without scheme, www. or path (e.g. ulule.com)",
                                     platform.domain));
        } else if (!is_domain(platform.domain)) {
            row.error(0, fmt::format("'{}' is not a lower-case domain name like ulule.com", platform.domain));
        } else if (auto [it, inserted] = first_line.emplace(platform.domain, row.line()); !inserted) {
            row.error(0, fmt::format("duplicate domain {}, already on line {}", platform.domain, it->second));
        }
        if (row[1] != "-") platform.pillar = read_pillar(row, 1, ", or - for none");
        if (auto kind = parse_platform_kind(row[2])) {
            platform.kind = *kind;
        } else {
            row.error(2, fmt::format("unknown platform kind '{}'; expected one of crowdfunding, civic-tech, "
                                     "network, directory, marketplace, social",
                                     row[2]));
        }
        // pages: "collectes=financement, …", the pillar that pages under a path segment imply
        std::string_view pages = row[3];
        while (!pages.empty() && pages != "-") {
            const auto comma = pages.find(',');
            std::string_view entry = pages.substr(0, comma);
            while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
            while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
            const auto equals = entry.find('=');
            if (equals == std::string_view::npos || equals == 0) {
                row.error(3, fmt::format("'{}': write a path segment, '=' and a pillar (collectes=financement)", entry));
            } else if (auto pillar = parse_pillar(entry.substr(equals + 1))) {
                platform.pillar_of_pages.emplace_back(std::string(entry.substr(0, equals)), *pillar);
            } else {
                row.error(3, fmt::format("'{}' is not a pillar; expected consommation, production, financement or "
                                         "gouvernance",
                                         entry.substr(equals + 1)));
            }
            if (comma == std::string_view::npos) break;
            pages.remove_prefix(comma + 1);
        }
        return platform;
    },
        3);
}

namespace {

/// "a, b , c" → {"a", "b", "c"}; empty items are errors reported on `field`.
std::vector<std::string> word_list(const Row& row, std::size_t field) {
    std::vector<std::string> words;
    std::string_view list = row[field];
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view word = trim(list.substr(0, comma));
        if (word.empty() || normalize(word).empty()) row.error(field, "an empty word in the list (two commas in a row?)");
        else words.emplace_back(word);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return words;
}

}  // namespace

Parsed<std::vector<AmbiguousName>> read_homonyms(std::string_view text, const std::string& file) {
    constexpr std::string_view columns[] = {"name", "kind", "note", "against"};
    return read_rows<AmbiguousName>(
        text, file, columns,
        [](const Row& row) {
            AmbiguousName name{std::string(row[0]), AmbiguityKind::word, std::string(row[2]), {}};
            if (name.name.empty()) row.error(0, "the name is empty");
            if (row[1] == "word") name.kind = AmbiguityKind::word;
            else if (row[1] == "place") name.kind = AmbiguityKind::place;
            else if (row[1] == "brand") name.kind = AmbiguityKind::brand;
            else row.error(1, fmt::format("unknown kind '{}'; expected word, place or brand", row[1]));
            if (!row[3].empty() && row[3] != "-") name.against = word_list(row, 3);
            return name;
        },
        3);
}

Parsed<std::vector<ContextRule>> read_context(std::string_view text, const std::string& file) {
    constexpr std::string_view columns[] = {"rule", "term", "words"};
    return read_rows<ContextRule>(text, file, columns, [&](const Row& row) {
        ContextRule rule;
        rule.file = file;
        rule.line = row.line();
        if (row[0] == "needs") rule.kind = ContextKind::needs;
        else if (row[0] == "cancels") rule.kind = ContextKind::cancels;
        else if (row[0] == "passing") rule.kind = ContextKind::passing;
        else if (row[0] == "third-party") rule.kind = ContextKind::third_party;
        else if (row[0] == "proposal") rule.kind = ContextKind::proposal;
        else if (row[0] == "media") rule.kind = ContextKind::media;
        else row.error(0, fmt::format("unknown rule '{}'; expected needs, cancels, passing, third-party, proposal or media", row[0]));
        if (!is_term_rule(rule.kind)) {
            if (row[1] != "-") row.error(1, fmt::format("a {} rule is not about one term: write - here", row[0]));
        } else {
            rule.term = std::string(row[1]);
            check_term(row, 1);
        }
        rule.words = word_list(row, 2);
        if (rule.words.empty()) row.error(2, "no words");
        return rule;
    });
}

Parsed<std::vector<AmbiguousName>> read_shared_names(std::string_view text, const std::string& file) {
    constexpr std::string_view columns[] = {"name", "communes"};
    return read_rows<AmbiguousName>(text, file, columns, [](const Row& row) {
        int communes = 0;
        std::string_view count = row[1];
        auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), communes);
        if (error != std::errc{} || end != count.data() + count.size() || communes < 2)
            row.error(1, fmt::format("communes '{}' is not a whole number of at least 2", count));
        return AmbiguousName{std::string(row[0]), AmbiguityKind::commune,
                             fmt::format("{} communes bear this name", communes), {}};
    });
}

}  // namespace sharitories
