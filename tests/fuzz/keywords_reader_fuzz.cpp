// The keywords directory's files (lib/input/keywords_reader.h): the same text read as a term file,
// platforms.tsv, homonyms.tsv, context.tsv and shared-names.tsv. Invariants: every error is located
// and says something; a term file read without error holds only terms a query can quote (not
// empty, no `"`, no control character, at most 60 characters, some letter or digit), weights in
// (0, 10], no term twice in a pillar; platforms.tsv and homonyms.tsv entries have their key.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "fuzz_support.h"
#include "input/keywords_reader.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace {

template <typename T>
void check_errors(const sharitories::Parsed<T>& parsed, std::string_view text) {
    for (const auto& error : parsed.errors)
        FUZZ_CHECK(error.line >= 0 && error.column >= 0 && !error.message.empty(), "\"" + fuzz::escape(text) + "\"");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::as_text(data, size);
    const auto input = [&] { return "\"" + fuzz::escape(text) + "\""; };

    const auto keywords = sharitories::read_keywords(text, "fr.tsv", "fr");
    check_errors(keywords, text);
    if (keywords.ok()) {
        std::set<std::pair<int, std::string>> seen;
        for (const auto& keyword : keywords.value) {
            const auto about = [&] { return "term \"" + fuzz::escape(keyword.term) + "\" in " + input(); };
            FUZZ_CHECK(keyword.weight > 0 && keyword.weight <= sharitories::max_keyword_weight, about());
            FUZZ_CHECK(!keyword.term.empty() && keyword.term.find('"') == std::string::npos &&
                           !sharitories::has_control_char(keyword.term) &&
                           sharitories::utf8_length(keyword.term) <= sharitories::max_term_chars,
                       about());
            const std::string normal = sharitories::normalize(keyword.term);
            FUZZ_CHECK(!normal.empty(), about());
            FUZZ_CHECK(seen.emplace(static_cast<int>(keyword.pillar), normal).second, about());
        }
    }

    const auto platforms = sharitories::read_platforms(text, "platforms.tsv");
    check_errors(platforms, text);
    if (platforms.ok())
        for (const auto& platform : platforms.value) FUZZ_CHECK(!platform.domain.empty(), input());

    const auto homonyms = sharitories::read_homonyms(text, "homonyms.tsv");
    check_errors(homonyms, text);
    if (homonyms.ok())
        for (const auto& name : homonyms.value) FUZZ_CHECK(!name.name.empty(), input());

    const auto context = sharitories::read_context(text, "context.tsv");
    check_errors(context, text);
    if (context.ok())
        for (const auto& rule : context.value)
            FUZZ_CHECK(!sharitories::is_term_rule(rule.kind) || !rule.term.empty(), input());

    const auto shared = sharitories::read_shared_names(text, "shared-names.tsv");
    check_errors(shared, text);
    return 0;
}
