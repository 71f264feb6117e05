// The run's searches, town by town, within the budget (DESIGN.md §2): hands out the due queries in
// the plan's order, follows each through its result pages (SearchCursor), and says when a town whose
// every answer came back empty needs a canary — its name alone, a search that cannot be empty — to
// tell a town with nothing from a provider that has gone silent.
//
// The budget counts requests (a results page is one, a canary is one). So that a run that spends it
// leaves at most one town partly done, a new query starts only while the budget keeps back one more
// page for each query in flight and one canary for each started town that has found nothing yet:
// the queries already started can always finish, and only the town being started when the budget
// runs out is left partly done. A query that wants a third page the budget cannot give is answered
// with the hits it has. Pure: the scan sends the requests and brings back the parsed answers.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scan/plan.h"
#include "scan/search_cursor.h"
#include "search/search_types.h"

namespace sharitories {

class SearchQueue {
public:
    /// `budget`: search requests the run may send, 0 for no limit; `results`: hits wanted per query.
    SearchQueue(const CrawlPlan& plan, int results, int budget);

    struct Task {
        std::size_t query = 0;   ///< index into the queries; for a canary, a query of its town
        std::size_t town = 0;    ///< index into the plan's towns
        bool canary = false;
        std::string next_page;   ///< "" for a first page
        int first_rank = 1;
    };

    /// The first page of the next query, if one is waiting and the budget allows (see above).
    /// The request counts as spent.
    std::optional<Task> start();

    struct Step {
        /// The next request, for the provider that answered: the query's next page, or the town's canary.
        std::optional<Task> follow_up;
        bool answered = false;      ///< the query is answered (outcome hits or no_results):
        QueryOutcome outcome = QueryOutcome::failed;
        std::vector<SearchHit> hits;  ///< its hits, ranked from 1 across its pages
        std::string message;          ///< what the provider said, or why the query stopped early
        bool town_finished = false; ///< every due query of the task's town is answered
        /// A canary's answer: heard (it has results: the town's empty answers stand), silent (empty
        /// too: the provider is not answering), or unanswered (blocked, failed: nothing is known).
        enum class Canary { none, heard, silent, unanswered } canary = Canary::none;
    };

    /// A page of `task` came back. For a query: an answer (ok or no_results; a block or an error
    /// goes to give_back or drop instead). For a canary: any outcome.
    Step on_page(const Task& task, const SearchPage& page);

    /// A follow-up (a next page, a canary) that could not be sent after all (its provider began a
    /// cooldown meanwhile): its request is not spent; a next page's query goes back to the queue.
    void unsent(const Task& task);

    /// The task's query goes back to the front of the queue, to start afresh (after a block, on
    /// another provider).
    void give_back(const Task& task);
    /// The task's query is left for this run: it stays due.
    void drop(const Task& task);

    int spent() const { return spent_; }
    int budget() const { return budget_; }
    /// True when the next waiting query cannot start for want of budget.
    bool budget_exhausted() const;
    std::size_t waiting() const { return waiting_.size(); }
    std::size_t in_flight() const { return open_.size(); }
    /// Towns with some due queries answered this run and others not.
    std::size_t towns_partly_done() const;

private:
    struct OpenQuery {
        SearchCursor cursor;
        bool holds_reserve = false;  // a page kept back for its next page
    };
    struct TownState {
        std::size_t unstarted = 0;
        std::size_t open = 0;
        std::size_t answered = 0;   // this run
        std::size_t dropped = 0;
        bool has_hits = false;      // an answer that stands, or one of this run, found something
        bool canary_reserved = false;
        bool canary_sent = false;
        std::size_t any_query = 0;
    };

    bool unlimited() const { return budget_ == 0; }
    /// Whether `count` more requests fit while keeping the reserves.
    bool fits(int count) const;
    /// Requests a start of the next waiting query needs: its own, its next page's, and its town's
    /// canary if the town has none kept back yet and has found nothing.
    int start_needs() const;
    void release_reserve(OpenQuery& query);
    /// Ends an open query that got no answer; its town, or nullptr for a canary or an unknown task.
    TownState* close(const Task& task);
    void release_canary(TownState& town);

    int results_;
    int budget_;
    int spent_ = 0;
    int reserved_ = 0;  // pages and canaries kept back
    std::deque<std::pair<std::size_t, std::size_t>> waiting_;  // (query, town), plan order
    std::map<std::size_t, OpenQuery> open_;                     // by query
    std::vector<TownState> towns_;                              // by plan town
};

}  // namespace sharitories
