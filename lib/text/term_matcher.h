// Finds many terms at once in normalised text (see normalize.h), on token boundaries: "amap" matches
// "l amap du jeudi" but not "amapiens". French plurals match their singular because both sides are
// folded the same way before comparing: a final s or x is dropped ("tiers lieux" = "tiers lieu",
// "jardins partages" = "jardin partage") and -aux becomes -al ("locaux" = "local", but "reseaux" =
// "reseau"). The folding is
// applied to words of four letters or more only, so short words ("bus", "gaz") stay as they are.
//
// The terms are a trie over their tokens, so the text is read once, each token looked up once in the
// terms' vocabulary (most of a page's words are in no term, and stop there), whatever the number of
// terms (the gazetteer's thousands of town names among them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sharitories {

struct TermMatch {
    std::size_t term = 0;   ///< index of the term, in the order given to the matcher
    std::size_t token = 0;  ///< index of its first token in the text
};

class TermMatcher {
public:
    /// `terms` as written ("Tiers-lieu", "jardin partagé"); they are normalised and, unless
    /// `fold_plurals` is false (town names: "Nevers" is not "never"), folded here.
    explicit TermMatcher(const std::vector<std::string>& terms, bool fold_plurals = true);

    /// Every occurrence of every term in `normalized_text`, in text order (terms starting on the
    /// same token in the order given). Overlapping terms all match ("circuit court" and "court" both
    /// match "circuit court").
    std::vector<TermMatch> find(std::string_view normalized_text) const;
    /// The same, of text already split by tokens_of.
    std::vector<TermMatch> find(const std::vector<std::string_view>& tokens) const;

private:
    static constexpr std::uint32_t no_word = UINT32_MAX;
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    struct Node {
        std::vector<std::size_t> terms;  // the terms that end here, in the order given
    };
    /// The vocabulary's number of a (folded) token, or no_word.
    std::uint32_t word_of(std::string_view folded) const;
    /// The node reached from `node` by the word `word`, or 0 (the root, never a child) if none.
    std::uint32_t child(std::uint32_t node, std::uint32_t word) const;

    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> vocabulary_;  // folded token → word
    std::vector<Node> nodes_;                                   // [0] is the root
    std::unordered_map<std::uint64_t, std::uint32_t> children_;  // (node, word) → node
    bool fold_plurals_ = true;
};

/// A token with its plural folded: "lieux" → "lieu", "locaux" → "local", "amaps" → "amap".
std::string fold_plural(std::string_view token);

/// Every token that folds as `token` does, so that a matcher takes it for `token`, in order:
/// "lieu" → lieu, lieus, lieux; "locaux" → local, locals, localx, locaux.
std::vector<std::string> plural_forms(std::string_view token);

/// The tokens of normalised text (split on single spaces).
std::vector<std::string_view> tokens_of(std::string_view normalized_text);

}  // namespace sharitories
