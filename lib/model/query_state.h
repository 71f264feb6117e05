// What the store remembers of one search across runs (the crawl database of Nutch's cycle): how it
// was last asked, and when it last got a real answer. A query is answered while `answered_at` is
// set; blocked and failed attempts leave the previous answer (if any) in place, and an empty answer
// that a provider's silence put in doubt is withdrawn (DESIGN.md §2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sharitories {

enum class QueryOutcome {
    hits,        ///< answered with results
    no_results,  ///< answered: the engine found nothing
    blocked,     ///< a CAPTCHA, a 429, a suspended engine: not an answer
    failed,      ///< an error (5xx, unreadable answer, no network): not an answer
    silenced,    ///< an empty answer withdrawn: the provider turned out to be silently blocking
};

std::string_view to_string(QueryOutcome outcome);
std::optional<QueryOutcome> parse_query_outcome(std::string_view name);

struct QueryState {
    std::string insee;
    std::string text;             ///< exactly as sent: a changed keyword file makes a new query
    std::string provider;         ///< who was last asked
    QueryOutcome outcome = QueryOutcome::failed;  ///< of the last attempt
    std::string answered_at;      ///< ISO 8601 UTC of the last real answer; "" if none stands
    std::string attempted_at;     ///< of the last attempt
    int hits = 0;                 ///< of the last real answer

    bool answered() const { return !answered_at.empty(); }
};

}  // namespace sharitories
