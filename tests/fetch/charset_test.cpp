#include <doctest/doctest.h>

#include "fetch/charset.h"

using namespace sharitories;

namespace {

// "Épicerie coopérative à Épinal" in windows-1252
const std::string latin1_words = "\xC9picerie coop\xE9rative \xE0 \xC9pinal";

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
    CHECK(encoding_for_label("latin1") == "WINDOWS-1252");
    CHECK(encoding_for_label("ISO-8859-1") == "WINDOWS-1252");
    CHECK(encoding_for_label("us-ascii") == "WINDOWS-1252");
    CHECK(encoding_for_label(" UTF8 ") == "UTF-8");
    CHECK(encoding_for_label("iso-8859-15") == "ISO-8859-15");
    CHECK(encoding_for_label("gbk") == "GBK");
    CHECK(encoding_for_label("pas-un-encodage") == "");
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
    CHECK(decoded.encoding == "WINDOWS-1252");
    CHECK(decoded.text.find("Épicerie coopérative à Épinal") != std::string::npos);
    CHECK(decoded.text.find("88000 Épinal") != std::string::npos);
}

TEST_CASE("decode: the header beats the <meta>, a BOM beats both") {
    auto by_header = decode_body(page("<meta charset=\"utf-8\">", latin1_words), "iso-8859-1", true);
    CHECK(by_header.encoding == "WINDOWS-1252");
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
    CHECK(latin.encoding == "WINDOWS-1252");
    CHECK(latin.text == "<p>Épicerie coopérative à Épinal</p>");
    // text/plain is not prescanned for <meta>
    CHECK(decode_body("<meta charset=\"koi8-r\"> caf\xE9", "", false).encoding == "WINDOWS-1252");
}

TEST_CASE("meta prescan: the first declaration wins, an unknown label is skipped") {
    CHECK(prescan_meta_charset("<meta http-equiv=\"content-type\" content=\"text/html; charset=iso-8859-15\" "
                               "charset=\"koi8-r\">") == "iso-8859-15");
    CHECK(prescan_meta_charset("<meta charset=\"pas-un-encodage\"><meta charset=\"windows-1252\">") == "windows-1252");
}
