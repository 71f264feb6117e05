// Brave's JSON answer (lib/search/brave.h), as received. Invariants: search_checks.h, and a next
// page only within Brave's offsets (0–9).
#include <cstddef>
#include <cstdint>
#include <string>

#include "search/brave.h"
#include "search_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto body = fuzz::as_text(data, size);
    const int offset = static_cast<int>(size % (sharitories::brave_max_offset + 1));
    const int first_rank = 1 + offset * 20;
    const auto page = sharitories::parse_brave(200, body, offset, first_rank);
    fuzz::check_search_page(page, first_rank, body);
    if (!page.next_page.empty())
        FUZZ_CHECK(page.next_page == std::to_string(offset + 1) && offset < sharitories::brave_max_offset,
                   "next page \"" + page.next_page + "\" after offset " + std::to_string(offset));
    return 0;
}
