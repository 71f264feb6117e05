// What the fetch engine is asked for and what it answers: plain values, one result per request,
// never an exception (DESIGN.md §3, the per-URL tier of errors).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sharitories {

inline constexpr std::size_t default_max_body_bytes = 5u << 20;  // 5 MiB, after decompression

/// Which responses a request keeps.
enum class ContentPolicy {
    page,  ///< HTML, XHTML or text/plain, decoded to UTF-8 (pages found by a search)
    api,   ///< anything, body kept as received (a search provider's JSON or HTML answer)
};

struct FetchRequest {
    std::string url;
    std::uint64_t id = 0;              ///< the caller's tag, copied into the result
    std::string method = "GET";        ///< GET or POST
    std::string body;                  ///< POST body (application/x-www-form-urlencoded)
    std::vector<std::string> headers;  ///< extra "Name: value" lines
    std::string if_none_match;         ///< an ETag from a previous run: a 304 comes back as not_modified
    std::string if_modified_since;     ///< a Last-Modified from a previous run
    ContentPolicy content = ContentPolicy::page;
    /// This target may be on a private address (a user's own --search-url); redirects keep the
    /// permission only while they stay on the same scheme, host and port.
    bool allow_private = false;
    /// robots.txt is obeyed for pages; a search provider's API is a service the user chose, not a crawl.
    bool obey_robots = true;
    /// Not sent before this long after submit(): a search provider's back-off after a block.
    std::chrono::milliseconds delay{0};
    /// Requests sent at most for this one, retries included; 0: the engine's RetryPolicy. A search
    /// sets 1: each request counts against the night's budget, and a block is the scan's to handle.
    int max_attempts = 0;
    /// This server answers "slow down" with a 503 (Amazon S3's SlowDown: Common Crawl's data host): a
    /// 503 is then a 429 to the engine — retried after the same wait, its host held meanwhile
    /// (retry_policy.h: is_throttle).
    bool slow_down_503 = false;
};

/// Why a request produced no usable page; `none` when it did (a 304 included).
enum class FetchError {
    none,
    invalid_url,         ///< not a URL at all
    blocked_scheme,      ///< not http or https, first or after a redirect
    blocked_private,     ///< connects to a loopback, private, link-local … address
    robots,              ///< robots.txt disallows it (or was unreachable: disallow all)
    dns,                 ///< the host name does not resolve
    connect,             ///< the connection failed or was refused
    tls,                 ///< TLS handshake or certificate problem
    timeout,             ///< connect, whole-request or stalled-transfer timeout
    network,             ///< the connection was reset or closed mid-way
    too_large,           ///< the body passed the cap (after decompression)
    headers_too_large,   ///< the response's headers passed their limit (lines or bytes): not retried
    too_many_redirects,  ///< more than 5 redirects, or a loop
    http_status,         ///< a final status that is not 2xx or 304
    bad_content_type,    ///< not HTML, XHTML or text (pages only)
    host_failed,         ///< its host kept failing and was given up for the run
    other,
};

std::string_view to_string(FetchError error);

/// Why the engine ends a request without a usable page: the error and its sentence (see
/// FetchResult::error_detail). The pure pieces of lib/fetch/ answer with one.
struct FetchRefusal {
    FetchError error = FetchError::other;
    std::string detail;

    bool operator==(const FetchRefusal&) const = default;
};

struct FetchResult {
    std::uint64_t id = 0;
    std::string requested_url;
    std::string final_url;     ///< after redirects
    int status = 0;            ///< last HTTP status; 0 if none was received
    std::string content_type;  ///< media type, lower case, no parameters: "text/html"
    std::string charset;       ///< the charset the body was decoded from (pages only)
    std::string body;          ///< UTF-8 for pages; as received for api requests
    std::string etag;
    std::string last_modified;
    bool not_modified = false;  ///< a 304 to a conditional request
    std::string retry_after;    ///< the Retry-After header of the last response, if any
    std::string rate_limit_reset;  ///< X-RateLimit-Reset (Brave: "seconds[, seconds]"), if any
    std::string rate_limit_remaining;  ///< X-RateLimit-Remaining, window by window as in rate_limit_reset
    int attempts = 0;           ///< requests sent for the last hop (1 + retries)
    int redirects = 0;
    double seconds = 0;           ///< from the first request start to the result, waits included
    double transfer_seconds = 0;  ///< the last request alone
    FetchError error = FetchError::none;
    std::string error_detail;  ///< a human sentence: "HTTP 503", "redirect to file:///etc/passwd refused"

    bool ok() const { return error == FetchError::none; }
};

}  // namespace sharitories
