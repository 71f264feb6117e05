// One query followed through its result pages: which page to ask next, and when the query is done —
// it has the hits it wants (--results), the engine has no next page, or a page brought nothing new
// (an engine repeating itself) — or ended without an answer (blocked, failed). Pure: the scan sends
// the requests and hands back each parsed page.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "model/query_state.h"
#include "search/search_types.h"

namespace sharitories {

class SearchCursor {
public:
    explicit SearchCursor(int wanted_hits) : wanted_(wanted_hits) {}

    enum class Next {
        page,    ///< ask next_page()
        done,    ///< answered: outcome() is hits or no_results
        ended,   ///< no answer: outcome() is blocked or failed
    };

    /// What the provider needs for the next page: "" for the first.
    const std::string& next_page() const { return next_page_; }
    /// 1-based rank of the next page's first hit.
    int first_rank() const { return rank_ + 1; }
    int pages() const { return pages_; }

    /// The answer to the page last asked for.
    Next on_page(const SearchPage& page);
    /// No more pages may be asked (the budget is spent): the query is answered with what it has.
    void stop_here();

    const std::vector<SearchHit>& hits() const { return hits_; }
    QueryOutcome outcome() const { return outcome_; }
    const std::string& message() const { return message_; }

private:
    int wanted_;
    std::string next_page_;
    int pages_ = 0;
    int rank_ = 0;
    std::vector<SearchHit> hits_;
    std::set<std::string> urls_;
    QueryOutcome outcome_ = QueryOutcome::failed;
    std::string message_;
};

}  // namespace sharitories
