// SearXNG's JSON answer (lib/search/searxng.h), as received. Invariants: search_checks.h, and a
// suspension's length is never negative.
#include <cstddef>
#include <cstdint>

#include "search/searxng.h"
#include "search_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto body = fuzz::as_text(data, size);
    const int page_number = 1 + static_cast<int>(size % 3);
    const int first_rank = 1 + (page_number - 1) * 10;
    const auto page = sharitories::parse_searxng(200, body, page_number, first_rank);
    fuzz::check_search_page(page, first_rank, body);
    if (page.block_lasts) FUZZ_CHECK(page.block_lasts->count() > 0, "body \"" + fuzz::escape(body) + "\"");
    return 0;
}
