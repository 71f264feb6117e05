#include <doctest/doctest.h>

#include "fetch/charset.h"

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace sharitories;

namespace {

// "Épicerie coopérative à Épinal" in windows-1252
const std::string latin1_words = "\xC9picerie coop\xE9rative \xE0 \xC9pinal";

/// Valid UTF-8, checked the plain way (decode each sequence, then refuse overlong forms, surrogates
/// and what is past U+10FFFF), not as charset.cpp checks it.
bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        std::uint32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code_point = code_point << 6 | (next & 0x3F);
        }
        const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code_point < least[length] || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

std::string page(const std::string& head, const std::string& body) {
    return "<!DOCTYPE html>\n<html lang=\"fr\"><head>" + head +
           "<title>Mairie</title>\n<!-- <meta charset=\"koi8-r\"> en commentaire -->\n"
           "<script>var s = \"<meta charset='utf-16'>\";</script></head>\n<body><nav>Accueil</nav><p>" +
           body + "</p><footer>88000 \xC9pinal</footer></body></html>";
}

}  // namespace

TEST_CASE("content type: media type and charset, whatever the case and quotes") {
    auto type = parse_content_type("Text/HTML; Charset=\"ISO-8859-1\"");
    CHECK(type.media_type == "text/html");
    CHECK(type.charset == "iso-8859-1");
    CHECK(parse_content_type("application/xhtml+xml").charset.empty());
    CHECK(is_page_type("text/plain"));
    CHECK_FALSE(is_page_type("application/pdf"));
    CHECK_FALSE(is_page_type("image/jpeg"));
}

TEST_CASE("encoding labels are read as the WHATWG standard reads them") {
    CHECK(encoding_for_label("latin1") == "windows-1252");
    CHECK(encoding_for_label("ISO-8859-1") == "windows-1252");
    CHECK(encoding_for_label("us-ascii") == "windows-1252");
    CHECK(encoding_for_label("ascii") == "windows-1252");
    CHECK(encoding_for_label("ISO_8859-1:1987") == "windows-1252");
    CHECK(encoding_for_label(" UTF8 ") == "UTF-8");
    CHECK(encoding_for_label("\t\n\f\rutf-8\r\n") == "UTF-8");  // ASCII whitespace, all five
    CHECK(encoding_for_label("iso-8859-15") == "ISO-8859-15");
    CHECK(encoding_for_label("l9") == "ISO-8859-15");
    CHECK(encoding_for_label("latin2") == "ISO-8859-2");
    CHECK(encoding_for_label("x-cp1250") == "windows-1250");
    CHECK(encoding_for_label("tis-620") == "windows-874");
    CHECK(encoding_for_label("iso-8859-9") == "windows-1254");
    CHECK(encoding_for_label("x-mac-roman") == "macintosh");
    CHECK(encoding_for_label("koi8-ru") == "KOI8-U");
    CHECK(encoding_for_label("gbk") == "GBK");
    CHECK(encoding_for_label("gb2312") == "GBK");
    CHECK(encoding_for_label("windows-31j") == "Shift_JIS");
    CHECK(encoding_for_label("windows-949") == "EUC-KR");
    CHECK(encoding_for_label("utf-16") == "UTF-16LE");
    CHECK(encoding_for_label("unicodefffe") == "UTF-16BE");
    CHECK(encoding_for_label("pas-un-encodage") == "");
}

