#include "fetch/redirect_policy.h"

#include <algorithm>
#include <utility>

namespace sharitories {

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Hop first_hop(const FetchRequest& request, Url url, const RedirectRules& rules) {
    Hop hop;
    hop.url = std::move(url);
    hop.method = request.method;
    hop.body = request.body;
    hop.headers = request.headers;
    hop.if_none_match = request.if_none_match;
    hop.if_modified_since = request.if_modified_since;
    hop.allow_private = request.allow_private || rules.allow_private_hosts;
    return hop;
}

std::optional<FetchRefusal> refuse_scheme(const Hop& hop) {
    if (hop.url.is_http()) return std::nullopt;
    return FetchRefusal{FetchError::blocked_scheme, hop.redirects == 0
                                                        ? "only http and https are fetched"
                                                        : "redirect to " + hop.url.text + " refused: only http and https"};
}

std::optional<FetchRefusal> follow_redirect(Hop& hop, int status, std::string_view location, const RedirectRules& rules) {
    auto next = resolve_url(hop.url, location);
    if (!next) return FetchRefusal{FetchError::invalid_url, "redirect to an invalid URL: " + std::string(location)};
    hop.visited.push_back(hop.method + " " + hop.url.text);
    if (++hop.redirects > rules.max_redirects)
        return FetchRefusal{FetchError::too_many_redirects, "more than " + std::to_string(rules.max_redirects) + " redirects"};
    if (status == 303 || ((status == 301 || status == 302) && hop.method == "POST")) {
        hop.method = "GET";
        hop.body.clear();
    }
    if (std::find(hop.visited.begin(), hop.visited.end(), hop.method + " " + next->text) != hop.visited.end())
        return FetchRefusal{FetchError::too_many_redirects, "redirect loop back to " + next->text};
    const bool same_origin = next->origin() == hop.url.origin();
    hop.allow_private = rules.allow_private_hosts || (hop.allow_private && same_origin);
    if (!same_origin) {
        hop.headers.clear();
        hop.if_none_match.clear();
        hop.if_modified_since.clear();
    }
    hop.url = std::move(*next);
    return std::nullopt;
}

}  // namespace sharitories
