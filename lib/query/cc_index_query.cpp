#include "query/cc_index_query.h"

#include <algorithm>
#include <cstdint>

#include <fmt/core.h>

#include "query/portable_regex.h"
#include "text/normalize.h"
#include "text/term_matcher.h"

namespace sharitories {
namespace {

namespace rx = portable_regex;

/// Between the words of a term or a name in a path: "tiers-lieu", "tiers_lieu", "tierslieu".
constexpr std::string_view word_joint = "[-_]?";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }

/// Alternative spellings of one word as a regex, their common beginning written once: lieu, lieus,
/// lieux → "lieu[sx]?"; local, locals, localx, locaux → "loca(?:l|ls|lx|ux)".
std::string word_regex(const std::vector<std::string>& forms) {
    if (forms.size() == 1) return rx::escape(forms.front());
    std::string prefix = forms.front();
    for (const auto& form : forms) {
        std::size_t common = 0;
        while (common < prefix.size() && common < form.size() && prefix[common] == form[common]) ++common;
        prefix.resize(common);
    }
    bool optional = false, single_letters = true;
    std::vector<std::string> endings;
    for (const auto& form : forms) {
        std::string ending = form.substr(prefix.size());
        if (ending.empty()) {
            optional = true;
            continue;
        }
        single_letters = single_letters && ending.size() == 1 && is_word_char(ending[0]);
        endings.push_back(std::move(ending));
    }
    std::string tail;
    if (endings.size() == 1) {
        tail = rx::escape(endings.front());
        if (optional && endings.front().size() > 1) tail = "(?:" + tail + ")";
    } else if (single_letters) {
        tail = "[";
        for (const auto& ending : endings) tail += ending;
        tail += "]";
    } else {
        for (auto& ending : endings) ending = rx::escape(ending);
        tail = rx::any_of(std::move(endings));
    }
    return rx::escape(prefix) + tail + (optional ? "?" : "");
}

/// A normalised term's words, each in its plurals, joined as paths join them.
std::string term_regex(std::string_view normalized) {
    std::string regex;
    for (auto token : tokens_of(normalized)) {
        if (!regex.empty()) regex += word_joint;
        regex += word_regex(plural_forms(token));
    }
    return regex;
}

bool needs_context(const Keyword& keyword, const std::vector<ContextRule>& rules) {
    const std::string term = normalize(keyword.term);
    return std::any_of(rules.begin(), rules.end(), [&](const ContextRule& rule) {
        return rule.kind == ContextKind::needs && normalize(rule.term) == term;
    });
}

/// Text for a `--` comment line: what could end the line (a town's name from a user's file) made a space.
std::string comment_text(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return text;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator, std::size_t at_most = SIZE_MAX) {
    std::string text;
    for (std::size_t i = 0; i < items.size() && i < at_most; ++i) (text += i == 0 ? "" : separator) += items[i];
    if (items.size() > at_most) text += fmt::format("{}… and {} more", separator, items.size() - at_most);
    return text;
}

std::string regexp_like(std::string_view column, const std::string& regex) {
    return fmt::format("regexp_like({}, {})", column, sql_literal(regex));
}

struct Branch {
    std::vector<std::string> comment;  // lines
    std::string condition;
};

}  // namespace

