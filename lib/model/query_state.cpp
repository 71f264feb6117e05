#include "model/query_state.h"

#include <array>

namespace sharitories {

std::string_view to_string(QueryOutcome outcome) {
    switch (outcome) {
        case QueryOutcome::hits: return "hits";
        case QueryOutcome::no_results: return "no-results";
        case QueryOutcome::blocked: return "blocked";
        case QueryOutcome::failed: return "failed";
        case QueryOutcome::silenced: return "silenced";
    }
    return "failed";
}

std::optional<QueryOutcome> parse_query_outcome(std::string_view name) {
    for (QueryOutcome outcome : std::array{QueryOutcome::hits, QueryOutcome::no_results, QueryOutcome::blocked,
                                           QueryOutcome::failed, QueryOutcome::silenced}) {
        if (to_string(outcome) == name) return outcome;
    }
    return std::nullopt;
}

}  // namespace sharitories
