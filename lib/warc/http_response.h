// The HTTP response a WARC `response` record holds (WARC 1.1 §6.3: the full response, status line and
// headers included, for an http/https target), read back from the record's block: RFC 9112's status
// line and header fields, then the body, with the chunked transfer coding and gzip/deflate content
// codings undone as a client would.
//
// Departures: a bare LF ends a line; obsolete line folding is joined; a body that says it is chunked
// or compressed but is not (Common Crawl's WARC files keep the payload decoded and rename those
// headers X-Crawler-Transfer-Encoding / X-Crawler-Content-Encoding, but older archives do not) is
// taken as it is; the decoded body is capped, the rest dropped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharitories {

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;        ///< transfer and content codings undone
    bool body_cut = false;   ///< longer than the cap once decoded: the rest was dropped

    /// The first header named `name` (compared without case), "" if none.
    std::string_view header(std::string_view name) const;
};

/// The response in `block`, or nullopt with `why` set when it is not one (no status line …).
std::optional<HttpResponse> parse_http_response(std::string_view block, std::size_t max_body_bytes,
                                                std::string& why);

}  // namespace sharitories
