// Regular expressions written in the subset that means the same in ECMAScript (std::regex, which the
// tests evaluate them with), Java/Joni and RE2J (Trino's, hence Athena's, two engines): literal
// characters, `.` `[…]` `[^…]` classes of ASCII ranges, `(?:…)` groups, `|`, `?` `*` `+`, `^` `$`,
// and a backslash only before a metacharacter. No \b \w \d, lookaround, backreference or {n,m}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sharitories::portable_regex {

/// `literal` with every metacharacter of the three dialects escaped: "make.org" → "make\.org".
std::string escape(std::string_view literal);

/// `(?:a|b|c)` of the alternatives (regexes), sorted and without duplicates, so that the same input
/// writes the same text; "" for none, which a caller must not turn into a pattern (an empty group
/// matches everything).
std::string any_of(std::vector<std::string> alternatives);

/// The path-word characters' complement: what may stand on either side of a word of a URL path.
inline constexpr std::string_view path_separator = "[^a-z0-9]";

/// `regex` as a whole word of a lower-cased URL path: between the start or a character that is not
/// a letter or digit, and one such character or the end. "amap" then matches "/l-amap/" but not
/// "/camaps".
std::string path_word(std::string_view regex);

}  // namespace sharitories::portable_regex
