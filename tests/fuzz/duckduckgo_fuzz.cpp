// DuckDuckGo's HTML answer (lib/search/duckduckgo.h), as received (no decoding: the api content
// policy keeps the body's bytes). Invariants: search_checks.h.
#include <cstddef>
#include <cstdint>

#include "search/duckduckgo.h"
#include "search_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto body = fuzz::as_text(data, size);
    const int first_rank = 1 + static_cast<int>(size % 3) * 10;
    fuzz::check_search_page(sharitories::parse_duckduckgo(200, body, first_rank), first_rank, body);
    return 0;
}
