// Redirects as decisions: where a 3xx leads and whether to go there. The engine follows them hop by
// hop, not curl, so that each hop is checked here (scheme: http and https only, DESIGN.md §6; hop
// limit; loops), then admitted like a new request: on its own host's schedule and health, against
// its own robots.txt, its address checked when it connects (address_policy.h).
// As the Fetch standard's HTTP-redirect fetch: a 303, and a 301 or 302 after a POST, turn the
// request into a GET without body. Beyond it: a redirect to another origin drops the caller's
// headers (an API key) and validators, and a private address allowed for one origin (a user's own
// search server) is not allowed for the next unless --allow-private-hosts allows every one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/fetch_types.h"
#include "fetch/url.h"

namespace sharitories {

/// What the current hop of a request sends, and where.
struct Hop {
    Url url;
    std::string method = "GET";        ///< GET or POST
    std::string body;                  ///< a POST's
    std::vector<std::string> headers;  ///< the caller's extra "Name: value" lines
    std::string if_none_match;
    std::string if_modified_since;
    bool allow_private = false;        ///< this hop's target may be on a private address
    int redirects = 0;                 ///< redirects followed to get here
    std::vector<std::string> visited;  ///< "METHOD url" of the hops before, to tell a loop

    /// A conditional request: a 304 to it means "not modified".
    bool conditional() const { return !if_none_match.empty() || !if_modified_since.empty(); }
};

struct RedirectRules {
    int max_redirects = 5;
    bool allow_private_hosts = false;  ///< every target may be on a private address
};

/// 301, 302, 303, 307, 308: a status whose Location is followed.
bool is_redirect(int status);

/// The first hop of `request`, to `url` (the request's URL, parsed).
Hop first_hop(const FetchRequest& request, Url url, const RedirectRules& rules);

/// nullopt if the hop's scheme is fetched (http, https), else blocked_scheme and why.
std::optional<FetchRefusal> refuse_scheme(const Hop& hop);

/// Moves `hop` on to where a redirect with this `status` and Location header leads. nullopt: go
/// there (the caller admits the new hop as it would a new request, refuse_scheme first); else why
/// the request ends here: invalid_url, or too_many_redirects (past the limit, or a loop).
std::optional<FetchRefusal> follow_redirect(Hop& hop, int status, std::string_view location, const RedirectRules& rules);

}  // namespace sharitories
