#include "query/query_builder.h"

#include <algorithm>

#include "text/utf8.h"

namespace sharitories {
namespace {

/// The word engines read as an operator: as a term it must be quoted.
bool is_operator(std::string_view term) {
    const std::string upper = ascii_upper(term);
    return upper == "OR" || upper == "AND" || upper == "NOT";
}

/// What says which place of that name is meant: the département's name, else (a user's list may lack
/// it) a postcode, else the département code, which the INSEE code always gives.
std::string place_hint(const City& city) {
    if (!city.departement_name.empty()) return quote_term(city.departement_name);
    if (!city.postcodes.empty()) return city.postcodes.front();
    if (!city.departement.empty()) return city.departement;
    return city.insee.substr(0, city.insee.starts_with("97") ? 3 : 2);
}

/// What goes before the terms: the quoted town name, then the place hint when the name is ambiguous.
std::string town_part(const City& city, bool disambiguate) {
    std::string text = "\"" + city.name + "\"";
    if (disambiguate) text += " " + place_hint(city);
    return text;
}

std::string query_text(const std::string& town, const std::vector<std::string>& terms) {
    std::string text = town + " ";
    if (terms.size() == 1) return text + quote_term(terms.front());
    text += "(";
    for (std::size_t i = 0; i < terms.size(); ++i) {
        if (i > 0) text += " OR ";
        text += quote_term(terms[i]);
    }
    return text + ")";
}

/// Splits `terms` into ceil(n / size) groups whose sizes differ by at most one.
std::vector<std::vector<std::string>> balanced_groups(const std::vector<std::string>& terms,
                                                      std::size_t size) {
    std::vector<std::vector<std::string>> groups;
    if (terms.empty()) return groups;
    const std::size_t count = (terms.size() + size - 1) / size;
    std::size_t next = 0;
    for (std::size_t g = 0; g < count; ++g) {
        std::size_t take = terms.size() / count + (g < terms.size() % count ? 1 : 0);
        groups.emplace_back(terms.begin() + static_cast<std::ptrdiff_t>(next),
                            terms.begin() + static_cast<std::ptrdiff_t>(next + take));
        next += take;
    }
    return groups;
}

/// Appends the queries for one group, halving it while its text is too long. A single term whose
/// query is still too long is kept: dropping a term silently would be worse than a long query.
void add_group(const std::string& town, std::vector<std::string> terms, const QueryOptions& options,
               std::vector<std::vector<std::string>>& out) {
    if (terms.size() > 1 && utf8_length(query_text(town, terms)) >= options.max_chars) {
        const auto half = static_cast<std::ptrdiff_t>(terms.size() / 2);
        add_group(town, {terms.begin(), terms.begin() + half}, options, out);
        add_group(town, {terms.begin() + half, terms.end()}, options, out);
        return;
    }
    out.push_back(std::move(terms));
}

}  // namespace

std::string quote_term(std::string_view term) {
    // A space, a hyphen, an apostrophe (’ too), a no-break space: engines split the term there.
    if (is_alphanumeric_word(term) && !is_operator(term)) return std::string(term);
    return "\"" + std::string(term) + "\"";
}

std::vector<Query> build_queries(const std::vector<City>& cities, const std::vector<Keyword>& keywords,
                                 const AmbiguousNames& ambiguous, const QueryOptions& options) {
    const std::size_t group_size = options.per_term ? 1 : std::max<std::size_t>(1, options.group_size);
    std::vector<Query> queries;
    for (const City& city : cities) {
        const bool disambiguate = ambiguous.find(city.name) != nullptr;
        const std::string town = town_part(city, disambiguate);
        for (Pillar pillar : all_pillars) {
            std::vector<std::string> terms;
            for (const auto& keyword : keywords) {
                if (keyword.pillar == pillar) terms.push_back(keyword.term);
            }
            std::vector<std::vector<std::string>> groups;
            for (auto& group : balanced_groups(terms, group_size)) add_group(town, std::move(group), options, groups);
            int index = 0;
            for (auto& group : groups) {
                Query query{city.insee, city.name, pillar, ++index, std::move(group), disambiguate, ""};
                query.text = query_text(town, query.terms);
                queries.push_back(std::move(query));
            }
        }
    }
    return queries;
}

}  // namespace sharitories
