// The word of a list closest to a mistyped one, for "did you mean …?" (an option misspelt on the
// command line). Distance: Damerau–Levenshtein in its optimal-string-alignment form (insertions,
// deletions, substitutions and swaps of two neighbouring characters each cost 1), on bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharitories {

/// The edit distance between `a` and `b` (optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be what was meant: one edit for a word
/// of 3 to 6 characters, two for a longer one, none for a shorter one; or a candidate that `word`
/// begins (an abbreviation of a single one). None when two candidates are equally close.
std::optional<std::string> closest_word(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace sharitories
