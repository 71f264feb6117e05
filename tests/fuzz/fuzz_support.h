// What every fuzz target shares: a strict UTF-8 check written apart from the library's (an oracle
// must not share the code it judges), the input split into fields, and FUZZ_CHECK, which prints
// what broke with the values involved, escaped, and aborts so that libFuzzer saves the input.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

namespace fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF, no truncated sequence.
inline bool is_valid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char c = bytes[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            code_point = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            code_point = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            code_point = c & 0x07;
        } else {
            return false;
        }
        if (i + length > size) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80) return false;
            code_point = (code_point << 6) | (bytes[i + k] & 0x3F);
        }
        if ((length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000) || code_point > 0x10FFFF ||
            (code_point >= 0xD800 && code_point <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

/// `text` as a C string literal's contents ("a\n\xC3"), cut after `max` bytes: for failure messages
/// and for the regression tests made from them.
inline std::string escape(std::string_view text, std::size_t max = 400) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\\' || c == '"') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c >= 0x7F) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            // a hex digit after \xNN would be read as part of the escape: break the literal there
            if (i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1]))) out += "\"\"";
        } else {
            out += static_cast<char>(c);
        }
    }
    if (text.size() > max) out += "…";
    return out;
}

/// The text up to the first line feed, and the rest after it (all of it and "" without one).
inline std::pair<std::string_view, std::string_view> split_first_line(std::string_view text) {
    const auto newline = text.find('\n');
    if (newline == std::string_view::npos) return {text, {}};
    return {text.substr(0, newline), text.substr(newline + 1)};
}

[[noreturn]] inline void fail(const char* file, int line, const char* condition, const std::string& detail) {
    std::fprintf(stderr, "\n%s:%d: invariant broken: %s\n", file, line, condition);
    std::fwrite(detail.data(), 1, detail.size(), stderr);  // all of it, a NUL included
    std::fputc('\n', stderr);
    std::fflush(stderr);
    std::abort();
}

}  // namespace fuzz

/// The invariant `condition`, or a report naming it with `detail` (a std::string) and an abort.
#define FUZZ_CHECK(condition, detail)                                       \
    do {                                                                    \
        if (!(condition)) ::fuzz::fail(__FILE__, __LINE__, #condition, (detail)); \
    } while (false)
