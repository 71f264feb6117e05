#include "fetch/charset.h"

#include <iconv.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

#include "input/delimited_text.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// How an encoding of the standard is decoded: here, or by iconv under the name given.
enum class Decoder { utf8, utf16le, utf16be, windows1252, x_user_defined, replacement, iconv };

struct EncodingInfo {
    std::string_view name;  ///< the Encoding Standard's name
    Decoder decoder;
    const char* iconv_name = nullptr;  ///< for Decoder::iconv: glibc's name of the closest table
};

// The Encoding Standard's encodings (https://encoding.spec.whatwg.org/#names-and-labels), in its order.
constexpr EncodingInfo utf_8{"UTF-8", Decoder::utf8};
constexpr EncodingInfo ibm866{"IBM866", Decoder::iconv, "IBM866"};
constexpr EncodingInfo iso_8859_2{"ISO-8859-2", Decoder::iconv, "ISO-8859-2"};
constexpr EncodingInfo iso_8859_3{"ISO-8859-3", Decoder::iconv, "ISO-8859-3"};
constexpr EncodingInfo iso_8859_4{"ISO-8859-4", Decoder::iconv, "ISO-8859-4"};
constexpr EncodingInfo iso_8859_5{"ISO-8859-5", Decoder::iconv, "ISO-8859-5"};
constexpr EncodingInfo iso_8859_6{"ISO-8859-6", Decoder::iconv, "ISO-8859-6"};
constexpr EncodingInfo iso_8859_7{"ISO-8859-7", Decoder::iconv, "ISO-8859-7"};
constexpr EncodingInfo iso_8859_8{"ISO-8859-8", Decoder::iconv, "ISO-8859-8"};
constexpr EncodingInfo iso_8859_8_i{"ISO-8859-8-I", Decoder::iconv, "ISO-8859-8"};  // the same bytes, logical order
constexpr EncodingInfo iso_8859_10{"ISO-8859-10", Decoder::iconv, "ISO-8859-10"};
constexpr EncodingInfo iso_8859_13{"ISO-8859-13", Decoder::iconv, "ISO-8859-13"};
constexpr EncodingInfo iso_8859_14{"ISO-8859-14", Decoder::iconv, "ISO-8859-14"};
constexpr EncodingInfo iso_8859_15{"ISO-8859-15", Decoder::iconv, "ISO-8859-15"};
constexpr EncodingInfo iso_8859_16{"ISO-8859-16", Decoder::iconv, "ISO-8859-16"};
constexpr EncodingInfo koi8_r{"KOI8-R", Decoder::iconv, "KOI8-R"};
constexpr EncodingInfo koi8_u{"KOI8-U", Decoder::iconv, "KOI8-U"};
constexpr EncodingInfo macintosh{"macintosh", Decoder::iconv, "MACINTOSH"};
constexpr EncodingInfo windows_874{"windows-874", Decoder::iconv, "CP874"};
constexpr EncodingInfo windows_1250{"windows-1250", Decoder::iconv, "CP1250"};
constexpr EncodingInfo windows_1251{"windows-1251", Decoder::iconv, "CP1251"};
constexpr EncodingInfo windows_1252{"windows-1252", Decoder::windows1252};
constexpr EncodingInfo windows_1253{"windows-1253", Decoder::iconv, "CP1253"};
constexpr EncodingInfo windows_1254{"windows-1254", Decoder::iconv, "CP1254"};
constexpr EncodingInfo windows_1255{"windows-1255", Decoder::iconv, "CP1255"};
constexpr EncodingInfo windows_1256{"windows-1256", Decoder::iconv, "CP1256"};
constexpr EncodingInfo windows_1257{"windows-1257", Decoder::iconv, "CP1257"};
constexpr EncodingInfo windows_1258{"windows-1258", Decoder::iconv, "CP1258"};
constexpr EncodingInfo x_mac_cyrillic{"x-mac-cyrillic", Decoder::iconv, "MAC-CYRILLIC"};
constexpr EncodingInfo gbk{"GBK", Decoder::iconv, "GB18030"};  // the standard's GBK decoder is gb18030's
constexpr EncodingInfo gb18030{"gb18030", Decoder::iconv, "GB18030"};
constexpr EncodingInfo big5{"Big5", Decoder::iconv, "BIG5-HKSCS"};  // the standard's Big5 has HKSCS
constexpr EncodingInfo euc_jp{"EUC-JP", Decoder::iconv, "EUC-JP"};
constexpr EncodingInfo iso_2022_jp{"ISO-2022-JP", Decoder::iconv, "ISO-2022-JP"};
constexpr EncodingInfo shift_jis{"Shift_JIS", Decoder::iconv, "CP932"};  // the standard's is windows-31j
constexpr EncodingInfo euc_kr{"EUC-KR", Decoder::iconv, "CP949"};        // the standard's is windows-949
constexpr EncodingInfo replacement{"replacement", Decoder::replacement};
constexpr EncodingInfo utf_16be{"UTF-16BE", Decoder::utf16be};
constexpr EncodingInfo utf_16le{"UTF-16LE", Decoder::utf16le};
constexpr EncodingInfo x_user_defined{"x-user-defined", Decoder::x_user_defined};