TEST_CASE("encoding labels: only the standard's, never a name that only iconv knows") {
    // what iconv would have honoured, or read as an option, and the standard does not name
    for (std::string label : {"utf-8//ignore", "UTF-8//", "UTF-8//TRANSLIT", "wchar_t", "WCHAR_T", "utf-7", "utf-32",
                              "utf-32le", "ucs-4", "ucs-2be", "utf-16//", "cp1252//ignore", "latin9", "char", "",
                              " ", "utf-8\v", "utf 8", "iso-8859-1 iso-8859-1", "ebcdic-fr", "cp850"}) {
        CAPTURE(label);
        CHECK(encoding_for_label(label) == "");
    }
    CHECK(encoding_for_label(std::string_view("utf-8\0", 6)) == "");
    // what the standard says of the labels that sound unusual
    CHECK(encoding_for_label("ucs-2") == "UTF-16LE");
    CHECK(encoding_for_label("unicode") == "UTF-16LE");
    CHECK(encoding_for_label("iso-2022-kr") == "replacement");
    CHECK(encoding_for_label("HZ-GB-2312") == "replacement");
    CHECK(encoding_for_label("iso-2022-cn-ext") == "replacement");
    CHECK(encoding_for_label("x-user-defined") == "x-user-defined");
}

TEST_CASE("meta prescan: charset, http-equiv with content, comments skipped") {
    CHECK(prescan_meta_charset("<html><head><meta charset=\"windows-1252\">") == "windows-1252");
    CHECK(prescan_meta_charset("<!-- <meta charset=koi8-r> --><META HTTP-EQUIV=\"Content-Type\" "
                               "CONTENT=\"text/html; charset=iso-8859-15\">") == "iso-8859-15");
    // a content charset without http-equiv does not count
    CHECK(prescan_meta_charset("<meta content=\"text/html; charset=koi8-r\">") == "");
    CHECK(prescan_meta_charset("<meta name=\"description\" content=\"x\"><meta charset='utf-8'>") == "utf-8");
    std::string late(1100, ' ');
    CHECK(prescan_meta_charset(late + "<meta charset=\"windows-1252\">") == "");  // past 1024 bytes
}

TEST_CASE("decode: a windows-1252 page declared only in <meta>") {
    auto decoded = decode_body(page("<meta charset=\"windows-1252\">", latin1_words), "", true);
    CHECK(decoded.encoding == "windows-1252");
    CHECK(decoded.text.find("Épicerie coopérative à Épinal") != std::string::npos);
    CHECK(decoded.text.find("88000 Épinal") != std::string::npos);
}

TEST_CASE("decode: the header beats the <meta>, a BOM beats both") {
    auto by_header = decode_body(page("<meta charset=\"utf-8\">", latin1_words), "iso-8859-1", true);
    CHECK(by_header.encoding == "windows-1252");
    CHECK(by_header.text.find("à Épinal") != std::string::npos);
    auto by_bom = decode_body("\xEF\xBB\xBF" + page("<meta charset=\"windows-1252\">", "à Épinal"), "iso-8859-1", true);
    CHECK(by_bom.encoding == "UTF-8");
    CHECK(by_bom.text.starts_with("<!DOCTYPE"));
    CHECK(by_bom.text.find("à Épinal") != std::string::npos);
}

TEST_CASE("decode: a wrong declared charset gives replacement characters, never a crash") {
    auto decoded = decode_body(page("", latin1_words), "utf-8", true);
    CHECK(decoded.encoding == "UTF-8");
    CHECK(decoded.text.find("\xEF\xBF\xBDpicerie coop\xEF\xBF\xBDrative") != std::string::npos);
    auto truncated = to_utf8("caf\xC3", "UTF-8");
    CHECK(truncated == "caf\xEF\xBF\xBD");
    auto bad_gbk = to_utf8("abc\x81", "GBK");
    CHECK(bad_gbk == "abc\xEF\xBF\xBD");
}

TEST_CASE("decode: undeclared pages: UTF-8 if valid, else windows-1252") {
    CHECK(decode_body("<p>Tiers-lieu à Narbonne</p>", "", true).encoding == "UTF-8");
    auto latin = decode_body("<p>" + latin1_words + "</p>", "", true);
    CHECK(latin.encoding == "windows-1252");
    CHECK(latin.text == "<p>Épicerie coopérative à Épinal</p>");
    // text/plain is not prescanned for <meta>
    CHECK(decode_body("<meta charset=\"koi8-r\"> caf\xE9", "", false).encoding == "windows-1252");
}

