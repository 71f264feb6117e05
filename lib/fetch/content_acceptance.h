// What a response must be to be kept (DESIGN.md §6), decided as its parts arrive: its headers
// within limits (lines and bytes: a server that never ends its headers stops there); a page's
// status and media type (HTML, XHTML or text — what is not a page is refused as soon as its type is
// known, before its body is read; a page's error or redirect body is not read at all); the body
// under a cap counted after decompression (a compression bomb stops at the cap); and at the end a
// page's bytes decoded to UTF-8. robots.txt is read to its first 500 KiB, the rest ignored (RFC 9309
// §2.5). Pure: the transfer asks as bytes arrive, the engine once the transfer is over.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "fetch/fetch_types.h"

namespace sharitories {

/// Which body a response may keep.
enum class BodyRule {
    page,        ///< HTML, XHTML or text/plain, decoded to UTF-8; past the cap, too_large
    api,         ///< anything, kept as received; past the cap, too_large
    robots_txt,  ///< anything, kept as received; past robots_max_bytes, cut there and the rest ignored
};

BodyRule body_rule(ContentPolicy policy);

struct ResponseLimits {
    std::size_t max_body_bytes = default_max_body_bytes;  ///< after decompression (not robots.txt's)
    /// A transfer's response header lines (interim 1xx responses included). Real servers send tens;
    /// a response with thousands is broken or hostile, and no retry will mend it.
    std::size_t max_header_lines = 1000;
    /// Their bytes; below libcurl's own 300 KiB limit, so that this check is the one that speaks.
    std::size_t max_header_bytes = 256 * 1024;
};

/// Body bytes a response under `rule` may keep.
std::size_t body_cap(BodyRule rule, const ResponseLimits& limits);

/// After `lines` header lines of `bytes` in all: nullopt while within limits, else headers_too_large.
std::optional<FetchRefusal> check_headers(std::size_t lines, std::size_t bytes, const ResponseLimits& limits);

/// What to do with a chunk of the body.
struct BodyStep {
    std::size_t keep = 0;  ///< bytes of the chunk to keep
    bool stop = false;     ///< then stop reading the body
    /// Why it stopped, when that ends the request (too_large, bad_content_type); a stop without a
    /// refusal is a body not needed (a page's error) or cut on purpose (robots.txt past its cap).
    std::optional<FetchRefusal> refusal;
};

/// The first chunk: with the status and the Content-Type header known, read the body or not.
/// {keep = 0, stop = false} means go on and take the chunk with take_body().
BodyStep open_body(BodyRule rule, int status, std::string_view content_type_header);

/// A chunk of `incoming` bytes when `kept` are kept already, under a cap of `cap`.
BodyStep take_body(BodyRule rule, std::size_t kept, std::size_t incoming, std::size_t cap);

/// The verdict of a final status (the transfer went through, no redirect was followed): a 2xx is
/// kept; a 304 is `not_modified` if the request was conditional, else an error like any other
/// status: http_status, "HTTP 404".
void judge_status(FetchResult& result, bool conditional);

/// The body that `result` keeps, once its status is judged: its media type always; then, if it is
/// ok and not a 304, the body as received (api, robots_txt) or, for a page, decoded to UTF-8 with its
/// charset — or bad_content_type if it is not a page (a declared type that is not one, or no type
/// and a body that does not look like HTML).
void accept_body(FetchResult& result, BodyRule rule, std::string_view content_type_header, std::string body);

}  // namespace sharitories
