#include "scan/provider_rotation.h"

namespace sharitories {

ProviderRotation::ProviderRotation(std::vector<ProviderSlot> slots, int failure_limit)
    : slots_(std::move(slots)), failure_limit_(failure_limit) {}

bool ProviderRotation::usable(std::size_t provider, SystemTime now) const {
    const ProviderSlot& slot = slots_[provider];
    return !slot.given_up && !slot.exhausted() && slot.cooldown_until <= now;
}

std::optional<std::size_t> ProviderRotation::active(SystemTime now) const {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (usable(i, now)) return i;
    }
    return std::nullopt;
}

std::optional<SystemTime> ProviderRotation::next_free(SystemTime now) const {
    std::optional<SystemTime> soonest;
    for (const auto& slot : slots_) {
        if (slot.given_up || slot.exhausted() || slot.cooldown_until <= now) continue;
        if (!soonest || slot.cooldown_until < *soonest) soonest = slot.cooldown_until;
    }
    return soonest;
}

bool ProviderRotation::answered(std::size_t provider, SystemTime now) {
    ProviderSlot& slot = slots_[provider];
    slot.failures_in_a_row = 0;
    if (slot.cooldown_until > now || slot.blocks_in_a_row == 0) return false;
    slot.blocks_in_a_row = 0;
    slot.reason.clear();
    return true;
}

bool ProviderRotation::blocked(std::size_t provider, SystemTime now, SystemTime until, std::string reason) {
    ProviderSlot& slot = slots_[provider];
    const bool already = slot.cooldown_until > now;
    if (!already) ++slot.blocks_in_a_row;
    if (until > slot.cooldown_until) slot.cooldown_until = until;  // a later answer never shortens a cooldown
    if (!already) slot.reason = std::move(reason);
    return !already;
}

bool ProviderRotation::failed(std::size_t provider) {
    ProviderSlot& slot = slots_[provider];
    if (slot.given_up) return false;
    slot.given_up = ++slot.failures_in_a_row >= failure_limit_;
    return slot.given_up;
}

}  // namespace sharitories