TEST_CASE("meta prescan: the first declaration wins, an unknown label is skipped") {
    CHECK(prescan_meta_charset("<meta http-equiv=\"content-type\" content=\"text/html; charset=iso-8859-15\" "
                               "charset=\"koi8-r\">") == "iso-8859-15");
    CHECK(prescan_meta_charset("<meta charset=\"pas-un-encodage\"><meta charset=\"windows-1252\">") == "windows-1252");
}

TEST_CASE("decode: a label the standard does not have is as if no charset were declared") {
    // once given to iconv as they were: UTF-8 with an option, a C type name, encodings the web does not use
    for (std::string label : {"utf-8//ignore", "UTF-8//", "wchar_t", "utf-7", "utf-32", "ucs-4", "latin9"}) {
        CAPTURE(label);
        auto latin = decode_body("<p>" + latin1_words + " \x80</p>", label, true);
        CHECK(latin.encoding == "windows-1252");
        CHECK(latin.text == "<p>Épicerie coopérative à Épinal €</p>");
        auto utf8 = decode_body("<p>Tiers-lieu à Narbonne +AOk-</p>", label, true);
        CHECK(utf8.encoding == "UTF-8");
        CHECK(utf8.text == "<p>Tiers-lieu à Narbonne +AOk-</p>");  // not UTF-7's é
        CHECK(to_utf8("caf\xE9", label) == "caf\xEF\xBF\xBD");  // without sniffing: UTF-8
    }
    // the same in a <meta>: skipped, the next one counts
    auto meta = decode_body("<meta charset=\"utf-8//ignore\"><meta charset=\"iso-8859-15\"><p>\xA4</p>", "", true);
    CHECK(meta.encoding == "ISO-8859-15");
    CHECK(meta.text.ends_with("<p>€</p>"));
}

TEST_CASE("decode: windows-1252 and x-user-defined byte for byte as the standard's indexes say") {
    // the curly apostrophe, the œ and the € of French pages; 0x81 is a C1 control, not an error
    CHECK(to_utf8("l\x92\x9Cuvre \x8C \x80 \x81\x8D\x8F\x90\x9D \xFF", "windows-1252") ==
          "l’œuvre Œ € \u0081\u008D\u008F\u0090\u009D ÿ");
    CHECK(to_utf8("a\x80\xFF", "x-user-defined") == "a\uF780\uF7FF");
    // a <meta> saying x-user-defined means windows-1252 (the HTML standard's prescan); the header is believed
    CHECK(decode_body("<meta charset=x-user-defined><p>\x80</p>", "", true).text.ends_with("<p>€</p>"));
    CHECK(decode_body("<p>\x80</p>", "x-user-defined", true).text == "<p>\uF780</p>");
}

