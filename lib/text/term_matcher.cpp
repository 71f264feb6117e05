#include "text/term_matcher.h"

#include <algorithm>

#include "text/normalize.h"

namespace sharitories {
namespace {

std::uint64_t edge(std::uint32_t node, std::uint32_t word) { return static_cast<std::uint64_t>(node) << 32 | word; }

/// fold_plural without a copy where the folded token is a prefix of the token (all but -aux):
/// `storage` holds the folded token when it is not.
std::string_view folded(std::string_view token, std::string& storage) {
    if (token.size() < 4) return token;
    if (token.ends_with("aux") && !token.ends_with("eaux")) {
        storage.assign(token.substr(0, token.size() - 3)).append("al");
        return storage;
    }
    if (token.back() == 's' || token.back() == 'x') return token.substr(0, token.size() - 1);
    return token;
}

}  // namespace

std::string fold_plural(std::string_view token) {
    std::string storage;
    return std::string(folded(token, storage));
}

std::vector<std::string> plural_forms(std::string_view token) {
    // a token folds to `stem` only if it is the stem, the stem and a final s or x, or (a stem in -al)
    // the stem's -aux: try those, keep the ones that fold back
    const std::string stem = fold_plural(token);
    std::vector<std::string> candidates{std::string(token), stem, stem + "s", stem + "x"};
    if (stem.ends_with("al")) candidates.push_back(stem.substr(0, stem.size() - 2) + "aux");
    std::vector<std::string> forms;
    for (auto& candidate : candidates)
        if (fold_plural(candidate) == stem) forms.push_back(std::move(candidate));
    std::sort(forms.begin(), forms.end());
    forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
    return forms;
}

std::vector<std::string_view> tokens_of(std::string_view text) {
    std::vector<std::string_view> tokens;
    tokens.reserve(text.size() / 6 + 1);  // French words: about six characters with their space
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
    : nodes_(1), fold_plurals_(fold_plurals) {
    for (std::size_t index = 0; index < terms.size(); ++index) {
        const std::string normalized = normalize(terms[index]);
        const auto tokens = tokens_of(normalized);
        if (tokens.empty()) continue;
        std::uint32_t node = 0;
        for (auto token : tokens) {
            std::string storage;
            const std::string_view key = fold_plurals_ ? folded(token, storage) : token;
            const auto next_word = static_cast<std::uint32_t>(vocabulary_.size());
            const auto word = vocabulary_.try_emplace(std::string(key), next_word).first->second;
            auto [next, added] = children_.try_emplace(edge(node, word), static_cast<std::uint32_t>(nodes_.size()));
            if (added) nodes_.emplace_back();
            node = next->second;
        }
        nodes_[node].terms.push_back(index);
    }
}

std::uint32_t TermMatcher::word_of(std::string_view folded_token) const {
    const auto found = vocabulary_.find(folded_token);
    return found == vocabulary_.end() ? no_word : found->second;
}

std::uint32_t TermMatcher::child(std::uint32_t node, std::uint32_t word) const {
    const auto found = children_.find(edge(node, word));
    return found == children_.end() ? 0 : found->second;
}

std::vector<TermMatch> TermMatcher::find(std::string_view normalized_text) const { return find(tokens_of(normalized_text)); }

std::vector<TermMatch> TermMatcher::find(const std::vector<std::string_view>& tokens) const {
    std::vector<TermMatch> matches;
    std::vector<std::uint32_t> words(tokens.size());
    std::string storage;
    for (std::size_t i = 0; i < tokens.size(); ++i) words[i] = word_of(fold_plurals_ ? folded(tokens[i], storage) : tokens[i]);
    for (std::size_t position = 0; position < words.size(); ++position) {
        const std::size_t first = matches.size();
        std::uint32_t node = 0;
        for (std::size_t i = position; i < words.size() && words[i] != no_word; ++i) {
            node = child(node, words[i]);
            if (node == 0) break;
            for (std::size_t term : nodes_[node].terms) matches.push_back({term, position});
        }
        // the terms starting here, shorter first so far: in the order given, as documented
        std::sort(matches.begin() + static_cast<std::ptrdiff_t>(first), matches.end(),
                  [](const TermMatch& a, const TermMatch& b) { return a.term < b.term; });
    }
    return matches;
}

}  // namespace sharitories
