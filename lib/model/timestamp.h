// Timestamps as the store and the outputs write them: ISO 8601 in UTC to the second,
// "2026-11-21T22:00:00Z", which sort as they compare.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sharitories {

using SystemTime = std::chrono::system_clock::time_point;

std::string to_iso(SystemTime time);
/// "2026-11-21T22:00:00Z" (the only form to_iso writes); nullopt for anything else.
std::optional<SystemTime> parse_iso(std::string_view text);
/// The current UTC time as to_iso writes it.
std::string utc_now();

}  // namespace sharitories
