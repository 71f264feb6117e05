#include "input/keywords_reader.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <span>

#include "input/delimited_text.h"
#include "text/normalize.h"

namespace sharitories {
namespace {

constexpr std::string_view pillar_names = "consommation, production, financement, gouvernance";

struct Row {
    int line = 0;
    std::vector<std::string_view> fields;  // trimmed
    std::vector<int> columns;
};

/// The data rows of a fixed-column file, each with exactly `columns.size()` fields; a first row
/// that repeats the column names is taken as a header and skipped.
Parsed<std::vector<Row>> read_rows(const DelimitedTable& table, const std::string& file,
                                   std::span<const std::string_view> columns) {
    Parsed<std::vector<Row>> result;
    for (std::size_t r = 0; r < table.records.size(); ++r) {
        const DelimitedRecord& record = table.records[r];
        if (r == 0 && !record.fields.empty() && trim(record.fields.front()) == columns.front())
            continue;
        if (record.fields.size() != columns.size()) {
            std::string expected;
            for (auto column : columns) expected += fmt::format("{}{}", expected.empty() ? "" : "<TAB>", column);
            result.errors.push_back({file, record.line, 0,
                                     fmt::format("expected {} fields ({}), found {}", columns.size(),
                                                 expected, record.fields.size())});
            continue;
        }
        Row row{record.line, {}, record.columns};
        for (const auto& field : record.fields) row.fields.push_back(trim(field));
        result.value.push_back(std::move(row));
    }
    return result;
}

Parsed<DelimitedTable> parse_table(std::string_view text, const std::string& file) {
    return parse_delimited(text, file, {.delimiters = "\t;,", .comments = true});
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

std::size_t count_chars(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
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

std::string unknown_pillar_message(std::string_view pillar) {
    return fmt::format("unknown pillar '{}'; expected one of {}", pillar, pillar_names);
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
    Parsed<std::vector<Keyword>> result;
    auto table = parse_table(text, file);
    if (!table.ok()) return {{}, std::move(table.errors)};
    constexpr std::string_view columns[] = {"pillar", "term", "weight"};
    auto rows = read_rows(table.value, file, columns);
    result.errors = std::move(rows.errors);

    // Two spellings that normalise alike ("Tiers-lieu", "tiers lieu") are the same term to the matcher.
    std::map<std::pair<Pillar, std::string>, int> first_line;
    for (const Row& row : rows.value) {
        auto error = [&](std::size_t field, std::string message) {
            result.errors.push_back({file, row.line, row.columns[field], std::move(message)});
        };
        Keyword keyword;
        keyword.language = language;
        auto pillar = parse_pillar(row.fields[0]);
        if (!pillar) error(0, unknown_pillar_message(row.fields[0]));
        keyword.term = std::string(row.fields[1]);
        if (keyword.term.empty()) error(1, "the term is empty");
        else if (keyword.term.find('"') != std::string::npos)
            error(1, "a term must not contain '\"' (the query builder adds the quotes)");
        else if (count_chars(keyword.term) > max_term_chars)
            error(1, fmt::format("the term is longer than {} characters", max_term_chars));
        else if (normalize(keyword.term).empty())
            error(1, fmt::format("the term '{}' has no letter or digit", keyword.term));
        auto weight = parse_decimal(row.fields[2]);
        if (!weight) {
            error(2, fmt::format("weight '{}' is not a number", row.fields[2]));
        } else if (!(*weight > 0 && *weight <= max_keyword_weight)) {
            error(2, fmt::format("weight {} is out of range: expected more than 0 and at most {}",
                                 row.fields[2], max_keyword_weight));
        } else {
            keyword.weight = *weight;
        }
        if (pillar && !keyword.term.empty()) {
            keyword.pillar = *pillar;
            auto [it, inserted] = first_line.emplace(std::pair{*pillar, normalize(keyword.term)}, row.line);
            if (!inserted) {
                error(1, fmt::format("duplicate term '{}' in pillar {}, already on line {}", keyword.term,
                                     to_string(*pillar), it->second));
            }
        }
        result.value.push_back(std::move(keyword));
    }
    return result;
}

Parsed<std::vector<Platform>> read_platforms(std::string_view text, const std::string& file) {
    Parsed<std::vector<Platform>> result;
    auto table = parse_table(text, file);
    if (!table.ok()) return {{}, std::move(table.errors)};
    constexpr std::string_view columns[] = {"domain", "pillar", "kind"};
    auto rows = read_rows(table.value, file, columns);
    result.errors = std::move(rows.errors);

    std::map<std::string, int, std::less<>> first_line;
    for (const Row& row : rows.value) {
        auto error = [&](std::size_t field, std::string message) {
            result.errors.push_back({file, row.line, row.columns[field], std::move(message)});
        };
        Platform platform;
        platform.domain = std::string(row.fields[0]);
        if (platform.domain.starts_with("www.") || platform.domain.find('/') != std::string::npos) {
            error(0, fmt::format("'{}': write the bare domain, without scheme, www. or path "
                                 "(e.g. ulule.com)",
                                 platform.domain));
        } else if (!is_domain(platform.domain)) {
            error(0, fmt::format("'{}' is not a lower-case domain name like ulule.com", platform.domain));
        } else if (auto [it, inserted] = first_line.emplace(platform.domain, row.line); !inserted) {
            error(0, fmt::format("duplicate domain {}, already on line {}", platform.domain, it->second));
        }
        if (row.fields[1] != "-") {
            platform.pillar = parse_pillar(row.fields[1]);
            if (!platform.pillar)
                error(1, unknown_pillar_message(row.fields[1]) + ", or - for none");
        }
        if (auto kind = parse_platform_kind(row.fields[2])) {
            platform.kind = *kind;
        } else {
            error(2, fmt::format("unknown platform kind '{}'; expected one of crowdfunding, civic-tech, "
                                 "network, directory, marketplace, social",
                                 row.fields[2]));
        }
        result.value.push_back(std::move(platform));
    }
    return result;
}

Parsed<std::vector<AmbiguousName>> read_homonyms(std::string_view text, const std::string& file) {
    Parsed<std::vector<AmbiguousName>> result;
    auto table = parse_table(text, file);
    if (!table.ok()) return {{}, std::move(table.errors)};
    constexpr std::string_view columns[] = {"name", "kind", "note"};
    auto rows = read_rows(table.value, file, columns);
    result.errors = std::move(rows.errors);
    for (const Row& row : rows.value) {
        AmbiguousName name{std::string(row.fields[0]), AmbiguityKind::word, std::string(row.fields[2])};
        if (name.name.empty())
            result.errors.push_back({file, row.line, row.columns[0], "the name is empty"});
        if (row.fields[1] == "word") name.kind = AmbiguityKind::word;
        else if (row.fields[1] == "place") name.kind = AmbiguityKind::place;
        else if (row.fields[1] == "brand") name.kind = AmbiguityKind::brand;
        else
            result.errors.push_back({file, row.line, row.columns[1],
                                     fmt::format("unknown kind '{}'; expected word, place or brand",
                                                 row.fields[1])});
        result.value.push_back(std::move(name));
    }
    return result;
}

Parsed<std::vector<AmbiguousName>> read_shared_names(std::string_view text, const std::string& file) {
    Parsed<std::vector<AmbiguousName>> result;
    auto table = parse_table(text, file);
    if (!table.ok()) return {{}, std::move(table.errors)};
    constexpr std::string_view columns[] = {"name", "communes"};
    auto rows = read_rows(table.value, file, columns);
    result.errors = std::move(rows.errors);
    for (const Row& row : rows.value) {
        int communes = 0;
        std::string_view count = row.fields[1];
        auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), communes);
        if (error != std::errc{} || end != count.data() + count.size() || communes < 2) {
            result.errors.push_back({file, row.line, row.columns[1],
                                     fmt::format("communes '{}' is not a whole number of at least 2",
                                                 count)});
        }
        result.value.push_back({std::string(row.fields[0]), AmbiguityKind::commune,
                                fmt::format("{} communes bear this name", communes)});
    }
    return result;
}

}  // namespace sharitories
