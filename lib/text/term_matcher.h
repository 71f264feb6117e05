// Finds many terms at once in normalised text (see normalize.h), on token boundaries: "amap" matches
// "l amap du jeudi" but not "amapiens". French plurals match their singular because both sides are
// folded the same way before comparing: a final s or x is dropped ("tiers lieux" = "tiers lieu",
// "jardins partages" = "jardin partage") and -aux becomes -al ("locaux" = "local", but "reseaux" =
// "reseau"). The folding is
// applied to words of four letters or more only, so short words ("bus", "gaz") stay as they are.
#pragma once

#include <cstddef>
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

    /// Every occurrence of every term in `normalized_text`, in text order. Overlapping terms all
    /// match ("circuit court" and "court" both match "circuit court").
    std::vector<TermMatch> find(std::string_view normalized_text) const;

private:
    struct Candidate {
        std::size_t term;
        std::vector<std::string> rest;  // folded tokens after the first
    };
    std::unordered_map<std::string, std::vector<Candidate>> by_first_token_;
    bool fold_plurals_ = true;
};

/// A token with its plural folded: "lieux" → "lieu", "locaux" → "local", "amaps" → "amap".
std::string fold_plural(std::string_view token);

/// The tokens of normalised text (split on single spaces).
std::vector<std::string_view> tokens_of(std::string_view normalized_text);

}  // namespace sharitories
