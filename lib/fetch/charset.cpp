#include "fetch/charset.h"

#include <iconv.h>
#include <utf8proc.h>

#include <array>
#include <cctype>
#include <optional>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

#include "input/delimited_text.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// WHATWG Encoding standard labels for the encodings French pages use, with its surprises:
/// iso-8859-1 and us-ascii are windows-1252, utf-16 in a <meta> is UTF-8 (handled by the caller).
constexpr std::pair<std::string_view, std::string_view> known_labels[] = {
    {"utf-8", "UTF-8"},          {"utf8", "UTF-8"},           {"unicode-1-1-utf-8", "UTF-8"},
    {"windows-1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"}, {"x-cp1252", "WINDOWS-1252"},
    {"iso-8859-1", "WINDOWS-1252"},   {"iso8859-1", "WINDOWS-1252"}, {"iso88591", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"},   {"latin1", "WINDOWS-1252"},    {"l1", "WINDOWS-1252"},
    {"us-ascii", "WINDOWS-1252"},     {"ascii", "WINDOWS-1252"},     {"ansi_x3.4-1968", "WINDOWS-1252"},
    {"cp819", "WINDOWS-1252"},        {"ibm819", "WINDOWS-1252"},    {"iso-ir-100", "WINDOWS-1252"},
    {"iso-8859-15", "ISO-8859-15"},   {"iso8859-15", "ISO-8859-15"}, {"latin9", "ISO-8859-15"},
    {"l9", "ISO-8859-15"},            {"utf-16", "UTF-16LE"},         {"utf-16le", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},         {"x-user-defined", "WINDOWS-1252"},
};

struct IconvCloser {
    void operator()(void* handle) const { iconv_close(static_cast<iconv_t>(handle)); }
};
using Iconv = std::unique_ptr<void, IconvCloser>;

Iconv open_to_utf8(const std::string& encoding) {
    iconv_t handle = iconv_open("UTF-8", encoding.c_str());
    if (handle == reinterpret_cast<iconv_t>(-1)) return nullptr;
    return Iconv(handle);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && ascii_lower(text.substr(0, prefix.size())) == prefix;
}

/// Length of the valid UTF-8 prefix of `bytes` (all of it when valid). ASCII, most of any French
/// page, is skipped eight bytes at a time.
std::size_t valid_utf8_prefix(std::string_view bytes) {
    const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
    const std::size_t size = bytes.size();
    std::size_t pos = 0;
    while (pos < size) {
        while (pos + 8 <= size) {
            std::uint64_t word;
            std::memcpy(&word, data + pos, 8);
            if (word & 0x8080808080808080ULL) break;
            pos += 8;
        }
        if (pos < size && data[pos] < 0x80) {
            ++pos;
            continue;
        }
        if (pos >= size) break;
        utf8proc_int32_t code_point = 0;
        auto length = utf8proc_iterate(data + pos, static_cast<utf8proc_ssize_t>(size - pos), &code_point);
        if (length < 0) return pos;
        pos += static_cast<std::size_t>(length);
    }
    return size;
}

/// UTF-8 input, checked: invalid bytes replaced (iconv would stop at them). Valid input — the
/// usual case — is copied once, in one piece.
std::string repair_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    while (!bytes.empty()) {
        const std::size_t valid = valid_utf8_prefix(bytes);
        out.append(bytes.substr(0, valid));
        if (valid == bytes.size()) break;
        out += replacement_character;
        bytes.remove_prefix(valid + 1);
    }
    return out;
}

bool is_valid_utf8(std::string_view bytes) { return valid_utf8_prefix(bytes) == bytes.size(); }

/// An attribute of a tag, read as the HTML prescan reads them (names lower-cased).
struct Attribute {
    std::string name;
    std::string value;
};

/// The standard's "get an attribute": from `pos`, returns nullopt at the tag's end ('>').
std::optional<Attribute> next_attribute(std::string_view text, std::size_t& pos) {
    while (pos < text.size() && (is_space(text[pos]) || text[pos] == '/')) ++pos;
    if (pos >= text.size() || text[pos] == '>') return std::nullopt;
    Attribute attribute;
    while (pos < text.size() && text[pos] != '=' && !is_space(text[pos]) && text[pos] != '/' && text[pos] != '>')
        attribute.name += static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos++])));
    while (pos < text.size() && is_space(text[pos])) ++pos;
    if (pos >= text.size() || text[pos] != '=') return attribute;
    ++pos;
    while (pos < text.size() && is_space(text[pos])) ++pos;
    if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
        const char quote = text[pos++];
        while (pos < text.size() && text[pos] != quote) attribute.value += text[pos++];
        ++pos;
    } else {
        while (pos < text.size() && !is_space(text[pos]) && text[pos] != '>') attribute.value += text[pos++];
    }
    return attribute;
}

/// The standard's "extracting a character encoding from a meta element" (content="text/html; charset=…").
std::string charset_from_content(std::string_view content) {
    std::size_t pos = 0;
    while (true) {
        auto found = ascii_lower(content).find("charset", pos);
        if (found == std::string::npos) return "";
        pos = found + 7;
        while (pos < content.size() && is_space(content[pos])) ++pos;
        if (pos < content.size() && content[pos] == '=') {
            ++pos;
            break;
        }
    }
    while (pos < content.size() && is_space(content[pos])) ++pos;
    if (pos >= content.size()) return "";
    if (content[pos] == '"' || content[pos] == '\'') {
        const char quote = content[pos];
        auto end = content.find(quote, pos + 1);
        if (end == std::string_view::npos) return "";
        return std::string(content.substr(pos + 1, end - pos - 1));
    }
    auto end = pos;
    while (end < content.size() && !is_space(content[end]) && content[end] != ';') ++end;
    return std::string(content.substr(pos, end - pos));
}

}  // namespace