struct Label {
    std::string_view label;
    const EncodingInfo* encoding;
};

// Every label of the standard, and nothing else.
constexpr Label labels[] = {
    {"unicode-1-1-utf-8", &utf_8}, {"unicode11utf8", &utf_8}, {"unicode20utf8", &utf_8}, {"utf-8", &utf_8},
    {"utf8", &utf_8}, {"x-unicode20utf8", &utf_8},
    {"866", &ibm866}, {"cp866", &ibm866}, {"csibm866", &ibm866}, {"ibm866", &ibm866},
    {"csisolatin2", &iso_8859_2}, {"iso-8859-2", &iso_8859_2}, {"iso-ir-101", &iso_8859_2},
    {"iso8859-2", &iso_8859_2}, {"iso88592", &iso_8859_2}, {"iso_8859-2", &iso_8859_2},
    {"iso_8859-2:1987", &iso_8859_2}, {"l2", &iso_8859_2}, {"latin2", &iso_8859_2},
    {"csisolatin3", &iso_8859_3}, {"iso-8859-3", &iso_8859_3}, {"iso-ir-109", &iso_8859_3},
    {"iso8859-3", &iso_8859_3}, {"iso88593", &iso_8859_3}, {"iso_8859-3", &iso_8859_3},
    {"iso_8859-3:1988", &iso_8859_3}, {"l3", &iso_8859_3}, {"latin3", &iso_8859_3},
    {"csisolatin4", &iso_8859_4}, {"iso-8859-4", &iso_8859_4}, {"iso-ir-110", &iso_8859_4},
    {"iso8859-4", &iso_8859_4}, {"iso88594", &iso_8859_4}, {"iso_8859-4", &iso_8859_4},
    {"iso_8859-4:1988", &iso_8859_4}, {"l4", &iso_8859_4}, {"latin4", &iso_8859_4},
    {"csisolatincyrillic", &iso_8859_5}, {"cyrillic", &iso_8859_5}, {"iso-8859-5", &iso_8859_5},
    {"iso-ir-144", &iso_8859_5}, {"iso8859-5", &iso_8859_5}, {"iso88595", &iso_8859_5},
    {"iso_8859-5", &iso_8859_5}, {"iso_8859-5:1988", &iso_8859_5},
    {"arabic", &iso_8859_6}, {"asmo-708", &iso_8859_6}, {"csiso88596e", &iso_8859_6}, {"csiso88596i", &iso_8859_6},
    {"csisolatinarabic", &iso_8859_6}, {"ecma-114", &iso_8859_6}, {"iso-8859-6", &iso_8859_6},
    {"iso-8859-6-e", &iso_8859_6}, {"iso-8859-6-i", &iso_8859_6}, {"iso-ir-127", &iso_8859_6},
    {"iso8859-6", &iso_8859_6}, {"iso88596", &iso_8859_6}, {"iso_8859-6", &iso_8859_6},
    {"iso_8859-6:1987", &iso_8859_6},
    {"csisolatingreek", &iso_8859_7}, {"ecma-118", &iso_8859_7}, {"elot_928", &iso_8859_7}, {"greek", &iso_8859_7},
    {"greek8", &iso_8859_7}, {"iso-8859-7", &iso_8859_7}, {"iso-ir-126", &iso_8859_7}, {"iso8859-7", &iso_8859_7},
    {"iso88597", &iso_8859_7}, {"iso_8859-7", &iso_8859_7}, {"iso_8859-7:1987", &iso_8859_7},
    {"sun_eu_greek", &iso_8859_7},
    {"csiso88598e", &iso_8859_8}, {"csisolatinhebrew", &iso_8859_8}, {"hebrew", &iso_8859_8},
    {"iso-8859-8", &iso_8859_8}, {"iso-8859-8-e", &iso_8859_8}, {"iso-ir-138", &iso_8859_8},
    {"iso8859-8", &iso_8859_8}, {"iso88598", &iso_8859_8}, {"iso_8859-8", &iso_8859_8},
    {"iso_8859-8:1988", &iso_8859_8}, {"visual", &iso_8859_8},
    {"csiso88598i", &iso_8859_8_i}, {"iso-8859-8-i", &iso_8859_8_i}, {"logical", &iso_8859_8_i},
    {"csisolatin6", &iso_8859_10}, {"iso-8859-10", &iso_8859_10}, {"iso-ir-157", &iso_8859_10},
    {"iso8859-10", &iso_8859_10}, {"iso885910", &iso_8859_10}, {"l6", &iso_8859_10}, {"latin6", &iso_8859_10},
    {"iso-8859-13", &iso_8859_13}, {"iso8859-13", &iso_8859_13}, {"iso885913", &iso_8859_13},
    {"iso-8859-14", &iso_8859_14}, {"iso8859-14", &iso_8859_14}, {"iso885914", &iso_8859_14},
    {"csisolatin9", &iso_8859_15}, {"iso-8859-15", &iso_8859_15}, {"iso8859-15", &iso_8859_15},
    {"iso885915", &iso_8859_15}, {"iso_8859-15", &iso_8859_15}, {"l9", &iso_8859_15},
    {"iso-8859-16", &iso_8859_16},
    {"cskoi8r", &koi8_r}, {"koi", &koi8_r}, {"koi8", &koi8_r}, {"koi8-r", &koi8_r}, {"koi8_r", &koi8_r},
    {"koi8-ru", &koi8_u}, {"koi8-u", &koi8_u},
    {"csmacintosh", &macintosh}, {"mac", &macintosh}, {"macintosh", &macintosh}, {"x-mac-roman", &macintosh},
    {"dos-874", &windows_874}, {"iso-8859-11", &windows_874}, {"iso8859-11", &windows_874},
    {"iso885911", &windows_874}, {"tis-620", &windows_874}, {"windows-874", &windows_874},
    {"cp1250", &windows_1250}, {"windows-1250", &windows_1250}, {"x-cp1250", &windows_1250},
    {"cp1251", &windows_1251}, {"windows-1251", &windows_1251}, {"x-cp1251", &windows_1251},
    {"ansi_x3.4-1968", &windows_1252}, {"ascii", &windows_1252}, {"cp1252", &windows_1252},
    {"cp819", &windows_1252}, {"csisolatin1", &windows_1252}, {"ibm819", &windows_1252},
    {"iso-8859-1", &windows_1252}, {"iso-ir-100", &windows_1252}, {"iso8859-1", &windows_1252},
    {"iso88591", &windows_1252}, {"iso_8859-1", &windows_1252}, {"iso_8859-1:1987", &windows_1252},
    {"l1", &windows_1252}, {"latin1", &windows_1252}, {"us-ascii", &windows_1252},
    {"windows-1252", &windows_1252}, {"x-cp1252", &windows_1252},
    {"cp1253", &windows_1253}, {"windows-1253", &windows_1253}, {"x-cp1253", &windows_1253},
    {"cp1254", &windows_1254}, {"csisolatin5", &windows_1254}, {"iso-8859-9", &windows_1254},
    {"iso-ir-148", &windows_1254}, {"iso8859-9", &windows_1254}, {"iso88599", &windows_1254},
    {"iso_8859-9", &windows_1254}, {"iso_8859-9:1989", &windows_1254}, {"l5", &windows_1254},
    {"latin5", &windows_1254}, {"windows-1254", &windows_1254}, {"x-cp1254", &windows_1254},
    {"cp1255", &windows_1255}, {"windows-1255", &windows_1255}, {"x-cp1255", &windows_1255},
    {"cp1256", &windows_1256}, {"windows-1256", &windows_1256}, {"x-cp1256", &windows_1256},
    {"cp1257", &windows_1257}, {"windows-1257", &windows_1257}, {"x-cp1257", &windows_1257},
    {"cp1258", &windows_1258}, {"windows-1258", &windows_1258}, {"x-cp1258", &windows_1258},
    {"x-mac-cyrillic", &x_mac_cyrillic}, {"x-mac-ukrainian", &x_mac_cyrillic},
    {"chinese", &gbk}, {"csgb2312", &gbk}, {"csiso58gb231280", &gbk}, {"gb2312", &gbk}, {"gb_2312", &gbk},
    {"gb_2312-80", &gbk}, {"gbk", &gbk}, {"iso-ir-58", &gbk}, {"x-gbk", &gbk},
    {"gb18030", &gb18030},
    {"big5", &big5}, {"big5-hkscs", &big5}, {"cn-big5", &big5}, {"csbig5", &big5}, {"x-x-big5", &big5},
    {"cseucpkdfmtjapanese", &euc_jp}, {"euc-jp", &euc_jp}, {"x-euc-jp", &euc_jp},
    {"csiso2022jp", &iso_2022_jp}, {"iso-2022-jp", &iso_2022_jp},
    {"csshiftjis", &shift_jis}, {"ms932", &shift_jis}, {"ms_kanji", &shift_jis}, {"shift-jis", &shift_jis},
    {"shift_jis", &shift_jis}, {"sjis", &shift_jis}, {"windows-31j", &shift_jis}, {"x-sjis", &shift_jis},
    {"cseuckr", &euc_kr}, {"csksc56011987", &euc_kr}, {"euc-kr", &euc_kr}, {"iso-ir-149", &euc_kr},
    {"korean", &euc_kr}, {"ks_c_5601-1987", &euc_kr}, {"ks_c_5601-1989", &euc_kr}, {"ksc5601", &euc_kr},
    {"ksc_5601", &euc_kr}, {"windows-949", &euc_kr},
    {"csiso2022kr", &replacement}, {"hz-gb-2312", &replacement}, {"iso-2022-cn", &replacement},
    {"iso-2022-cn-ext", &replacement}, {"iso-2022-kr", &replacement}, {"replacement", &replacement},
    {"unicodefffe", &utf_16be}, {"utf-16be", &utf_16be},
    {"csunicode", &utf_16le}, {"iso-10646-ucs-2", &utf_16le}, {"ucs-2", &utf_16le}, {"unicode", &utf_16le},
    {"unicodefeff", &utf_16le}, {"utf-16", &utf_16le}, {"utf-16le", &utf_16le},
    {"x-user-defined", &x_user_defined},
};

