// Text normalisation shared by every comparison of words: keyword terms, town names, page text.
// utf8proc NFKD with accents stripped and case folded ("Épinal" → "epinal"), ligatures œ/æ spelled out
// ("cœur" → "coeur"), everything that is not a letter or a digit — hyphens, apostrophes, punctuation —
// turned into a single space ("Tiers-Lieux" → "tiers lieux", "l'AMAP" → "l amap"), ends trimmed.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace sharitories {

/// Never fails: an invalid UTF-8 byte is treated as a separator.
std::string normalize(std::string_view utf8);

/// The same, except that a hyphen between two words joins them: "Saint-Genis-Laval" →
/// "saintgenislaval". For place names, where a hyphenated name is one name: Laval is not named by
/// Saint-Genis-Laval or Bonchamp-lès-Laval.
std::string normalize_joined(std::string_view utf8);

/// normalize() and normalize_joined() of the same text, in one pass.
std::pair<std::string, std::string> normalize_both(std::string_view utf8);

}  // namespace sharitories
