#include <doctest/doctest.h>

#include <algorithm>

#include "classify/page_classifier.h"
#include "classify/registrable_domain.h"
#include "test_support.h"

using namespace sharitories;

namespace {

const ClassifierData& data() {
    static const ClassifierData classifier(test::shipped_keywords(), test::shipped_towns());
    return classifier;
}

bool has(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

std::size_t index(Pillar pillar) { return static_cast<std::size_t>(pillar); }

PageText page(std::string title, std::string text) {
    PageText page;
    page.title = std::move(title);
    page.text = std::move(text);
    return page;
}

}  // namespace

TEST_CASE("classify: the Lorient tiers-lieu page is production evidence for Lorient") {
    auto text = extract_page_text(test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html"));
    auto verdict = classify_page(text, "https://www.lafabrique-lorient.fr/ateliers/", test::shipped_town("56121"), data());
    CHECK(verdict.town.named);
    CHECK(verdict.town.weight == 1);
    CHECK(has(verdict.town.signals, "named in the title"));
    CHECK(has(verdict.town.signals, "postcode 56100"));
    CHECK(has(verdict.town.signals, "département Morbihan"));
    CHECK(verdict.town.signals.size() >= 4);  // the domain too
    auto pillars = verdict.pillars();
    CHECK(std::find(pillars.begin(), pillars.end(), Pillar::production) != pillars.end());
    const auto& production = verdict.terms[index(Pillar::production)];
    CHECK(has(production, "tiers-lieu"));
    CHECK(has(production, "fablab"));
    CHECK(has(production, "coworking"));
    // the keywords hidden in scripts and comments count for nothing
    CHECK(verdict.terms[index(Pillar::gouvernance)].empty());
    CHECK(verdict.terms[index(Pillar::financement)].empty());
    CHECK(verdict.initiative == "lafabrique-lorient.fr");
}

TEST_CASE("classify: a page that does not name the town is no evidence for it") {
    auto text = extract_page_text(test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html"));
    auto verdict = classify_page(text, "https://www.lafabrique-lorient.fr/", test::shipped_town("56260"), data());  // Vannes
    CHECK_FALSE(verdict.town.named);
    CHECK(verdict.town.weight == 0);
    CHECK(verdict.pillars().empty());
    CHECK(verdict.town.reason == "the page does not name Vannes");
}

TEST_CASE("classify: an ambiguous name needs a corroborating signal") {
    const City& orange = test::shipped_town("84087");
    auto company = classify_page(page("Orange lance son budget participatif interne",
                                      "Orange, opérateur de télécommunications, ouvre un budget participatif à ses salariés. "
                                      "Le budget participatif d'Orange finance des projets."),
                                 "https://www.orange.com/fr/actualites", orange, data());
    CHECK(company.town.named);
    CHECK(company.town.ambiguous);
    CHECK_FALSE(company.town.corroborated);
    CHECK(company.town.weight == 0);
    CHECK(company.town.reason.find("ambiguous") != std::string::npos);
    CHECK(company.pillars().empty());

    auto town_hall = classify_page(page("Budget participatif - Ville d'Orange",
                                        "Le budget participatif de la ville d'Orange (84100) : votez pour vos projets "
                                        "jusqu'au 30 novembre. Mairie d'Orange, Vaucluse."),
                                   "https://www.ville-orange.fr/budget-participatif", orange, data());
    CHECK(town_hall.town.corroborated);
    CHECK(town_hall.town.weight == 1);
    CHECK(has(town_hall.town.signals, "postcode 84100"));
    CHECK(has(town_hall.town.signals, "département Vaucluse"));
    auto pillars = town_hall.pillars();
    CHECK(std::find(pillars.begin(), pillars.end(), Pillar::gouvernance) != pillars.end());
}

TEST_CASE("classify: a directory naming many towns is weak evidence, a list of all none") {
    std::string some = "Annuaire des AMAP de l'Ouest : ";
    for (const char* insee : {"56121", "56260", "29232", "22278", "56098", "35288", "29039", "22113"})
        some += "AMAP de " + test::shipped_town(insee).name + ", ";
    auto weak = classify_page(page("Annuaire des AMAP", some), "https://www.reseau-amap.org/annuaire", test::shipped_town("56121"),
                              data());
    CHECK(weak.town.towns_named >= 6);
    CHECK(weak.town.weight > 0);
    CHECK(weak.town.weight < 1);

    std::string all = "Toutes les villes moyennes de France : ";
    for (std::size_t i = 0; i < 60; ++i) all += test::shipped_towns()[i].name + " ; ";
    all += "Lorient.";
    auto none = classify_page(page("Liste", all), "https://www.exemple.fr/liste", test::shipped_town("56121"), data());
    CHECK(none.town.weight == 0);
    CHECK(none.town.reason.find("directory") != std::string::npos);
}

TEST_CASE("classify: a platform's project page is its own initiative and implies its pillar") {
    auto verdict = classify_page(page("La Fabrique de Lorient - Ulule", "Soutenez le fablab de Lorient ! 56100 Lorient."),
                                 "https://fr.ulule.com/la-fabrique-lorient/?utm_source=x", test::shipped_town("56121"), data());
    CHECK(verdict.initiative == "ulule.com/la-fabrique-lorient");
    REQUIRE(verdict.platform != nullptr);
    CHECK(verdict.strength[index(Pillar::financement)] >= 2);
    auto facebook = initiative_key("https://www.facebook.com/lafabriquelorient/posts/123", data().platforms());
    CHECK(facebook == "facebook.com/lafabriquelorient");
    CHECK_FALSE(initiative_key("https://www.ulule.com/", data().platforms()));
    CHECK(initiative_key("https://www.helloasso.com/associations/amap-du-scorff/adhesions/2026", data().platforms()) ==
          "helloasso.com/amap-du-scorff");
}

TEST_CASE("registrable domain: the public suffix list decides") {
    CHECK(registrable_domain("www.ville-lorient.fr") == "ville-lorient.fr");
    CHECK(registrable_domain("WWW.Lorient.BZH") == "lorient.bzh");
    CHECK(registrable_domain("la-fabrique.github.io") == "la-fabrique.github.io");
    CHECK(registrable_domain("www.mairie.gouv.fr") == "mairie.gouv.fr");
    CHECK(registrable_domain("192.168.1.10") == "192.168.1.10");
}

TEST_CASE("classify: names as French writes them, domains in whole words") {
    auto cannet = classify_page(page("Repair café", "Le repair café du Cannet ouvre samedi."), "https://www.exemple.fr/",
                                test::shipped_town("06030"), data());
    CHECK(cannet.town.named);
    auto nazaire = classify_page(page("Fablab", "Le fablab de St-Nazaire, 44600."), "https://www.exemple.fr/",
                                 test::shipped_town("44184"), data());
    CHECK(nazaire.town.named);
    // "arles" inside "charles" is no naming
    auto lycee = classify_page(page("Fablab du lycée", "Le fablab du lycée ouvre."), "https://www.lycee-charles-de-gaulle.fr/",
                               test::shipped_town("13004"), data());
    CHECK_FALSE(lycee.town.named);
    auto squashed = classify_page(page("Tiers-lieu", "Le tiers-lieu du quartier."), "https://www.tierslieu-larochelle.fr/",
                                  test::shipped_town("17300"), data());
    CHECK(has(squashed.town.signals, "name in the domain tierslieu-larochelle.fr"));
}

TEST_CASE("classify: a brand's domain does not vouch for a town of that name, a town hall's does") {
    const City& orange = test::shipped_town("84087");
    const auto text = page("Orange Business", "Orange Business accompagne la co-construction de vos projets. Orange.");
    CHECK(classify_page(text, "https://www.orange-business.com/fr", orange, data()).town.weight == 0);
    CHECK(classify_page(text, "https://www.ville-orange.fr/participation", orange, data()).town.weight == 1);
}

TEST_CASE("classify: words that are also town names do not make a page a directory") {
    auto verdict = classify_page(page("La Fabrique", "Avec plaisir ! Le sens du partage, une fontaine, la croix, "
                                                     "l'orange et le bon sens : le tiers-lieu de Lorient, 56100."),
                                 "https://lafabrique-lorient.fr/", test::shipped_town("56121"), data());
    CHECK(verdict.town.towns_named == 1);
    CHECK(verdict.town.weight == 1);
}
