#include <doctest/doctest.h>

#include <algorithm>

#include "fetch/charset.h"
#include "html/page_text.h"
#include "test_support.h"

using namespace sharitories;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

PageText fabrique() {
    return extract_page_text(test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html"));
}

}  // namespace

TEST_CASE("page text: title, headings and language, entities decoded") {
    auto page = fabrique();
    CHECK(page.title == "La Fabrique — tiers-lieu à Lorient");
    CHECK(page.lang == "fr-fr");
    REQUIRE(page.headings.size() == 3);
    CHECK(page.headings[0] == "La Fabrique, un tiers-lieu au cœur de Lorient");
    CHECK(page.headings[1] == "Un fablab et des ateliers partagés");
    CHECK(has(page.text, "Adhésion à prix libre & bénévolat"));
    CHECK(has(page.text, "l'ancienne criée"));  // &apos;
    CHECK(has(page.text, "l’audience"));        // &rsquo;
    CHECK(has(page.text, "associatif\u00a0: espace de coworking"));
}

TEST_CASE("page text: what a reader sees, navigation, cookie banner and footer included") {
    auto page = fabrique();
    CHECK(has(page.text, "Nous utilisons des cookies"));
    CHECK(has(page.text, "Accueil\nAteliers\nAgenda\nContact"));
    CHECK(has(page.text, "12 quai des Indes, 56100 Lorient"));
    CHECK(has(page.text, "Tiers-Lieu associatif"));  // an inline <b> does not split a word
    CHECK(has(page.text, "Fablab\u00a0: imprimantes 3D, découpe laser\nCoworking à la journée"));  // blocks do
    CHECK(has(page.text, "Repair Café le premier samedi du mois"));
}

TEST_CASE("page text: scripts, styles, comments, noscript, templates and hidden elements do not count") {
    auto page = fabrique();
    for (const char* invisible : {"budget participatif", "Budget participatif", "monnaie locale", "dataLayer",
                                  "Miimosa", "crowdfunding", "Ulule", "covoiturage", "AMAP", "Épicerie coopérative",
                                  "color:"}) {
        INFO(invisible);
        CHECK_FALSE(has(page.text, invisible));
        CHECK_FALSE(has(page.title, invisible));
    }
}

TEST_CASE("page text: links with their text") {
    auto page = fabrique();
    auto facebook = std::find_if(page.links.begin(), page.links.end(),
                                 [](const PageLink& link) { return has(link.href, "facebook.com"); });
    REQUIRE(facebook != page.links.end());
    CHECK(facebook->text == "Facebook");
    CHECK(page.links.front().href == "/");
}

TEST_CASE("page text: broken markup and empty input never fail") {
    auto broken = extract_page_text("<p>Repair <b>Café<p>AMAP <i>du jeudi</div></span>&amp &lt;3");
    CHECK(broken.text == "Repair Café\nAMAP du jeudi& <3");
    CHECK(extract_page_text("").text.empty());
    auto plain = extract_page_text("Jardin partagé à Narbonne");
    CHECK(plain.text == "Jardin partagé à Narbonne");
}

TEST_CASE("page text: every real page of the shared fixtures parses") {
    const auto dir = test::shared_fixture("fixtures/html-real");
    if (!dir) return;
    int pages = 0;
    for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
        auto page = extract_page_text(test::read_file(entry.path()));
        INFO(entry.path().filename().string());
        CHECK(page.text.size() > 100);
        CHECK(page.text.find("<script") == std::string::npos);
        ++pages;
    }
    CHECK(pages >= 8);
}

TEST_CASE("page text: a windows-1252 page, decoded by the fetch step, reads in full") {
    const std::string latin1 = "<html><head><meta charset=\"windows-1252\"><title>Coop\xE9rative</title></head><body>"
                               "<nav>Accueil</nav><p>L'\xE9picerie coop\xE9rative d'\xC9pinal &ndash; 88000</p>"
                               "<script>var x = 'AMAP';</script></body></html>";
    auto decoded = decode_body(latin1, "", true);
    auto page = extract_page_text(decoded.text);
    CHECK(page.title == "Coopérative");
    CHECK(has(page.text, "L'épicerie coopérative d'Épinal – 88000"));
    CHECK_FALSE(has(page.text, "AMAP"));
}

