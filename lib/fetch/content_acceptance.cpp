#include "fetch/content_acceptance.h"

#include <utility>

#include "fetch/charset.h"
#include "fetch/robots.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

bool is_success(int status) { return status >= 200 && status < 300; }

FetchRefusal not_a_page(const std::string& media_type) {
    return {FetchError::bad_content_type, media_type + " is not a page (HTML, XHTML or text)"};
}

}  // namespace

BodyRule body_rule(ContentPolicy policy) { return policy == ContentPolicy::page ? BodyRule::page : BodyRule::api; }

std::size_t body_cap(BodyRule rule, const ResponseLimits& limits) {
    return rule == BodyRule::robots_txt ? robots_max_bytes : limits.max_body_bytes;
}

std::optional<FetchRefusal> check_headers(std::size_t lines, std::size_t bytes, const ResponseLimits& limits) {
    if (lines > limits.max_header_lines)
        return FetchRefusal{FetchError::headers_too_large,
                            "too many response headers: more than " + std::to_string(limits.max_header_lines) + " lines"};
    if (bytes > limits.max_header_bytes)
        return FetchRefusal{FetchError::headers_too_large,
                            "response headers over " + std::to_string(limits.max_header_bytes) + " bytes"};
    return std::nullopt;
}

BodyStep open_body(BodyRule rule, int status, std::string_view content_type_header) {
    if (rule != BodyRule::page) return {};
    // A page's error or redirect body is of no use (and may never end). An API's may explain the
    // error (SearXNG, a block page): it is read.
    if (!is_success(status)) return {.keep = 0, .stop = true, .refusal = std::nullopt};
    const auto media_type = parse_content_type(content_type_header).media_type;
    if (!media_type.empty() && !is_page_type(media_type))
        return {.keep = 0, .stop = true, .refusal = not_a_page(media_type)};  // no need to download a PDF
    return {};
}

BodyStep take_body(BodyRule rule, std::size_t kept, std::size_t incoming, std::size_t cap) {
    if (kept + incoming <= cap) return {.keep = incoming, .stop = false, .refusal = std::nullopt};
    if (rule == BodyRule::robots_txt) return {.keep = cap - kept, .stop = true, .refusal = std::nullopt};
    return {.keep = 0,
            .stop = true,
            .refusal = FetchRefusal{FetchError::too_large, "body over " + std::to_string(cap) + " bytes (after decompression)"}};
}

void judge_status(FetchResult& result, bool conditional) {
    if (is_success(result.status)) return;
    if (result.status == 304 && conditional) {
        result.not_modified = true;
        return;
    }
    result.error = FetchError::http_status;
    result.error_detail = "HTTP " + std::to_string(result.status);
}

void accept_body(FetchResult& result, BodyRule rule, std::string_view content_type_header, std::string body) {
    const ContentType type = parse_content_type(content_type_header);
    result.content_type = type.media_type;
    if (!result.ok() || result.not_modified) return;
    if (rule != BodyRule::page) {
        result.body = std::move(body);
        return;
    }
    if (!type.media_type.empty() && !is_page_type(type.media_type)) {  // an empty body: open_body never saw it
        result.error = FetchError::bad_content_type;
        result.error_detail = not_a_page(type.media_type).detail;
        return;
    }
    bool html = type.media_type == "text/html" || type.media_type == "application/xhtml+xml";
    if (type.media_type.empty()) {  // no Content-Type: kept only if it looks like HTML
        const auto start = ascii_lower(std::string_view(body).substr(0, 512));
        html = start.find("<!doctype html") != std::string::npos || start.find("<html") != std::string::npos;
        if (!html) {
            result.error = FetchError::bad_content_type;
            result.error_detail = "no Content-Type and the body does not look like HTML";
            return;
        }
    }
    auto decoded = decode_body(body, type.charset, html);
    result.body = std::move(decoded.text);
    result.charset = std::move(decoded.encoding);
}

}  // namespace sharitories
