#include "scan/search_cursor.h"

namespace sharitories {

SearchCursor::Next SearchCursor::on_page(const SearchPage& page) {
    ++pages_;
    if (!page.message.empty()) message_ = page.message;
    if (page.status == SearchStatus::blocked || page.status == SearchStatus::error) {
        outcome_ = page.status == SearchStatus::blocked ? QueryOutcome::blocked : QueryOutcome::failed;
        return Next::ended;
    }
    int fresh = 0;
    for (const auto& hit : page.hits) {
        ++rank_;
        if (static_cast<int>(hits_.size()) >= wanted_) break;
        if (!urls_.insert(hit.url).second) continue;  // an engine repeating itself
        hits_.push_back(hit);
        hits_.back().rank = rank_;
        ++fresh;
    }
    outcome_ = hits_.empty() ? QueryOutcome::no_results : QueryOutcome::hits;
    // a page that brings nothing new ends the query: the engine has no more to give
    if (static_cast<int>(hits_.size()) < wanted_ && !page.next_page.empty() && fresh > 0) {
        next_page_ = page.next_page;
        return Next::page;
    }
    return Next::done;
}

void SearchCursor::stop_here() {
    outcome_ = hits_.empty() ? QueryOutcome::no_results : QueryOutcome::hits;
    message_ = "the search budget ended after " + std::to_string(pages_) + " result page" + (pages_ == 1 ? "" : "s");
}

}  // namespace sharitories