ContentType parse_content_type(std::string_view header) {
    ContentType type;
    auto semicolon = header.find(';');
    type.media_type = ascii_lower(trim(header.substr(0, semicolon)));
    while (semicolon != std::string_view::npos) {
        auto next = header.find(';', semicolon + 1);
        auto parameter = trim(header.substr(semicolon + 1, next == std::string_view::npos ? std::string_view::npos
                                                                                         : next - semicolon - 1));
        auto equals = parameter.find('=');
        if (equals != std::string_view::npos && ascii_lower(trim(parameter.substr(0, equals))) == "charset") {
            auto value = trim(parameter.substr(equals + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
            type.charset = ascii_lower(value);
        }
        semicolon = next;
    }
    return type;
}

bool is_page_type(std::string_view media_type) {
    return media_type == "text/html" || media_type == "application/xhtml+xml" || media_type == "text/plain";
}

std::string encoding_for_label(std::string_view label) {
    const std::string lower = ascii_lower(trim(label));
    if (lower.empty()) return "";
    for (const auto& [known, encoding] : known_labels) {
        if (known == lower) return std::string(encoding);
    }
    const std::string upper = ascii_upper(lower);
    return open_to_utf8(upper) ? upper : "";
}

std::string prescan_meta_charset(std::string_view html) {
    const std::string_view text = html.substr(0, std::min<std::size_t>(html.size(), 1024));
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::string_view rest = text.substr(pos);
        if (rest.starts_with("<!--")) {
            auto end = text.find("-->", pos + 2);
            if (end == std::string_view::npos) return "";
            pos = end + 3;
        } else if (starts_with_ci(rest, "<meta") && rest.size() > 5 && (is_space(rest[5]) || rest[5] == '/')) {
            pos += 5;
            std::string names_seen;
            bool got_pragma = false;
            std::optional<bool> need_pragma;
            std::string charset;
            while (auto attribute = next_attribute(text, pos)) {
                if (names_seen.find("|" + attribute->name + "|") != std::string::npos) continue;
                names_seen += "|" + attribute->name + "|";
                if (attribute->name == "http-equiv") {
                    got_pragma = got_pragma || ascii_lower(attribute->value) == "content-type";
                } else if (attribute->name == "content" && charset.empty()) {
                    charset = charset_from_content(attribute->value);
                    if (!charset.empty()) need_pragma = true;
                } else if (attribute->name == "charset" && charset.empty()) {  // the first declaration wins
                    charset = attribute->value;
                    need_pragma = false;
                }
            }
            // a label that names no encoding is skipped: the next <meta> may say more
            if (!need_pragma || (*need_pragma && !got_pragma) || encoding_for_label(charset).empty()) continue;
            return std::string(trim(charset));
        } else if (rest.size() > 1 && rest[0] == '<' &&
                   (std::isalpha(static_cast<unsigned char>(rest[1])) || rest[1] == '/' || rest[1] == '!' ||
                    rest[1] == '?')) {
            // another tag, a closing tag, a doctype or a processing instruction: skip its attributes
            pos += 2;
            while (pos < text.size() && !is_space(text[pos]) && text[pos] != '>') ++pos;
            while (next_attribute(text, pos)) {
            }
            ++pos;
        } else {
            ++pos;
        }
    }
    return "";
}

std::string to_utf8(std::string_view bytes, const std::string& encoding) {
    if (encoding == "UTF-8") return repair_utf8(bytes);
    Iconv converter = open_to_utf8(encoding);
    if (!converter) return repair_utf8(bytes);
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    std::array<char, 16384> buffer{};
    char* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not modified
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        char* out_ptr = buffer.data();
        std::size_t out_left = buffer.size();
        std::size_t result = iconv(static_cast<iconv_t>(converter.get()), &in, &in_left, &out_ptr, &out_left);
        out.append(buffer.data(), buffer.size() - out_left);
        if (result == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) continue;
            // EILSEQ or EINVAL (truncated at the end): replace one byte and go on
            out += replacement_character;
            ++in;
            --in_left;
            iconv(static_cast<iconv_t>(converter.get()), nullptr, nullptr, nullptr, nullptr);
        }
    }
    return out;
}

DecodedBody decode_body(std::string_view body, std::string_view header_charset, bool is_html) {
    std::string encoding;
    if (body.starts_with("\xEF\xBB\xBF")) {
        encoding = "UTF-8";
        body.remove_prefix(3);
    } else if (body.starts_with("\xFF\xFE")) {
        encoding = "UTF-16LE";
        body.remove_prefix(2);
    } else if (body.starts_with("\xFE\xFF")) {
        encoding = "UTF-16BE";
        body.remove_prefix(2);
    }
    if (encoding.empty()) encoding = encoding_for_label(header_charset);
    if (encoding.empty() && is_html) {
        encoding = encoding_for_label(prescan_meta_charset(body));
        // a <meta> cannot truthfully say UTF-16: the bytes it was read from were ASCII-compatible
        if (encoding.starts_with("UTF-16")) encoding = "UTF-8";
    }
    if (encoding.empty()) encoding = is_valid_utf8(body) ? "UTF-8" : "WINDOWS-1252";
    return {to_utf8(body, encoding), encoding};
}

}  // namespace sharitories
