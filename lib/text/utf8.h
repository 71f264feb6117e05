// Small UTF-8 and ASCII helpers shared by the readers, the query builder and the writers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sharitories {

/// Number of characters (code points) in valid UTF-8: the bytes that are not continuation bytes.
std::size_t utf8_length(std::string_view text);

/// True if `text` holds a control character (U+0000–U+001F or U+007F): tabs and line breaks included.
bool has_control_char(std::string_view text);

/// Unicode general categories L* and N*: what counts as part of a word, in any script.
bool is_letter_or_digit(std::int32_t code_point);

/// Unicode general categories M*: combining marks (accents once decomposed).
bool is_mark(std::int32_t code_point);

/// Both questions with one look-up of the code point's category.
enum class CharClass { word, mark, other };
CharClass char_class(std::int32_t code_point);

/// True if every character of `text` (valid UTF-8) is a letter or a digit (or a combining mark on
/// one), in any script.
bool is_alphanumeric_word(std::string_view text);

/// The first `max_bytes` of `text` (valid UTF-8), cut between characters, with "…" when cut: for
/// explanations that quote a line.
std::string utf8_excerpt(std::string_view text, std::size_t max_bytes);

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

}  // namespace sharitories
