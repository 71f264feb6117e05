#include "warc/record_page.h"

#include "fetch/charset.h"
#include "text/utf8.h"
#include "warc/http_response.h"

namespace sharitories {

std::optional<RecordPage> record_page(const WarcRecord& record, std::string& why, std::size_t max_body_bytes) {
    const std::string type = ascii_lower(record.type());
    RecordPage page;
    page.url = std::string(record.target_uri());
    page.date = std::string(record.date());
    page.cut = record.block_cut;
    if (page.url.empty()) {
        why = "a " + (type.empty() ? std::string("untyped") : type) + " record without WARC-Target-URI";
        return std::nullopt;
    }
    if (type == "conversion") {
        const ContentType content = parse_content_type(record.field("Content-Type"));
        if (!content.media_type.empty() && content.media_type != "text/plain") {
            why = "a conversion record of " + content.media_type;
            return std::nullopt;
        }
        page.html = false;
        page.text = to_utf8(std::string_view(record.block).substr(0, max_body_bytes), "utf-8");
        page.cut = page.cut || record.block.size() > max_body_bytes;
        return page;
    }
    if (type != "response") {
        why = "a " + (type.empty() ? std::string("untyped") : type) + " record";
        return std::nullopt;
    }
    // "application/http; msgtype=response" (§6.3); a response record of another scheme (dns:) is no page
    if (!ascii_lower(record.field("Content-Type")).starts_with("application/http")) {
        why = "a response record that holds no HTTP response";
        return std::nullopt;
    }
    auto response = parse_http_response(record.block, max_body_bytes, why);
    if (!response) return std::nullopt;
    if (response->status < 200 || response->status > 299) {
        why = "HTTP " + std::to_string(response->status);
        return std::nullopt;
    }
    const ContentType content = parse_content_type(response->header("Content-Type"));
    // no Content-Type: read as HTML, as a fetched page without one is
    const bool html_type = content.media_type == "text/html" || content.media_type == "application/xhtml+xml";
    if (!content.media_type.empty() && !is_page_type(content.media_type)) {
        why = content.media_type;
        return std::nullopt;
    }
    DecodedBody decoded = decode_body(response->body, content.charset, html_type || content.media_type.empty());
    page.text = std::move(decoded.text);
    page.charset = std::move(decoded.encoding);
    page.html = true;  // text/plain too: read as a fetched page is
    page.cut = page.cut || response->body_cut;
    return page;
}

}  // namespace sharitories
