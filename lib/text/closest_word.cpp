#include "text/closest_word.h"

#include <algorithm>

namespace sharitories {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // three rows of the dynamic-programming table: two back for the swap of neighbours
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> closest_word(std::string_view word, const std::vector<std::string>& candidates) {
    if (word.empty()) return std::nullopt;
    std::vector<const std::string*> extended;
    for (const auto& candidate : candidates)
        if (candidate.size() > word.size() && std::string_view(candidate).starts_with(word)) extended.push_back(&candidate);
    if (extended.size() == 1) return *extended.front();

    const std::size_t allowed = word.size() < 3 ? 0 : std::clamp<std::size_t>((word.size() - 1) / 3, 1, 2);
    std::optional<std::string> best;
    std::size_t best_distance = allowed + 1;
    bool tie = false;
    for (const auto& candidate : candidates) {
        const std::size_t distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
            tie = false;
        } else if (distance == best_distance && best) {
            tie = true;
        }
    }
    if (tie || best_distance > allowed) return std::nullopt;
    return best;
}

}  // namespace sharitories
