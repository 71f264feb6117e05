#include "scan/plan.h"

#include <algorithm>
#include <unordered_map>

namespace sharitories {
namespace {

std::string key(const std::string& insee, const std::string& text) { return insee + '\x1f' + text; }

std::unordered_map<std::string, const QueryState*> by_key(const std::vector<QueryState>& states) {
    std::unordered_map<std::string, const QueryState*> index;
    for (const auto& state : states) index.emplace(key(state.insee, state.text), &state);
    return index;
}

/// The queries of each town, by INSEE code, in their order.
std::unordered_map<std::string, std::vector<std::size_t>> queries_by_town(const std::vector<Query>& queries) {
    std::unordered_map<std::string, std::vector<std::size_t>> by_town;
    for (std::size_t i = 0; i < queries.size(); ++i) by_town[queries[i].insee].push_back(i);
    return by_town;
}

}  // namespace

std::size_t CrawlPlan::due_queries() const {
    std::size_t due = 0;
    for (const auto& town : towns) due += town.due.size();
    return due;
}

CrawlPlan plan_due_work(const std::vector<City>& towns, const std::vector<Query>& queries,
                        const std::vector<QueryState>& states, const std::string& stale_before) {
    const auto states_by_key = by_key(states);
    const auto by_town = queries_by_town(queries);
    std::vector<TownWork> partly_done, never_searched, stale;
    for (std::size_t t = 0; t < towns.size(); ++t) {
        auto found = by_town.find(towns[t].insee);
        if (found == by_town.end()) continue;
        TownWork work;
        work.town = t;
        int standing = 0;  // answers recent enough
        int answered = 0;  // answers of any age
        for (std::size_t q : found->second) {
            auto state = states_by_key.find(key(queries[q].insee, queries[q].text));
            const QueryState* known = state == states_by_key.end() ? nullptr : state->second;
            if (known && known->answered()) {
                ++answered;
                if (work.oldest_answer.empty() || known->answered_at < work.oldest_answer)
                    work.oldest_answer = known->answered_at;
                if (known->answered_at >= stale_before) {
                    ++standing;
                    work.has_hits = work.has_hits || known->hits > 0;
                    continue;
                }
            }
            work.due.push_back(q);
        }
        if (work.due.empty()) continue;
        if (standing > 0) {
            work.why = TownWork::Why::partly_done;
            partly_done.push_back(std::move(work));
        } else if (answered == 0) {
            work.why = TownWork::Why::never_searched;
            never_searched.push_back(std::move(work));
        } else {
            work.why = TownWork::Why::stale;
            stale.push_back(std::move(work));
        }
    }
    std::stable_sort(stale.begin(), stale.end(),
                     [](const TownWork& a, const TownWork& b) { return a.oldest_answer < b.oldest_answer; });
    CrawlPlan plan;
    for (auto* group : {&partly_done, &never_searched, &stale})
        for (auto& work : *group) plan.towns.push_back(std::move(work));
    return plan;
}

std::map<std::string, TownCoverage> town_coverage(const std::vector<City>& towns, const std::vector<Query>& queries,
                                                  const std::vector<QueryState>& states) {
    const auto states_by_key = by_key(states);
    std::map<std::string, TownCoverage> coverage;
    for (const auto& town : towns) coverage[town.insee];
    for (const auto& query : queries) {
        auto town = coverage.find(query.insee);
        if (town == coverage.end()) continue;
        TownCoverage& cover = town->second;
        ++cover.planned;
        auto state = states_by_key.find(key(query.insee, query.text));
        if (state == states_by_key.end() || !state->second->answered()) continue;
        ++cover.answered;
        const std::string date = state->second->answered_at.substr(0, 10);
        if (cover.searched_at.empty() || date < cover.searched_at) cover.searched_at = date;
    }
    return coverage;
}

bool is_passing_failure(FetchError error, int status) {
    switch (error) {
        case FetchError::dns:
        case FetchError::connect:
        case FetchError::tls:
        case FetchError::timeout:
        case FetchError::network:
        case FetchError::host_failed:
        case FetchError::other:
            return true;
        case FetchError::http_status: return status >= 500 || status == 429 || status == 408;
        default: return false;
    }
}

}  // namespace sharitories
