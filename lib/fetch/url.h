// URLs as the fetch engine needs them, parsed by libcurl's URL API (so the engine and curl agree on
// what a URL means): scheme and host lower-cased, the default port made explicit, the fragment dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sharitories {

struct Url {
    std::string scheme;  ///< "https"
    std::string host;    ///< "www.example.org", "[::1]"
    int port = 0;        ///< explicit or the scheme's default
    std::string target;  ///< path and query: "/a/b?c=d" (at least "/")
    std::string text;    ///< the whole URL, normalised, without fragment

    /// "https://www.example.org:443": the politeness and robots.txt unit (RFC 9309 §2.3).
    std::string origin() const;
    bool is_http() const { return scheme == "http" || scheme == "https"; }
};

/// Any scheme is parsed (so that "file:///etc/passwd" can be refused by name); nullopt if not a URL.
std::optional<Url> parse_url(std::string_view text);

/// `reference` (a Location header: absolute, or relative to `base`) as an absolute URL.
std::optional<Url> resolve_url(const Url& base, std::string_view reference);

/// Every byte but the unreserved ones (RFC 3986 §2.3) as %XX: for query values and form fields.
std::string percent_encode(std::string_view text);

/// %XX sequences decoded ("+" is left as it is: not a form decoder).
std::string percent_decode(std::string_view text);

/// `name=value&…`, each part percent-encoded: an application/x-www-form-urlencoded body or a query.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace sharitories