/// ASCII whitespace, as the Infra standard says: TAB, LF, FF, CR, SPACE.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/// The standard's "get an encoding": nullptr for failure.
const EncodingInfo* find_encoding(std::string_view label) {
    while (!label.empty() && is_space(label.front())) label.remove_prefix(1);
    while (!label.empty() && is_space(label.back())) label.remove_suffix(1);
    if (label.empty() || label.size() > 32) return nullptr;  // the longest label has 19 characters
    const std::string lower = ascii_lower(label);
    for (const auto& entry : labels) {
        if (entry.label == lower) return entry.encoding;
    }
    return nullptr;
}

struct IconvCloser {
    void operator()(void* handle) const { iconv_close(static_cast<iconv_t>(handle)); }
};
using Iconv = std::unique_ptr<void, IconvCloser>;

Iconv open_to_utf8(const char* encoding) {
    iconv_t handle = iconv_open("UTF-8", encoding);
    if (handle == reinterpret_cast<iconv_t>(-1)) return nullptr;
    return Iconv(handle);
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && ascii_lower(text.substr(0, prefix.size())) == prefix;
}

void append_code_point(std::string& out, std::uint32_t code_point) {
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xE0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
}

/// The length of the well-formed UTF-8 sequence at the start of `bytes`, or, if there is none,
/// minus the length of its "maximal subpart" (the bytes the standard's UTF-8 decoder consumes
/// before it reports one error: at least 1).
int utf8_sequence(std::string_view bytes) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    int needed = 0;
    unsigned char lower = 0x80, upper = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        needed = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        needed = 2;
        if (lead == 0xE0) lower = 0xA0;
        if (lead == 0xED) upper = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        needed = 3;
        if (lead == 0xF0) lower = 0x90;
        if (lead == 0xF4) upper = 0x8F;  // nothing above U+10FFFF
    } else {
        return -1;
    }
    for (int seen = 1; seen <= needed; ++seen) {
        if (static_cast<std::size_t>(seen) >= bytes.size()) return -seen;  // cut at the end: one error
        const unsigned char next = byte(static_cast<std::size_t>(seen));
        if (next < lower || next > upper) return -seen;  // `next` starts again
        lower = 0x80;
        upper = 0xBF;
    }
    return needed + 1;
}

