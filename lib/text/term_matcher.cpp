#include "text/term_matcher.h"

#include "text/normalize.h"

namespace sharitories {

std::string fold_plural(std::string_view token) {
    if (token.size() < 4) return std::string(token);
    if (token.ends_with("aux") && !token.ends_with("eaux"))  // locaux → local, but reseaux → reseau
        return std::string(token.substr(0, token.size() - 3)) + "al";
    if (token.back() == 's' || token.back() == 'x') return std::string(token.substr(0, token.size() - 1));
    return std::string(token);
}

std::vector<std::string_view> tokens_of(std::string_view text) {
    std::vector<std::string_view> tokens;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        if (end > pos) tokens.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return tokens;
}

TermMatcher::TermMatcher(const std::vector<std::string>& terms, bool fold_plurals)
    : fold_plurals_(fold_plurals) {
    auto fold = [&](std::string_view token) { return fold_plurals_ ? fold_plural(token) : std::string(token); };
    for (std::size_t index = 0; index < terms.size(); ++index) {
        const std::string normalized = normalize(terms[index]);
        auto tokens = tokens_of(normalized);
        if (tokens.empty()) continue;
        Candidate candidate{index, {}};
        for (std::size_t i = 1; i < tokens.size(); ++i) candidate.rest.push_back(fold(tokens[i]));
        by_first_token_[fold(tokens.front())].push_back(std::move(candidate));
    }
}

std::vector<TermMatch> TermMatcher::find(std::string_view normalized_text) const {
    std::vector<TermMatch> matches;
    const auto tokens = tokens_of(normalized_text);
    std::vector<std::string> folded;
    folded.reserve(tokens.size());
    for (auto token : tokens) folded.push_back(fold_plurals_ ? fold_plural(token) : std::string(token));
    for (std::size_t position = 0; position < folded.size(); ++position) {
        auto found = by_first_token_.find(folded[position]);
        if (found == by_first_token_.end()) continue;
        for (const Candidate& candidate : found->second) {
            if (position + candidate.rest.size() >= folded.size()) continue;  // runs past the end
            bool whole = true;
            for (std::size_t i = 0; i < candidate.rest.size() && whole; ++i)
                whole = folded[position + 1 + i] == candidate.rest[i];
            if (whole) matches.push_back({candidate.term, position});
        }
    }
    return matches;
}

}  // namespace sharitories
