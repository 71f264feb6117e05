// Readers for the files of a keywords directory (format in keywords/README.md): term files
// (<language>.tsv: pillar, term, weight), platforms.tsv, homonyms.tsv, context.tsv and the generated
// shared-names.tsv. TAB-separated as shipped; `;` or `,` with RFC 4180 quotes also read, so a file
// saved from a spreadsheet works. `#` comments, blank lines and a header row naming the columns allowed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "input/input_error.h"
#include "model/keyword.h"

namespace sharitories {

inline constexpr double max_keyword_weight = 10.0;
inline constexpr std::size_t max_term_chars = 60;

/// `language` is recorded on each keyword ("fr" for fr.tsv).
Parsed<std::vector<Keyword>> read_keywords(std::string_view text, const std::string& file,
                                           const std::string& language);

/// platforms.tsv: domain, pillar (or -), kind, and optionally pages ("collectes=financement, …").
Parsed<std::vector<Platform>> read_platforms(std::string_view text, const std::string& file);

/// homonyms.tsv: name, kind (word | place | brand), note, and optionally against (comma-separated
/// words of the other referent).
Parsed<std::vector<AmbiguousName>> read_homonyms(std::string_view text, const std::string& file);

/// context.tsv: rule (needs | cancels | passing | third-party | proposal | media), term (a term of a language file; - for the last four),
/// words (comma-separated). Whether the terms exist is checked by load_keywords.
Parsed<std::vector<ContextRule>> read_context(std::string_view text, const std::string& file);

/// shared-names.tsv: name, communes (how many French communes bear the name; at least 2).
Parsed<std::vector<AmbiguousName>> read_shared_names(std::string_view text, const std::string& file);

std::string_view to_string(PlatformKind kind);

}  // namespace sharitories