/// Length of the valid UTF-8 prefix of `bytes` (all of it when valid). ASCII, most of any French
/// page, is skipped eight bytes at a time.
std::size_t valid_utf8_prefix(std::string_view bytes) {
    const std::size_t size = bytes.size();
    std::size_t pos = 0;
    while (pos < size) {
        while (pos + 8 <= size) {
            std::uint64_t word;
            std::memcpy(&word, bytes.data() + pos, 8);
            if (word & 0x8080808080808080ULL) break;
            pos += 8;
        }
        if (pos >= size) break;
        const int length = utf8_sequence(bytes.substr(pos));
        if (length < 0) return pos;
        pos += static_cast<std::size_t>(length);
    }
    return size;
}

bool is_valid_utf8(std::string_view bytes) { return valid_utf8_prefix(bytes) == bytes.size(); }

/// The standard's UTF-8 decoder: valid input — the usual case — is copied once, in one piece; each
/// maximal subpart of an invalid sequence becomes one U+FFFD.
std::string decode_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    while (!bytes.empty()) {
        const std::size_t valid = valid_utf8_prefix(bytes);
        out.append(bytes.substr(0, valid));
        bytes.remove_prefix(valid);
        if (bytes.empty()) break;
        out += replacement_character;
        bytes.remove_prefix(static_cast<std::size_t>(-utf8_sequence(bytes)));
    }
    return out;
}

