#include "model/pillar.h"

namespace sharitories {

std::string_view to_string(Pillar pillar) {
    switch (pillar) {
        case Pillar::consommation: return "consommation";
        case Pillar::production: return "production";
        case Pillar::financement: return "financement";
        case Pillar::gouvernance: return "gouvernance";
    }
    return "?";
}

std::optional<Pillar> parse_pillar(std::string_view name) {
    for (Pillar pillar : all_pillars) {
        if (to_string(pillar) == name) return pillar;
    }
    return std::nullopt;
}

}  // namespace sharitories
