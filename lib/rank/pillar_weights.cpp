#include "rank/pillar_weights.h"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

namespace sharitories {
namespace {

constexpr const char* pillar_names = "consommation, production, financement, gouvernance";

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

/// A finite number from 0 to max_pillar_weight, the whole text; nullopt otherwise.
std::optional<double> parse_weight(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    if (!std::isfinite(value) || value < 0 || value > max_pillar_weight) return std::nullopt;
    return value == 0 ? 0.0 : value;  // "-0" is 0
}

}  // namespace

ParsedWeights parse_pillar_weights(const std::vector<std::string>& values) {
    ParsedWeights parsed;
    std::array<std::string, 4> given;  // the entry that set each pillar, for a second one's message
    for (const std::string& value : values) {
        std::string_view rest(value);
        while (true) {
            const auto comma = rest.find(',');
            const std::string_view entry = trim(rest.substr(0, comma));
            if (entry.empty()) {
                parsed.error = fmt::format("'{}': an empty entry (a comma too many?); expected PILLAR=WEIGHT, as in "
                                           "production=2",
                                           value);
                return parsed;
            }
            const auto equals = entry.find('=');
            if (equals == std::string_view::npos) {
                parsed.error = fmt::format("{}: expected PILLAR=WEIGHT, as in production=1.5 (a decimal point, not a "
                                           "comma: commas separate the pillars)",
                                           entry);
                return parsed;
            }
            const std::string_view name = trim(entry.substr(0, equals));
            const auto pillar = parse_pillar(name);
            if (!pillar) {
                parsed.error = fmt::format("{}: {} is not a pillar; the pillars are {}", entry,
                                           name.empty() ? "an empty name" : name, pillar_names);
                return parsed;
            }
            const auto weight = parse_weight(trim(entry.substr(equals + 1)));
            if (!weight) {
                parsed.error = fmt::format("{}: a weight is a number from 0 to {} (0 leaves the pillar out of the "
                                           "score; a decimal point, not a comma)",
                                           entry, max_pillar_weight);
                return parsed;
            }
            const auto index = static_cast<std::size_t>(*pillar);
            if (!given[index].empty()) {
                parsed.error = fmt::format("{}: a second weight for {} (after {})", entry, name, given[index]);
                return parsed;
            }
            given[index] = std::string(entry);
            parsed.weights.values[index] = *weight;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    if (parsed.weights.values == std::array<double, 4>{0, 0, 0, 0})
        parsed.error = fmt::format("{}: every pillar weighs 0, so every town would score 0; at least one must count",
                                   to_string(parsed.weights));
    return parsed;
}

std::string to_string(const PillarWeights& weights) {
    std::string text;
    for (Pillar pillar : all_pillars)
        text += fmt::format("{}{}={}", text.empty() ? "" : ",", to_string(pillar), weights[pillar]);
    return text;
}

}  // namespace sharitories