TEST_CASE("page text: a newspaper's related and most-read boxes and a consent plugin's banner are not the article") {
    const auto page = extract_page_text(
        "<!DOCTYPE html><html lang=\"fr\"><head><title>Prime covoiturage – Le Courrier</title></head><body><main>"
        "<article><h1>La prime covoiturage prolongée</h1><p>Le ministère prolonge la prime de 100 euros.</p></article>"
        "<section class=\"read-more\"><h3>Les plus lus</h3><ol><li>Chartres : les soldes d’hiver</li></ol></section>"
        "<div class=\"related-posts\"><p>Dreux : un nouveau marché couvert</p></div>"
        "<div id=\"most-read\"><p>Basket : Chartres l’emporte</p></div></main>"
        "<div class=\"cmplz-cookiebanner\"><p>Modules de financement participatif (Ulule)</p></div></body></html>");
    auto region = [&](const std::string& start) {
        for (const auto& b : page.blocks)
            if (b.text.starts_with(start)) return b.region;
        FAIL("no block starting with " << start);
        return Region::main;
    };
    CHECK(region("Le ministère prolonge") == Region::main);
    CHECK(region("Chartres : les soldes") == Region::aside);
    CHECK(region("Dreux : un nouveau") == Region::aside);
    CHECK(region("Basket : Chartres") == Region::aside);
    CHECK(region("Modules de financement") == Region::aside);  // a consent plugin's banner, however it names it
}

TEST_CASE("page text: blocks say where each line sits, and which listing entry it belongs to") {
    const auto page =
        extract_page_text(test::read_file(test::source_dir() / "tests/fixtures/pages/reseau-tiers-lieux-bretagne.html"));
    auto block = [&](const std::string& start) -> const TextBlock& {
        for (const auto& b : page.blocks)
            if (b.text.starts_with(start)) return b;
        FAIL("no block starting with " << start);
        return page.blocks.front();
    };
    CHECK(page.canonical == "https://www.tiers-lieux-bretagne.fr/annuaire/");
    CHECK(block("Ce site utilise des cookies").region == Region::aside);
    CHECK(block("Budget participatif").region == Region::navigation);  // the menu
    CHECK(block("Annuaire des tiers-lieux bretons").region == Region::main);  // an article's own header
    CHECK(block("Annuaire des tiers-lieux bretons").kind == BlockKind::heading);
    CHECK(block("Le réseau fédère").kind == BlockKind::paragraph);
    CHECK(block("Publié le 3 mars").region == Region::main);  // an article's own footer
    CHECK(block("Réseau des tiers-lieux de Bretagne — 5 rue").region == Region::footer);
    CHECK(block("Épicerie coopérative").region == Region::aside);  // styled out of sight
    // three cards alike: entries of one listing; a card's heading and text share its entry
    const auto& fabrique = block("La Fabrique");
    const auto& address = block("Fablab et coworking");
    CHECK(fabrique.entry >= 0);
    CHECK(fabrique.entry == address.entry);
    CHECK(block("L’Établi").group == fabrique.group);
    CHECK(block("L’Établi").entry != fabrique.entry);
    // table rows and list items are entries too, each listing its own group
    CHECK(block("Morbihan").entry == block("14").entry);
    CHECK(block("Morbihan").entry != block("Finistère").entry);
    CHECK(block("Morbihan").group == block("Finistère").group);
    CHECK(block("Morbihan").kind == BlockKind::table_cell);
    CHECK(block("Lannion").kind == BlockKind::list_item);
    CHECK(block("Lannion").group == block("Saint-Brieuc").group);
    CHECK(block("Le réseau fédère").entry == -1);
    // the blocks are the lines of the text
    std::string lines;
    for (const auto& b : page.blocks) lines += (lines.empty() ? "" : "\n") + b.text;
    CHECK(lines == page.text);
}
