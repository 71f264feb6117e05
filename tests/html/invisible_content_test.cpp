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
    // a comment's text goes, the comment stays (empty), so that the text on either side is not glued
    CHECK(without_invisible_content("avant<!-- <script> crowdfunding </script> -->après") == "avant<!---->après");
    CHECK(without_invisible_content("<script src=\"/a.js\"></script >x") == "<script src=\"/a.js\"></script >x");
}

TEST_CASE("invisible content: tags are read whole, so a \"<script\" in an attribute is not a tag") {
    const std::string html = "<a title=\"<script>\" href=\"/x\">Repair Café</a><p>AMAP</p>";
    CHECK(without_invisible_content(html) == html);
    CHECK(without_invisible_content("<scripts>visible</scripts>") == "<scripts>visible</scripts>");
    CHECK(without_invisible_content("3 < 5 et 5 > 3 <3") == "3 < 5 et 5 > 3 <3");
    CHECK(without_invisible_content("<script>jamais fermé, AMAP") == "<script>");
    CHECK(without_invisible_content("<!-- jamais fermé <p>AMAP</p>") == "<!---->");
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
    CHECK(without_invisible_content("a<!-->b") == "a<!---->b");
    CHECK(without_invisible_content("a<!--->b") == "a<!---->b");
    CHECK(without_invisible_content("a<!-- x --!>b") == "a<!---->b");
}

TEST_CASE("invisible content: tags are split as the tokenizer splits them, quotes in names and unquoted values included") {
    // issue 10, finding 2: a quote in an unquoted value or a tag name opened a "string" that ended in
    // a later attribute, and what followed was read as a comment or a script and deleted
    for (const char* html : {"<div data-x=1\"2 class=\"a\">AMAP <span title=\"<!--\">du Ter</span></div><p>Fablab</p>",
                             "<p id=a'b>Tiers-lieu</p><i title='x'>--></i><p>Coworking</p>",
                             "<b\"x>Repair Café</b><a href=\"/\">--></a>",
                             "<p data-n=1\"2>budget <script>var a = '\"';</script>participatif</p>"}) {
        INFO(html);
        CHECK(extract_page_text(html, true).text == extract_page_text(html, false).text);
    }
    CHECK(without_invisible_content("<p data-x=1\"2 title=\">\">x<!-- c -->y</p>") == "<p data-x=1\"2 title=\">\">x<!---->y</p>");
    // a stray '<' before a comment stays text, not the start of a tag with the next word
    CHECK(extract_page_text("<p>a <<!-->n fablab</p>", true).text == extract_page_text("<p>a <<!-->n fablab</p>", false).text);
    CHECK(extract_page_text("<p>a <<!-->n fablab</p>").text == "a <n fablab");
}

TEST_CASE("invisible content: a script's escaped states, where \"</script>\" inside \"<!--<script>\" does not end it") {
    // "<script>" in the escaped state enters the double-escaped one, its "</script>" returns to the
    // escaped state, "-->" to script data, and only then does "</script>" end the script
    const std::string html = "<script><!--<script>var pub = 1;</script>var amap = 2;--></script><p>AMAP de Vannes</p>";
    CHECK(without_invisible_content(html) == "<script></script><p>AMAP de Vannes</p>");
    CHECK(extract_page_text(html).text == "AMAP de Vannes");
    // "-->" leaves the escaped state: the next "</script>" ends the script
    CHECK(without_invisible_content("<script><!-- x --></script>Fablab") == "<script></script>Fablab");
    // RCDATA and RAWTEXT end only at their own end tag, a name's end after it
    CHECK(without_invisible_content("<title>a</titles><!--b</title >c<!--d-->") == "<title>a</titles><!--b</title >c<!---->");
    CHECK(without_invisible_content("<style>p{}</STYLE\t>x") == "<style></STYLE\t>x");
}

TEST_CASE("invisible content: from a start tag whose mode it does not model (svg, math, select, template), the rest is kept as it is") {
    // inside <select> a <style> tag is ignored, so its "contents" are text; inside <svg> a <p> leaves
    // the svg: removing either would remove what the parser shows
    for (const char* html : {"<select><option>Lorient<style>AMAP</style></select><!-- x --><script>y</script>",
                             "<svg><style><p>Budget participatif</p></style></svg><script>y</script>",
                             "<template><style>x</style></template><script>y</script>"}) {
        INFO(html);
        CHECK(without_invisible_content(html) == html);
        CHECK(extract_page_text(html, true).text == extract_page_text(html, false).text);
    }
    CHECK(extract_page_text("<svg><style><p>Budget participatif</p></style></svg>").text == "Budget participatif");
}

TEST_CASE("invisible content: a realistic page with a quote in an unquoted attribute keeps its evidence") {
    const std::string html = R"html(<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Tiers-lieu La Fabrique — Ville de Lorient</title>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
<style>.bandeau { color: #036; } /* "coworking" */</style></head>
<body><nav><a href="/">Accueil</a> <a href="/vie-locale">Vie locale</a></nav>
<main><article data-id=12"3 class="actu" data-titre="L'été à la Fabrique">
<h1>La Fabrique, tiers-lieu et fablab à Lorient</h1>
<p>Espace de coworking, atelier de réparation (Repair Café) et fablab ouvert à tous les Lorientais.</p>
<!-- bloc budget participatif -->
<p>Le budget participatif 2026 finance la nouvelle AMAP du quartier de Merville et une épicerie coopérative.</p>
</article></main>
<footer><p>© Ville de Lorient — Mentions légales</p><script async src="/stats.js"></script></footer>
</body></html>)html";
    const auto with = extract_page_text(html, true);
    const auto without = extract_page_text(html, false);
    CHECK(with.text == without.text);
    CHECK(with.title == without.title);
    CHECK(with.text.find("budget participatif 2026") != std::string::npos);
    CHECK(with.text.find("épicerie coopérative") != std::string::npos);
    CHECK(with.text.find("window.dataLayer") == std::string::npos);
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
