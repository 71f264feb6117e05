// What counts as one initiative (DESIGN.md §5): a site, keyed by its registrable domain, however
// many of its pages are found; except on a platform (keywords/platforms.tsv: crowdfunding, civic
// tech, social networks …), where each project path is its own initiative: two Ulule campaigns for
// Lorient are two initiatives, ulule.com is not one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/keyword.h"

namespace sharitories {

class PlatformIndex {
public:
    explicit PlatformIndex(const std::vector<Platform>& platforms);

    /// The platform `host` belongs to (itself or a subdomain of a listed domain), if any.
    const Platform* find(std::string_view host) const;

private:
    std::vector<Platform> platforms_;
};

/// "lafabrique-lorient.fr" for a page of that site; "ulule.com/la-fabrique-lorient" for a project
/// page of a platform; nullopt for a platform's page that names no project (its home, a search, a
/// category).
std::optional<std::string> initiative_key(std::string_view url, const PlatformIndex& platforms);

/// The pillar a page of `platform` at `url` implies: the one its path's segments name in
/// platforms.tsv's pages column, else the platform's own (none for a social network).
std::optional<Pillar> implied_pillar(const Platform& platform, std::string_view url);

}  // namespace sharitories
