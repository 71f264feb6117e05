// Turns a response body into UTF-8, following the HTML Standard's encoding sniffing order: a byte
// order mark, then the Content-Type header's charset, then (HTML only) a <meta charset> or
// http-equiv found by the standard's prescan of the first 1024 bytes, then — the "autodetect" step
// the standard allows — UTF-8 if the bytes are valid UTF-8, else windows-1252, the standard's default
// for French.
//
// Labels are read only as the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/) reads
// them: its "get an encoding" (ASCII whitespace stripped, ASCII lower case, then an exact match in
// its table of labels — every encoding of the standard, with all its labels). So iso-8859-1, latin1,
// ascii and us-ascii mean windows-1252; utf-16, ucs-2 and unicode mean UTF-16LE; iso-2022-kr,
// hz-gb-2312 and the other labels of the standard's "replacement" encoding mean replacement: a body
// declared so decodes as one U+FFFD, as the standard says (those encodings let ASCII bytes mean
// other text; a page this tool cannot read counts for nothing rather than for what it seems to say).
// Any other label (utf-7, utf-32, wchar_t, "utf-8//ignore") names nothing: the body is decoded as if
// no charset had been declared. A label is never given to iconv; only the names chosen here are.
//
// Whatever the bytes and the label, the text returned is valid UTF-8: no function here throws
// (except std::bad_alloc), an invalid byte sequence becomes U+FFFD.
//
// Departures from the standards:
//  - UTF-8, UTF-16LE/BE, windows-1252, x-user-defined and replacement are decoded here exactly as
//    the Encoding Standard says; the other legacy encodings by the C library's iconv, under the
//    names chosen in charset.cpp (GBK as GB18030, Big5 as BIG5-HKSCS, Shift_JIS as CP932, EUC-KR as
//    CP949 …). iconv's tables may differ from the standard's indexes in a few positions (KOI8-U's
//    0xAE and 0xBE are box drawing there, not ў and Ў), and after an invalid sequence iconv resumes
//    one byte further, where the standard sometimes gives back an ASCII byte.
//  - An encoding this machine's iconv cannot decode is treated as an unknown label.
//  - No XML declaration is read, and a <meta> after the first 1024 bytes never changes the encoding.
// (As the HTML Standard's prescan says, a <meta> saying UTF-16 means UTF-8 and one saying
// x-user-defined means windows-1252; the header is taken at its word.)
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

/// The Encoding Standard's name of the encoding `label` names ("latin1" → "windows-1252",
/// " UTF8 " → "UTF-8", "ucs-2" → "UTF-16LE", "iso-2022-kr" → "replacement"); "" if the standard
/// has no such label.
std::string encoding_for_label(std::string_view label);

/// The charset a <meta> declares in the first 1024 bytes of `html`, as a label; "" if none.
std::string prescan_meta_charset(std::string_view html);

struct DecodedBody {
    std::string text;      ///< valid UTF-8, without a BOM
    std::string encoding;  ///< the standard's name of what it was decoded from: "UTF-8", "windows-1252" …
};

/// `body` decoded as the sniffing order above says; total: any bytes, any label.
DecodedBody decode_body(std::string_view body, std::string_view header_charset, bool is_html);

/// `bytes` decoded in the encoding `label` names (a label or name of the standard; no BOM is
/// looked for); as UTF-8 if the label names nothing this machine decodes. Always valid UTF-8.
std::string to_utf8(std::string_view bytes, std::string_view label);

}  // namespace sharitories