TEST_CASE("decode: each legacy encoding of the standard reads its own letters") {
    struct Sample {
        std::string label;
        std::string bytes;
        std::string text;
    };
    const std::vector<Sample> samples = {
        {"ibm866", "\x80", "А"},           {"iso-8859-2", "\xA3\xF3" "d\xBC", "Łódź"},
        {"iso-8859-3", "\xA1", "Ħ"},       {"iso-8859-4", "\xA1", "Ą"},
        {"iso-8859-5", "\xB0", "А"},       {"iso-8859-6", "\xC7", "ا"},
        {"iso-8859-7", "\xC1", "Α"},       {"iso-8859-8", "\xE0", "א"},
        {"iso-8859-8-i", "\xE0", "א"},     {"iso-8859-10", "\xA1", "Ą"},
        {"iso-8859-13", "\xC0", "Ą"},      {"iso-8859-14", "\xA1", "Ḃ"},
        {"iso-8859-15", "\xA4\xBD", "€œ"}, {"iso-8859-16", "\xA4", "€"},
        {"koi8-r", "\xC1", "а"},           {"koi8-u", "\xA4", "є"},
        {"macintosh", "\x8E", "é"},        {"windows-874", "\xA1", "ก"},
        {"windows-1250", "\x8A", "Š"},     {"windows-1251", "\xC0", "А"},
        {"windows-1253", "\xC1", "Α"},     {"windows-1254", "\xD0", "Ğ"},
        {"windows-1255", "\xE0", "א"},     {"windows-1256", "\xC7", "ا"},
        {"windows-1257", "\xC0", "Ą"},     {"windows-1258", "\x80", "€"},
        {"x-mac-cyrillic", "\x80", "А"},   {"gbk", "\xD6\xD0", "中"},
        {"gb18030", "\x81\x30\x81\x30", "\u0080"},
        {"big5", "\xA4\xA4", "中"},        {"euc-jp", "\xC6\xFC\xCB\xDC", "日本"},
        {"iso-2022-jp", "\x1B$B\x46\x7C\x4B\x5C\x1B(B", "日本"},
        {"shift_jis", "\x93\xFA\x96\x7B", "日本"}, {"euc-kr", "\xC7\xD1", "한"},
    };
    for (const auto& sample : samples) {
        CAPTURE(sample.label);
        CHECK(to_utf8("Lorient " + sample.bytes, sample.label) == "Lorient " + sample.text);
        auto decoded = decode_body("<p>" + sample.bytes + "</p>", sample.label, true);
        CHECK(decoded.encoding == encoding_for_label(sample.label));
        CHECK(decoded.text == "<p>" + sample.text + "</p>");
    }
}

TEST_CASE("decode: UTF-16 by its BOM or its label, lone surrogates and an odd byte as U+FFFD") {
    using namespace std::string_literals;
    auto le = decode_body("\xFF\xFE"s + "L\0y\0o\0n\0 \0\xE9\0"s, "", true);
    CHECK(le.encoding == "UTF-16LE");
    CHECK(le.text == "Lyon é");
    auto be = decode_body("\xFE\xFF"s + "\0L\0y\0o\0n"s, "iso-8859-1", true);  // the BOM beats the header
    CHECK(be.encoding == "UTF-16BE");
    CHECK(be.text == "Lyon");
    // without a BOM, a header's utf-16 is UTF-16LE; a surrogate pair is one character
    CHECK(decode_body("A\0=\xD8\x00\xDE"s, "utf-16", false).text == "A\U0001F600");
    CHECK(to_utf8("\x00\xD8" "A\0"s, "utf-16le") == "\uFFFDA");             // a lead without its trail
    CHECK(to_utf8("\x00\xDC" "A\0"s, "utf-16le") == "\uFFFDA");             // a trail without its lead
    CHECK(to_utf8("A\0\x00\xD8"s, "utf-16le") == "A\uFFFD");                // a lead at the end
    CHECK(to_utf8("A\0B"s, "utf-16le") == "A\uFFFD");                         // an odd byte at the end
    CHECK(to_utf8("\0A\xD8\x3D\xDE\x00"s, "utf-16be") == "A\U0001F600");
    // a <meta> read as ASCII cannot truthfully say UTF-16: UTF-8
    auto meta = decode_body("<meta charset=\"utf-16\"><p>à</p>", "", true);
    CHECK(meta.encoding == "UTF-8");
    CHECK(meta.text == "<meta charset=\"utf-16\"><p>à</p>");
}

TEST_CASE("decode: the replacement encoding's labels give one U+FFFD, as the standard says") {
    // ISO-2022-KR and HZ let ASCII bytes mean other text: such a page is not read as if it were ASCII
    auto header = decode_body("~{<:Ky2;S{#,NpJ)l6HK!#~}", "hz-gb-2312", true);
    CHECK(header.encoding == "replacement");
    CHECK(header.text == "\uFFFD");
    auto meta = decode_body("<meta charset=\"iso-2022-kr\"><p>\x1B$)C\x0E\x21\x21</p>", "", true);
    CHECK(meta.encoding == "replacement");
    CHECK(meta.text == "\uFFFD");
    CHECK(decode_body("", "iso-2022-kr", true).text.empty());
    // a BOM still comes first
    CHECK(decode_body("\xEF\xBB\xBFLorient", "iso-2022-kr", true).text == "Lorient");
}

