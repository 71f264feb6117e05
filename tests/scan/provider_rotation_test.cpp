// Failover in the user's order, cooldowns that outlive a run, errors that give a provider up for the
// run only; and each provider's cooldown rule.
#include <doctest/doctest.h>

#include "scan/provider_rotation.h"
#include "search/search_provider.h"

using namespace sharitories;
using namespace std::chrono_literals;

namespace {

const SystemTime night = *parse_iso("2026-12-01T23:00:00Z");

std::vector<ProviderSlot> two() {
    ProviderSlot searxng;
    searxng.name = "searxng";
    searxng.concurrency = 2;
    ProviderSlot duckduckgo;
    duckduckgo.name = "duckduckgo";
    return {searxng, duckduckgo};
}

}  // namespace

TEST_CASE("provider rotation: the first provider free takes the searches — a block hands over to the next") {
    ProviderRotation rotation(two());
    CHECK(rotation.active(night) == 0u);
    rotation.sent(0);
    CHECK(rotation.has_room(0));
    rotation.sent(0);
    CHECK_FALSE(rotation.has_room(0));  // two searches in flight, its concurrency
    rotation.returned(0);
    CHECK(rotation.blocked(0, night, night + 1h, "SearXNG answered 429"));
    CHECK(rotation[0].blocks_in_a_row == 1);
    CHECK(rotation.active(night) == 1u);
    CHECK_FALSE(rotation.usable(0, night));
    CHECK(rotation.active(night + 1h) == 0u);  // free again: the user's first choice comes back
    CHECK(rotation.next_free(night) == night + 1h);
    CHECK_FALSE(rotation.next_free(night + 2h));
    // the other request in flight comes back blocked too: the same episode, not a second block
    CHECK_FALSE(rotation.blocked(0, night + 1s, night + 10min, "a shorter wish"));
    CHECK(rotation[0].blocks_in_a_row == 1);
    CHECK(rotation[0].cooldown_until == night + 1h);  // a cooldown is never shortened
    CHECK(rotation[0].reason == "SearXNG answered 429");
    // an answer to a request sent before the block does not end the cooldown's count
    CHECK_FALSE(rotation.answered(0, night + 2s));
    CHECK(rotation[0].blocks_in_a_row == 1);
    // an answer after the cooldown does: the store's count is to be reset
    CHECK(rotation.answered(0, night + 2h));
    CHECK(rotation[0].blocks_in_a_row == 0);
    CHECK_FALSE(rotation.answered(0, night + 3h));  // nothing more to reset
}

TEST_CASE("provider rotation: a provider that has spent its own allowance hands over to the next") {
    auto slots = two();
    slots[0].allowance = 2;
    ProviderRotation rotation(slots);
    rotation.sent(0);
    rotation.sent(0);
    CHECK(rotation[0].exhausted());
    CHECK(rotation.active(night) == 1u);
    rotation.returned(0);
    rotation.returned(0);
    CHECK_FALSE(rotation.usable(0, night));
}

TEST_CASE("provider rotation: three errors in a row give a provider up for the run — an answer resets the count") {
    ProviderRotation rotation(two(), 3);
    CHECK_FALSE(rotation.failed(1));
    CHECK_FALSE(rotation.failed(1));
    rotation.answered(1, night);
    CHECK_FALSE(rotation.failed(1));
    CHECK_FALSE(rotation.failed(1));
    CHECK(rotation.failed(1));  // the third in a row
    CHECK_FALSE(rotation.failed(1));  // said once
    rotation.blocked(0, night, night + 2h, "CAPTCHA");
    CHECK_FALSE(rotation.active(night));  // one cooling down, the other given up
    CHECK(rotation.next_free(night) == night + 2h);
}

TEST_CASE("provider cooldowns: duckduckgo an hour doubling, brave and searxng as their answer says") {
    auto duckduckgo = make_provider(ProviderKind::duckduckgo, "", "", 10);
    CHECK(duckduckgo->cooldown(1, std::nullopt) == 1h);
    CHECK(duckduckgo->cooldown(2, std::nullopt) == 2h);
    CHECK(duckduckgo->cooldown(4, std::nullopt) == 8h);
    CHECK(duckduckgo->cooldown(1, 5min) == 1h);   // at least an hour, whatever it says
    CHECK(duckduckgo->cooldown(1, 3h) == 3h);
    CHECK(duckduckgo->cooldown(40, std::nullopt) == std::chrono::hours(24 * 7));  // at most a week
    auto brave = make_provider(ProviderKind::brave, "", "key", 10);
    CHECK(brave->cooldown(1, std::chrono::seconds(1'419'704)) == std::chrono::seconds(1'419'704));
    CHECK(brave->cooldown(1, std::nullopt) == 1h);
    auto searxng = make_provider(ProviderKind::searxng, "http://localhost:8888", "", 10);
    CHECK(searxng->cooldown(3, 24h) == 24h);
    CHECK(searxng->cooldown(1, std::nullopt) == 1h);
    // nightly budgets and concurrency, as documented
    CHECK(duckduckgo->default_budget() == 200);
    CHECK(searxng->default_budget() == 300);
    CHECK(brave->default_budget() == 32);
    CHECK(duckduckgo->default_concurrency() == 1);
    CHECK(searxng->default_concurrency() == 4);
}