/// The standard's UTF-16 decoder: a lone surrogate, and an odd byte or a lead surrogate at the end,
/// each become U+FFFD.
std::string decode_utf16(std::string_view bytes, bool big_endian) {
    std::string out;
    out.reserve(bytes.size());
    std::uint32_t lead = 0;  // a lead surrogate waiting for its trail
    std::size_t pos = 0;
    for (; pos + 2 <= bytes.size(); pos += 2) {
        const auto first = static_cast<unsigned char>(bytes[pos]);
        const auto second = static_cast<unsigned char>(bytes[pos + 1]);
        const std::uint32_t unit = big_endian ? (first << 8 | second) : (second << 8 | first);
        if (lead != 0) {
            if (unit >= 0xDC00 && unit <= 0xDFFF) {
                append_code_point(out, 0x10000 + ((lead - 0xD800) << 10) + (unit - 0xDC00));
                lead = 0;
                continue;
            }
            out += replacement_character;  // the lead had no trail; `unit` is read afresh
            lead = 0;
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            lead = unit;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            out += replacement_character;
        } else {
            append_code_point(out, unit);
        }
    }
    if (lead != 0 || pos < bytes.size()) out += replacement_character;
    return out;
}

/// The standard's index-windows-1252 for 0x80–0x9F; 0xA0–0xFF are U+00A0–U+00FF.
constexpr std::uint16_t windows_1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/// windows-1252 and x-user-defined: every byte is a character.
std::string decode_single_byte(std::string_view bytes, Decoder decoder) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) {
            out += c;
        } else if (decoder == Decoder::x_user_defined) {
            append_code_point(out, 0xF780 + byte - 0x80);
        } else {
            append_code_point(out, byte < 0xA0 ? windows_1252_high[byte - 0x80] : byte);
        }
    }
    return out;
}

