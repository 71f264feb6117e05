#include "classify/initiative.h"

#include <algorithm>
#include <array>

#include "classify/registrable_domain.h"
#include "fetch/url.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

// Path segments that say what kind of page follows, not which project: skipped to find the project.
constexpr std::array<std::string_view, 16> generic_segments{
    "fr", "en", "fr-fr", "projets", "projects", "projet", "project", "p", "associations", "association",
    "pages", "groups", "campaigns", "c", "processes", "assemblies"};

// Path segments of a platform's listings (its search, its categories): the page names no project,
// each of its cards links to one (page_analysis.h, entry projects).
constexpr std::array<std::string_view, 11> listing_segments{
    "discover", "decouvrir", "explore", "explorer", "search", "recherche", "rechercher", "categories", "category",
    "tags", "tag"};

}  // namespace

PlatformIndex::PlatformIndex(const std::vector<Platform>& platforms) : platforms_(platforms) {}

const Platform* PlatformIndex::find(std::string_view host) const {
    const std::string lower = ascii_lower(host);
    for (const auto& platform : platforms_) {
        if (lower == platform.domain ||
            (lower.size() > platform.domain.size() && lower.ends_with(platform.domain) &&
             lower[lower.size() - platform.domain.size() - 1] == '.'))
            return &platform;
    }
    return nullptr;
}

std::optional<std::string> initiative_key(std::string_view url_text, const PlatformIndex& platforms) {
    auto url = parse_url(url_text);
    if (!url || url->host.empty()) return std::nullopt;
    const Platform* platform = platforms.find(url->host);
    if (platform == nullptr) return registrable_domain(url->host);

    std::string_view path = url->target;
    path = path.substr(0, path.find_first_of("?#"));
    std::size_t pos = 0;
    while (pos < path.size()) {
        while (pos < path.size() && path[pos] == '/') ++pos;
        std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos) end = path.size();
        const std::string segment = ascii_lower(path.substr(pos, end - pos));
        if (std::find(listing_segments.begin(), listing_segments.end(), segment) != listing_segments.end())
            return std::nullopt;
        if (!segment.empty() &&
            std::find(generic_segments.begin(), generic_segments.end(), segment) == generic_segments.end())
            return platform->domain + "/" + segment;
        pos = end;
    }
    return std::nullopt;
}

std::optional<Pillar> implied_pillar(const Platform& platform, std::string_view url_text) {
    if (auto url = parse_url(url_text)) {
        std::string_view path = url->target;
        path = path.substr(0, path.find_first_of("?#"));
        for (const auto& [segment, pillar] : platform.pillar_of_pages) {
            for (std::size_t at = path.find(segment); at != std::string_view::npos; at = path.find(segment, at + 1)) {
                const bool starts = at > 0 && path[at - 1] == '/';
                const bool ends = at + segment.size() == path.size() || path[at + segment.size()] == '/';
                if (starts && ends) return pillar;
            }
        }
    }
    return platform.pillar;
}

}  // namespace sharitories
