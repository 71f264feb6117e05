#include <doctest/doctest.h>

#include "html/invisible_content.h"
#include "html/page_text.h"
#include "test_support.h"

using sharitories::extract_page_text;
using sharitories::html::without_invisible_content;

TEST_CASE("invisible content: script and style contents and comments go, tags and text stay") {
    CHECK(without_invisible_content("<p>AMAP</p><script>var s = '</div><p>budget participatif</p>';</script><p>fablab</p>") ==
          "<p>AMAP</p><script></script><p>fablab</p>");
    CHECK(without_invisible_content("<STYLE type=\"text/css\">.x{content:'coworking'}</STYLE>Tiers-lieu") ==
          "<STYLE type=\"text/css\"></STYLE>Tiers-lieu");
    CHECK(without_invisible_content("avant<!-- <script> crowdfunding </script> -->après") == "avantaprès");
    CHECK(without_invisible_content("<script src=\"/a.js\"></script >x") == "<script src=\"/a.js\"></script >x");
}

TEST_CASE("invisible content: tags are read whole, so a \"<script\" in an attribute is not a tag") {
    const std::string html = "<a title=\"<script>\" href=\"/x\">Repair Café</a><p>AMAP</p>";
    CHECK(without_invisible_content(html) == html);
    CHECK(without_invisible_content("<scripts>visible</scripts>") == "<scripts>visible</scripts>");
    CHECK(without_invisible_content("3 < 5 et 5 > 3 <3") == "3 < 5 et 5 > 3 <3");
    CHECK(without_invisible_content("<script>jamais fermé, AMAP") == "<script>");
    CHECK(without_invisible_content("<!-- jamais fermé <p>AMAP</p>") == "");
}

TEST_CASE("invisible content: the page text is the same with or without the pre-pass") {
    const std::string html = "<html><head><title>Fablab</title><script>var amap = 1;</script></head><body>"
                             "<p>Le <b>tiers-lieu</b> <!-- budget participatif --> de Lorient</p>"
                             "<script type=\"text/template\"><p>covoiturage</p></script></body></html>";
    auto page = extract_page_text(html);
    CHECK(page.title == "Fablab");
    CHECK(page.text == "Le tiers-lieu de Lorient");
}

TEST_CASE("invisible content: text-only elements and the tokenizer's comment endings") {
    CHECK(without_invisible_content("<title>Les <!-- balises --> & <script></title><p>AMAP</p>") ==
          "<title>Les <!-- balises --> & <script></title><p>AMAP</p>");
    CHECK(without_invisible_content("<textarea><style>x</style></textarea>fablab") == "<textarea><style>x</style></textarea>fablab");
    CHECK(without_invisible_content("a<!-->b") == "ab");
    CHECK(without_invisible_content("a<!--->b") == "ab");
    CHECK(without_invisible_content("a<!-- x --!>b") == "ab");
}

TEST_CASE("invisible content: the real pages read the same with and without the pre-pass") {
    const auto dir = sharitories::test::shared_fixture("fixtures/html-real");
    if (!dir) return;
    for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
        INFO(entry.path().filename().string());
        const std::string html = sharitories::test::read_file(entry.path());
        const auto with = extract_page_text(html, true);
        const auto without = extract_page_text(html, false);
        CHECK(with.title == without.title);
        CHECK(with.headings == without.headings);
        CHECK(with.text == without.text);
        CHECK(with.links.size() == without.links.size());
    }
}