bool is_crawl_name(std::string_view crawl) {
    constexpr std::string_view prefix = "CC-MAIN-";
    if (crawl.size() != prefix.size() + 7 || !crawl.starts_with(prefix)) return false;
    const std::string_view date = crawl.substr(prefix.size());  // YYYY-WW
    if (date[4] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (!is_digit(date[i])) return false;
    const int week = (date[5] - '0') * 10 + (date[6] - '0');
    return week >= 1 && week <= 53;
}

std::string sql_literal(std::string_view text) {
    std::string literal = "'";
    for (char c : text) {
        if (c == '\'') literal += '\'';
        literal += c;
    }
    return literal + "'";
}

PathTerms path_terms(const KeywordSet& keywords) {
    PathTerms terms;
    std::vector<std::string> regexes;
    for (const auto& keyword : keywords.keywords) {
        if (keyword.weight < 1.0) {
            terms.weak.push_back(keyword.term);
        } else if (needs_context(keyword, keywords.context)) {
            terms.contextual.push_back(keyword.term);
        } else if (auto regex = term_regex(normalize(keyword.term)); !regex.empty()) {
            terms.kept.push_back(keyword.term);
            regexes.push_back(std::move(regex));
        }
    }
    if (!regexes.empty()) terms.regex = rx::path_word(rx::any_of(std::move(regexes)));
    return terms;
}

std::string town_path_regex(const TownGazetteer& gazetteer, const std::vector<std::size_t>& towns) {
    std::vector<std::string> regexes;
    for (std::size_t town : towns) {
        if (gazetteer.ambiguous(town)) continue;
        const auto forms = gazetteer.name_forms_of(town);
        // a form in one word that is another form with its spaces left out: "saintnazaire" is written
        // by "saint[-_]?nazaire" already
        auto spaced_elsewhere = [&](const std::string& form) {
            return std::any_of(forms.begin(), forms.end(), [&](std::string other) {
                if (other == form) return false;
                std::erase(other, ' ');
                return other == form;
            });
        };
        for (const auto& form : forms) {
            const auto tokens = tokens_of(form);
            if (tokens.empty() || spaced_elsewhere(form)) continue;
            std::string regex;
            for (auto token : tokens) (regex += regex.empty() ? "" : word_joint) += rx::escape(token);
            regexes.push_back(std::move(regex));
        }
    }
    return regexes.empty() ? "" : rx::path_word(rx::any_of(std::move(regexes)));
}

std::vector<PlatformPages> project_platforms(const std::vector<Platform>& platforms) {
    std::vector<PlatformPages> kept;
    for (const auto& platform : platforms) {
        if (platform.pillar) {
            kept.push_back({platform.domain, {}});
        } else if (!platform.pillar_of_pages.empty()) {
            PlatformPages pages{platform.domain, {}};
            for (const auto& [segment, pillar] : platform.pillar_of_pages) pages.segments.push_back(segment);
            kept.push_back(std::move(pages));
        }
    }
    return kept;
}

CcIndexQuery build_cc_index_query(std::string_view crawl, const TownGazetteer& gazetteer,
                                  const std::vector<std::size_t>& towns, const KeywordSet& keywords) {
    CcIndexQuery query;
    query.own_sites = own_site_pattern(gazetteer, towns);
    query.terms = path_terms(keywords);
    query.town_paths = town_path_regex(gazetteer, towns);
    query.platforms = project_platforms(keywords.platforms);
    std::vector<std::string> listed;
    for (std::size_t town : towns) {
        const City& city = gazetteer.towns()[town];
        listed.push_back(comment_text(city.name + " " + city.insee));
        if (gazetteer.ambiguous(town)) query.ambiguous.push_back(comment_text(city.name));
    }

    std::vector<Branch> branches;
    if (!query.own_sites.names.empty()) {
        branches.push_back({{"1. a town's own site: its registrable domain carries the town's name and a municipal word (" +
                                 joined({municipal_site_words.begin(), municipal_site_words.end()}, ", ") + ")"},
                            "(" + regexp_like("url_host_registered_domain", query.own_sites.names) +
                                "\n      AND " + regexp_like("url_host_registered_domain", query.own_sites.words) + ")"});
    }
    if (!query.own_sites.bare.empty()) {
        branches.push_back({{"   or is the town's name alone (lorient.bzh; not for an ambiguous name)"},
                            regexp_like("url_host_registered_domain", query.own_sites.bare)});
    }
    if (!query.terms.regex.empty()) {
        branches.push_back({{fmt::format("2. a pillar term in the path ({} terms of the keyword files)", query.terms.kept.size())},
                            regexp_like("lower(url_path)", query.terms.regex)});
    }
    if (!query.town_paths.empty()) {
        std::vector<std::string> anywhere;
        for (const auto& platform : query.platforms) {
            if (platform.segments.empty()) anywhere.push_back(sql_literal(platform.domain));
        }
        const std::string names_town = regexp_like("lower(url_path)", query.town_paths);
        std::vector<std::string> comment{"3. a platform's project page whose path names a town (not an ambiguous name)"};
        if (!anywhere.empty()) {
            branches.push_back({comment, "(url_host_registered_domain IN (" + joined(anywhere, ", ") + ")\n      AND " +
                                             names_town + ")"});
            comment.clear();
        }
        for (const auto& platform : query.platforms) {
            if (platform.segments.empty()) continue;
            std::vector<std::string> segments;
            for (const auto& segment : platform.segments) segments.push_back(rx::escape(segment));
            branches.push_back({comment, "(url_host_registered_domain = " + sql_literal(platform.domain) +
                                             "\n      AND " +
                                             regexp_like("url_path", "/" + rx::any_of(segments) + "(?:/|$)") +
                                             "\n      AND " + names_town + ")"});
            comment.clear();
        }
    }

    std::string& sql = query.sql;
    sql += fmt::format("-- sharitories cc-query: the French HTML pages of Common Crawl's {} that may be evidence for {} {}.\n",
                       crawl, towns.size(), towns.size() == 1 ? "town" : "towns");
    sql += "-- Dialect: Amazon Athena (Presto/Trino SQL), on Common Crawl's columnar URL index, table ccindex.ccindex.\n";
    sql += "-- Towns: " + joined(listed, ", ", 12) + ".\n";
    sql += "-- Kept: successful (200) HTML records of the crawl's warc subset whose main language is French, and\n";
    sql += "--   1. on a town's own site (the classifier's rule: a municipal word and the name, or the name alone),\n";
    sql += "--   2. or with a pillar term in the path (words joined by -, _ or nothing, plurals too),\n";
    sql += "--   3. or a project page of a platform of platforms.tsv whose pages imply a pillar, its path naming a town.\n";
    if (!query.ambiguous.empty())
        sql += "-- Ambiguous names, kept only beside a municipal word (mairie-sens.fr): " + joined(query.ambiguous, ", ", 12) + ".\n";
    if (!query.terms.weak.empty())
        sql += "-- Left out of 2., weak terms (weight under 1, often in other senses): " +
               comment_text(joined(query.terms.weak, ", ")) + ".\n";
    if (!query.terms.contextual.empty())
        sql += "-- Left out of 2., terms that count only beside words a path cannot show (context.tsv): " +
               comment_text(joined(query.terms.contextual, ", ")) + ".\n";
    sql += "-- Download the result as CSV, then: sharitories scan --cc-records result.csv\n";
    sql += "SELECT ";
    for (std::size_t i = 0; i < cc_record_columns.size(); ++i) (sql += i == 0 ? "" : ", ") += cc_record_columns[i];
    sql += "\nFROM ccindex.ccindex\n";
    sql += "WHERE crawl = " + sql_literal(crawl) + "\n";
    sql += "  AND subset = 'warc'\n";
    sql += "  AND fetch_status = 200\n";
    sql += "  AND content_mime_detected IN ('text/html', 'application/xhtml+xml')\n";
    sql += "  AND (content_languages = 'fra' OR content_languages LIKE 'fra,%')\n";
    if (branches.empty()) {
        sql += "  AND FALSE  -- no town and no term: nothing to select\n";
        return query;
    }
    sql += "  AND (\n";
    for (std::size_t i = 0; i < branches.size(); ++i) {
        for (const auto& line : branches[i].comment) sql += "    -- " + line + "\n";
        sql += (i == 0 ? "    " : "    OR ") + branches[i].condition + "\n";
    }
    sql += "  )\n";
    return query;
}

}  // namespace sharitories
