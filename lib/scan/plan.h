// What a run has to do — the generate step of Apache Nutch's crawl cycle (DESIGN.md §2): the
// queries that are due (never answered, or answered before the refresh limit), town by town, since
// a night should finish whole towns: a town left partly done first, then towns never searched, then
// the longest unsearched. Also how much of each town's plan stands answered (the shortlist's coverage
// and searched_at), and which failed page fetches are worth another try (scan/page_freshness.h
// decides which known pages are fetched). Pure: the store's states in, decisions out.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/city.h"
#include "model/query.h"
#include "model/query_state.h"
#include "store/store.h"

namespace sharitories {

struct TownWork {
    enum class Why {
        partly_done,     ///< some queries stand answered, others are due (a night ended mid-town, a block)
        never_searched,  ///< no answer at all
        stale,           ///< every answer is older than the refresh limit
    };
    std::size_t town = 0;           ///< index into the towns
    std::vector<std::size_t> due;   ///< indexes into the queries, in their order
    Why why = Why::never_searched;
    std::string oldest_answer;      ///< ISO 8601; "" if never answered
    bool has_hits = false;          ///< an answer that stands (not due) found something
};

struct CrawlPlan {
    std::vector<TownWork> towns;  ///< in the order they are to be searched; only towns with work due
    std::size_t due_queries() const;
};

/// `stale_before`: answers older than this (ISO 8601) are due again — now minus --refresh-days.
CrawlPlan plan_due_work(const std::vector<City>& towns, const std::vector<Query>& queries,
                        const std::vector<QueryState>& states, const std::string& stale_before);

struct TownCoverage {
    int planned = 0;          ///< the town's queries in the current plan (keywords)
    int answered = 0;         ///< of those, how many stand answered, whatever their age
    std::string searched_at;  ///< date (YYYY-MM-DD) of the oldest of those answers; "" if none
    double share() const { return planned ? static_cast<double>(answered) / planned : 0.0; }
};

/// By INSEE code, for every town of `towns`.
std::map<std::string, TownCoverage> town_coverage(const std::vector<City>& towns, const std::vector<Query>& queries,
                                                  const std::vector<QueryState>& states);

inline constexpr int max_page_failures = 3;

/// Failures worth another try on a later run (at most max_page_failures in a row); a page refused for
/// good (robots.txt, not HTML, a 404) waits for --max-age like a fetched one.
bool is_passing_failure(FetchError error, int status);

}  // namespace sharitories