TEST_CASE("decode: invalid UTF-8 becomes one U+FFFD per maximal subpart, as the standard's decoder does") {
    CHECK(to_utf8("\xE2\x82X", "utf-8") == "\uFFFDX");                     // a sequence cut short
    CHECK(to_utf8("X\xF0\x90\x80", "utf-8") == "X\uFFFD");                // cut by the end
    CHECK(to_utf8("\xED\xA0\x80", "utf-8") == "\uFFFD\uFFFD\uFFFD");     // a surrogate is three errors
    CHECK(to_utf8("\xC0\xAF", "utf-8") == "\uFFFD\uFFFD");                 // an overlong form
    CHECK(to_utf8("\xF4\x90\x80\x80", "utf-8") == "\uFFFD\uFFFD\uFFFD\uFFFD");  // past U+10FFFF
    CHECK(to_utf8("\xFE\xFF", "utf-8") == "\uFFFD\uFFFD");
    CHECK(to_utf8("\xF0\x9F\x98\x80 caf\xC3\xA9", "utf-8") == "\U0001F600 café");
}

TEST_CASE("decode: any bytes under any label come out as valid UTF-8") {
    // every encoding of the standard, by name, and labels that name none
    const std::vector<std::string> labels = {
        "UTF-8", "IBM866", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5", "ISO-8859-6", "ISO-8859-7",
        "ISO-8859-8", "ISO-8859-8-I", "ISO-8859-10", "ISO-8859-13", "ISO-8859-14", "ISO-8859-15", "ISO-8859-16",
        "KOI8-R", "KOI8-U", "macintosh", "windows-874", "windows-1250", "windows-1251", "windows-1252",
        "windows-1253", "windows-1254", "windows-1255", "windows-1256", "windows-1257", "windows-1258",
        "x-mac-cyrillic", "GBK", "gb18030", "Big5", "EUC-JP", "ISO-2022-JP", "Shift_JIS", "EUC-KR", "replacement",
        "UTF-16BE", "UTF-16LE", "x-user-defined", "", "utf-8//ignore", "UTF-8//", "wchar_t", "utf-7", "utf-32",
        "ucs-2", "ucs-4", "\xFF\xFE", "iso-2022-kr",
    };
    std::mt19937 random(20240611);  // fixed: the same bytes every run
    const auto next_byte = [&] { return static_cast<char>(random() & 0xFF); };
    for (int round = 0; round < 400; ++round) {
        std::string bytes;
        const auto length = random() % 96;
        // mostly bytes near the edges of multi-byte sequences, sometimes anything
        for (std::size_t i = 0; i < length; ++i) {
            const auto kind = random() % 4;
            bytes += kind == 0 ? next_byte() : kind == 1 ? static_cast<char>(0x80 | (random() & 0x3F))
                                             : kind == 2 ? static_cast<char>(0xC0 | (random() & 0x3F))
                                                         : static_cast<char>('A' + random() % 26);
        }
        if (round % 5 == 0) bytes = "\xFF\xFE" + bytes;
        if (round % 7 == 0) bytes = "<meta charset=" + labels[random() % labels.size()] + ">" + bytes;
        for (const auto& label : labels) {
            CAPTURE(label);
            CAPTURE(round);
            const auto decoded = decode_body(bytes, label, round % 2 == 0);
            CHECK(valid_utf8(decoded.text));
            CHECK_FALSE(decoded.encoding.empty());
            CHECK(valid_utf8(to_utf8(bytes, label)));
        }
    }
}
