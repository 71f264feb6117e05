// The four pillars of collaborative practice the study counts (DESIGN.md §1). Their names are the
// shortlist's column names and the first column of keyword files, so they are spelled exactly here.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace sharitories {

enum class Pillar { consommation, production, financement, gouvernance };

inline constexpr std::array<Pillar, 4> all_pillars{Pillar::consommation, Pillar::production,
                                                   Pillar::financement, Pillar::gouvernance};

std::string_view to_string(Pillar pillar);

/// Exact, case-sensitive: keyword files and column names use the lower-case French names.
std::optional<Pillar> parse_pillar(std::string_view name);

}  // namespace sharitories
