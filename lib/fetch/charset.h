// Turns a response body into UTF-8, following the HTML standard's encoding sniffing order: a byte
// order mark, then the Content-Type header's charset, then (HTML only) a <meta charset> or
// http-equiv found by the standard's prescan of the first 1024 bytes, then — the "autodetect" step
// the standard allows — UTF-8 if the bytes are valid UTF-8, else windows-1252, the standard's default
// for French. Labels are read as the WHATWG Encoding standard reads them (iso-8859-1 and us-ascii
// mean windows-1252). Conversion by iconv; an invalid byte becomes U+FFFD, never an error.
#pragma once

#include <string>
#include <string_view>

namespace sharitories {

struct ContentType {
    std::string media_type;  ///< lower case, no parameters: "text/html"
    std::string charset;     ///< the charset parameter as given, lower case: "iso-8859-1"
};

ContentType parse_content_type(std::string_view header);

/// text/html, application/xhtml+xml, text/plain: what a page may be.
bool is_page_type(std::string_view media_type);

/// The iconv name for an encoding label ("latin1" → "WINDOWS-1252", "utf8" → "UTF-8"); "" if the
/// label names no encoding this machine's iconv knows.
std::string encoding_for_label(std::string_view label);

/// The charset a <meta> declares in the first 1024 bytes of `html`, as a label; "" if none.
std::string prescan_meta_charset(std::string_view html);

struct DecodedBody {
    std::string text;      ///< UTF-8, without a BOM
    std::string encoding;  ///< what it was decoded from: "UTF-8", "WINDOWS-1252" …
};

DecodedBody decode_body(std::string_view body, std::string_view header_charset, bool is_html);

/// `bytes` in `encoding` (an iconv name) as UTF-8; undecodable bytes become U+FFFD.
std::string to_utf8(std::string_view bytes, const std::string& encoding);

}  // namespace sharitories
