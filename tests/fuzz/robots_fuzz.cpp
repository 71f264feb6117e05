// robots.txt (lib/fetch/robots.h): parse_robots on any text, then allowed() on a path. Input: the
// path on the first line, the robots.txt after it.
// Invariants: /robots.txt is always allowed; Crawl-delay is never negative; and the answer for a
// path is the answer for every spelling of it that RFC 9309 §2.2.2 (with RFC 3986 §6.2.2) calls the
// same: an unreserved character raw or percent-encoded, a non-ASCII octet raw or encoded, the hex
// digits of an escape in either case. The normal forms are computed here, apart from the library's.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fetch/robots.h"
#include "fuzz_support.h"

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int hex_value(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

bool is_unreserved(unsigned char c) {  // RFC 3986 §2.3
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

void append_escape(std::string& out, unsigned char octet, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    out += '%';
    out += digits[octet >> 4];
    out += digits[octet & 0xF];
}

enum class Form {
    normal,     ///< §2.2.2: unreserved decoded, non-ASCII encoded, escapes in upper-case hex
    encoded,    ///< every unreserved and non-ASCII octet encoded, lower-case hex
    raw,        ///< every unreserved and non-ASCII escape decoded to its octet
};

/// `path` respelt in `form`; reserved and other ASCII characters, raw or escaped, stay as they are.
std::string respell(std::string_view path, Form form) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        auto octet = static_cast<unsigned char>(path[i]);
        bool was_escape = false;
        if (octet == '%' && i + 2 < path.size() && is_hex(path[i + 1]) && is_hex(path[i + 2])) {
            octet = static_cast<unsigned char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2]));
            was_escape = true;
            i += 2;
        }
        const bool free_spelling = is_unreserved(octet) || octet >= 0x80;
        if (!free_spelling) {  // a reserved or other character: raw stays raw, escaped stays escaped
            if (was_escape) append_escape(out, octet, form != Form::encoded);
            else out += static_cast<char>(octet);
            continue;
        }
        switch (form) {
            case Form::normal:
                if (octet >= 0x80) append_escape(out, octet, true);
                else out += static_cast<char>(octet);
                break;
            case Form::encoded: append_escape(out, octet, false); break;
            case Form::raw: out += static_cast<char>(octet); break;
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto lines = fuzz::split_first_line(fuzz::as_text(data, size));  // (clang 14 cannot capture a structured binding)
    const std::string_view path = lines.first, body = lines.second;
    const auto rules = sharitories::parse_robots(body, "sharitories");

    FUZZ_CHECK(rules.allowed("/robots.txt"), "robots.txt: \"" + fuzz::escape(body) + "\"");
    if (auto delay = rules.crawl_delay())
        FUZZ_CHECK(delay->count() >= 0, "robots.txt: \"" + fuzz::escape(body) + "\"");

    const bool answer = rules.allowed(path);
    for (Form form : {Form::normal, Form::encoded, Form::raw}) {
        const std::string other = respell(path, form);
        FUZZ_CHECK(rules.allowed(other) == answer,
                   "path \"" + fuzz::escape(path) + "\" is " + (answer ? "allowed" : "disallowed") + ", \"" +
                       fuzz::escape(other) + "\" is not;\nrobots.txt: \"" + fuzz::escape(body) + "\"");
    }
    return 0;
}
