// Failover between the search providers a user listed, in order (--provider searxng,duckduckgo):
// the first one that is neither cooling down nor given up takes the searches. A block (a CAPTCHA, a
// 429, a suspended engine, or silence) puts a provider in a cooldown that outlives the run (the
// store keeps it); repeated errors in a row give it up for the rest of the run only. Pure: time is
// passed in.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/timestamp.h"

namespace sharitories {

struct ProviderSlot {
    std::string name;
    int concurrency = 1;         ///< searches in flight at once
    SystemTime cooldown_until{}; ///< not asked before this
    int blocks_in_a_row = 0;     ///< since its last answer, across runs
    std::string reason;          ///< why it is cooling down
    int failures_in_a_row = 0;   ///< errors this run
    bool given_up = false;       ///< too many errors in a row: not asked again this run
    int in_flight = 0;
    int allowance = 0;           ///< requests it may be sent this run (its own nightly budget); 0: no limit
    int sent = 0;                ///< requests sent this run

    bool exhausted() const { return allowance > 0 && sent >= allowance; }
};

class ProviderRotation {
public:
    explicit ProviderRotation(std::vector<ProviderSlot> slots, int failure_limit = 3);

    /// The provider searches go to now: the first in the user's order not cooling down at `now`,
    /// not given up and with allowance left; nullopt if none.
    std::optional<std::size_t> active(SystemTime now) const;
    /// Whether `provider` may be sent a request at `now` (a next page, a canary).
    bool usable(std::size_t provider, SystemTime now) const;
    /// When the first provider cooling down at `now` (and otherwise usable) is free again; nullopt
    /// if none is cooling down.
    std::optional<SystemTime> next_free(SystemTime now) const;

    void sent(std::size_t provider) {
        ++slots_[provider].in_flight;
        ++slots_[provider].sent;
    }
    void returned(std::size_t provider) { --slots_[provider].in_flight; }
    bool has_room(std::size_t provider) const { return slots_[provider].in_flight < slots_[provider].concurrency; }

    /// An answer at `now`: the provider's errors in a row are over, and its blocks in a row too
    /// unless the answer is a late one to a request sent before its current cooldown began. Returns
    /// true when a block count kept in the store must be reset.
    bool answered(std::size_t provider, SystemTime now);
    /// A block at `now`: not asked before `until`, one more block in a row — unless it is already
    /// cooling down (a request sent before the first block of this episode): then only a later
    /// `until` counts. Returns true if this block started a new cooldown.
    bool blocked(std::size_t provider, SystemTime now, SystemTime until, std::string reason);
    /// An error; returns true when this one gives the provider up for the run.
    bool failed(std::size_t provider);

    const ProviderSlot& operator[](std::size_t provider) const { return slots_[provider]; }
    std::size_t size() const { return slots_.size(); }

private:
    std::vector<ProviderSlot> slots_;
    int failure_limit_;
};

}  // namespace sharitories
