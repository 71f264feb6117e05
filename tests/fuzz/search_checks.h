// What every search provider's answer must be, whatever the body (lib/search/search_types.h): hits
// exactly when the status is ok, each with a URL, ranked from first_rank without a gap; a block or
// an error says why. No exception is caught: one that escapes a parser is a finding.
#pragma once

#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "search/search_types.h"

namespace fuzz {

inline void check_search_page(const sharitories::SearchPage& page, int first_rank, std::string_view body) {
    const auto input = [&] { return "status " + std::to_string(static_cast<int>(page.status)) + ", body \"" + escape(body) + "\""; };
    FUZZ_CHECK((page.status == sharitories::SearchStatus::ok) == !page.hits.empty(), input());
    if (page.status == sharitories::SearchStatus::blocked || page.status == sharitories::SearchStatus::error)
        FUZZ_CHECK(!page.message.empty(), input());
    if (page.hits.empty()) FUZZ_CHECK(page.next_page.empty(), input());
    int rank = first_rank;
    for (const auto& hit : page.hits) {
        FUZZ_CHECK(!hit.url.empty(), "a hit without a URL (title \"" + escape(hit.title) + "\"); " + input());
        FUZZ_CHECK(hit.rank == rank, "rank " + std::to_string(hit.rank) + " where " + std::to_string(rank) +
                                         " was due; " + input());
        ++rank;
    }
}

}  // namespace fuzz