/// By iconv: an invalid byte becomes U+FFFD and iconv resumes at the next; a sequence cut at the end
/// is one U+FFFD. The output is checked (and repaired) as UTF-8, so as not to depend on iconv for it.
/// Nothing if this machine's iconv lacks the encoding.
std::optional<std::string> decode_by_iconv(std::string_view bytes, const EncodingInfo& encoding) {
    Iconv converter = open_to_utf8(encoding.iconv_name);
    if (!converter) return std::nullopt;
    auto* handle = static_cast<iconv_t>(converter.get());
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    std::array<char, 16384> buffer{};
    char* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not modified
    std::size_t in_left = bytes.size();
    while (true) {
        char* out_ptr = buffer.data();
        std::size_t out_left = buffer.size();
        // once the input is consumed, a last call empties what a stateful decoder holds back
        const bool flushing = in_left == 0;
        const std::size_t result = flushing ? iconv(handle, nullptr, nullptr, &out_ptr, &out_left)
                                            : iconv(handle, &in, &in_left, &out_ptr, &out_left);
        out.append(buffer.data(), buffer.size() - out_left);
        if (result != static_cast<std::size_t>(-1)) {
            if (flushing) break;
            continue;
        }
        if (errno == E2BIG) continue;
        if (flushing) break;
        out += replacement_character;
        if (errno == EINVAL) {  // a sequence cut by the end of the input
            in_left = 0;
        } else {  // EILSEQ (or anything else): skip one byte
            ++in;
            --in_left;
        }
        iconv(handle, nullptr, nullptr, nullptr, nullptr);  // back to the initial state
    }
    if (!is_valid_utf8(out)) out = decode_utf8(out);
    return out;
}

/// `bytes` in `encoding`, as valid UTF-8; nothing if this machine cannot decode it.
std::optional<std::string> decode(std::string_view bytes, const EncodingInfo& encoding) {
    switch (encoding.decoder) {
        case Decoder::utf8: return decode_utf8(bytes);
        case Decoder::utf16le: return decode_utf16(bytes, false);
        case Decoder::utf16be: return decode_utf16(bytes, true);
        case Decoder::windows1252:
        case Decoder::x_user_defined: return decode_single_byte(bytes, encoding.decoder);
        case Decoder::replacement: return bytes.empty() ? std::string() : std::string(replacement_character);
        case Decoder::iconv: return decode_by_iconv(bytes, encoding);
    }
    return std::nullopt;
}

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
    const EncodingInfo* encoding = find_encoding(label);
    return encoding ? std::string(encoding->name) : std::string();
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
            if (!need_pragma || (*need_pragma && !got_pragma) || find_encoding(charset) == nullptr) continue;
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

std::string to_utf8(std::string_view bytes, std::string_view label) {
    if (const EncodingInfo* encoding = find_encoding(label)) {
        if (auto text = decode(bytes, *encoding)) return std::move(*text);
    }
    return decode_utf8(bytes);
}

DecodedBody decode_body(std::string_view body, std::string_view header_charset, bool is_html) {
    const EncodingInfo* bom = nullptr;
    if (body.starts_with("\xEF\xBB\xBF")) {
        bom = &utf_8;
        body.remove_prefix(3);
    } else if (body.starts_with("\xFE\xFF")) {
        bom = &utf_16be;
        body.remove_prefix(2);
    } else if (body.starts_with("\xFF\xFE")) {
        bom = &utf_16le;
        body.remove_prefix(2);
    }
    DecodedBody decoded;
    const auto decoded_as = [&](const EncodingInfo* encoding) {
        if (encoding == nullptr) return false;
        auto text = decode(body, *encoding);
        if (!text) return false;  // not on this machine: as if it had not been declared
        decoded = {std::move(*text), std::string(encoding->name)};
        return true;
    };
    if (decoded_as(bom) || decoded_as(find_encoding(header_charset))) return decoded;
    if (is_html) {
        const EncodingInfo* declared = find_encoding(prescan_meta_charset(body));
        // the bytes the <meta> was read from were ASCII-compatible: it cannot truthfully say UTF-16
        if (declared == &utf_16le || declared == &utf_16be) declared = &utf_8;
        if (declared == &x_user_defined) declared = &windows_1252;
        if (decoded_as(declared)) return decoded;
    }
    decoded_as(is_valid_utf8(body) ? &utf_8 : &windows_1252);  // both decoded here: always a result
    return decoded;
}

}  // namespace sharitories
