#include "scan/search_queue.h"

namespace sharitories {

SearchQueue::SearchQueue(const CrawlPlan& plan, int results, int budget)
    : results_(results), budget_(budget), towns_(plan.towns.size()) {
    for (std::size_t t = 0; t < plan.towns.size(); ++t) {
        const TownWork& work = plan.towns[t];
        towns_[t].unstarted = work.due.size();
        towns_[t].has_hits = work.has_hits;
        if (!work.due.empty()) towns_[t].any_query = work.due.front();
        for (std::size_t query : work.due) waiting_.emplace_back(query, t);
    }
}

bool SearchQueue::fits(int count) const { return unlimited() || spent_ + reserved_ + count <= budget_; }

int SearchQueue::start_needs() const {
    const TownState& town = towns_[waiting_.front().second];
    const bool needs_canary_reserve = !town.has_hits && !town.canary_reserved && !town.canary_sent;
    return 2 + (needs_canary_reserve ? 1 : 0);
}

bool SearchQueue::budget_exhausted() const { return !waiting_.empty() && !fits(start_needs()); }

void SearchQueue::release_reserve(OpenQuery& query) {
    if (!query.holds_reserve) return;
    query.holds_reserve = false;
    --reserved_;
}

void SearchQueue::release_canary(TownState& town) {
    if (!town.canary_reserved) return;
    town.canary_reserved = false;
    --reserved_;
}

std::optional<SearchQueue::Task> SearchQueue::start() {
    if (waiting_.empty()) return std::nullopt;
    const auto [query, t] = waiting_.front();
    TownState& town = towns_[t];
    const int needs = start_needs();
    if (!fits(needs)) return std::nullopt;
    waiting_.pop_front();
    ++spent_;
    OpenQuery open{SearchCursor(results_), !unlimited()};
    if (open.holds_reserve) ++reserved_;
    if (needs == 3 && !unlimited()) {
        town.canary_reserved = true;
        ++reserved_;
    }
    open_.insert_or_assign(query, std::move(open));
    --town.unstarted;
    ++town.open;
    return Task{query, t, false, "", 1};
}

SearchQueue::Step SearchQueue::on_page(const Task& task, const SearchPage& page) {
    Step step;
    TownState& town = towns_[task.town];
    if (task.canary) {
        const bool answered = page.status == SearchStatus::ok || page.status == SearchStatus::no_results;
        step.canary = !answered ? Step::Canary::unanswered
                      : page.hits.empty() ? Step::Canary::silent
                                          : Step::Canary::heard;
        if (step.canary == Step::Canary::heard) town.has_hits = true;
        return step;
    }
    OpenQuery& open = open_.at(task.query);
    const auto next = open.cursor.on_page(page);
    if (next == SearchCursor::Next::page) {
        // the page kept back pays for it; a further page needs one that nobody else kept back
        if (open.holds_reserve || fits(1)) {
            release_reserve(open);
            ++spent_;
            step.follow_up = Task{task.query, task.town, false, open.cursor.next_page(), open.cursor.first_rank()};
            return step;
        }
        open.cursor.stop_here();
    }
    // answered (an ended cursor is the caller's to give back or drop: it never comes here)
    release_reserve(open);
    step.answered = true;
    step.outcome = open.cursor.outcome();
    step.hits = open.cursor.hits();
    step.message = open.cursor.message();
    open_.erase(task.query);
    --town.open;
    ++town.answered;
    if (step.outcome == QueryOutcome::hits) {
        town.has_hits = true;
        release_canary(town);
    }
    if (town.unstarted == 0 && town.open == 0 && town.dropped == 0) {
        step.town_finished = true;
        if (!town.has_hits && !town.canary_sent) {
            if (town.canary_reserved || fits(1)) {
                release_canary(town);
                town.canary_sent = true;
                ++spent_;
                step.follow_up = Task{town.any_query, task.town, true, "", 1};
            }
        }
        release_canary(town);
    }
    return step;
}

SearchQueue::TownState* SearchQueue::close(const Task& task) {
    if (task.canary) return nullptr;  // a canary is asked once, and never given back
    auto found = open_.find(task.query);
    if (found == open_.end()) return nullptr;
    release_reserve(found->second);
    open_.erase(found);
    TownState& town = towns_[task.town];
    --town.open;
    return &town;
}

void SearchQueue::unsent(const Task& task) {
    --spent_;
    give_back(task);
}

void SearchQueue::give_back(const Task& task) {
    if (TownState* town = close(task)) {
        ++town->unstarted;
        waiting_.emplace_front(task.query, task.town);
    }
}

void SearchQueue::drop(const Task& task) {
    if (TownState* town = close(task)) {
        ++town->dropped;
        release_canary(*town);
    }
}

std::size_t SearchQueue::towns_partly_done() const {
    std::size_t partly = 0;
    for (const auto& town : towns_)
        if (town.answered > 0 && (town.unstarted > 0 || town.open > 0 || town.dropped > 0)) ++partly;
    return partly;
}

}  // namespace sharitories
