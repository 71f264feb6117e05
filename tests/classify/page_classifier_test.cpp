// Which towns and pillars a page is evidence for (classify/attribution.h), on realistic pages: the
// subject and its signals, listings by their structure, towns named in passing or on a neighbour's
// page, homonyms and their confirming signs, context rules, platforms, initiatives and their URL.
#include <doctest/doctest.h>

#include <algorithm>

#include "classify/attribution.h"
#include "classify/registrable_domain.h"
#include "text/normalize.h"
#include "test_support.h"

using namespace sharitories;

namespace {

const ClassifierData& data() {
    static const ClassifierData classifier(test::shipped_keywords(), test::shipped_towns());
    return classifier;
}

bool has(const std::vector<std::string>& items, const std::string& part) {
    return std::any_of(items.begin(), items.end(), [&](const std::string& item) { return item.find(part) != std::string::npos; });
}

std::size_t index(Pillar pillar) { return static_cast<std::size_t>(pillar); }

/// A page as sites write them: a cookie banner, a menu with the pillars' words, the content, a footer.
std::string html(const std::string& title, const std::string& main, const std::string& footer = "Mentions légales") {
    return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title +
           "</title><script>var tags = ['budget participatif', 'AMAP', 'crowdfunding'];</script></head><body>"
           "<div class=\"cookie-banner\">Ce site utilise des cookies, y compris de nos partenaires de financement "
           "participatif. <button>OK</button></div><header><nav class=\"menu\"><ul><li><a href=\"/\">Accueil</a></li>"
           "<li><a href=\"/bp\">Budget participatif</a></li><li><a href=\"/jardins\">Jardins partagés</a></li>"
           "<li><a href=\"/amap\">Notre AMAP</a></li></ul></nav></header><main>" + main +
           "</main><footer><p>" + footer + "</p></footer></body></html>";
}

PageAttribution attribution_of(const std::string& page, const std::string& url) {
    return attribute(analyse_page(extract_page_text(page), url, data()), data());
}

const TownDecision* decision_for(const PageAttribution& attribution, const std::string& insee) {
    const std::size_t town = data().gazetteer().find(insee);
    for (const auto& decision : attribution.towns)
        if (decision.town == town) return &decision;
    return nullptr;
}

std::vector<Pillar> shown(const PageAttribution& attribution, const std::string& insee) {
    const auto* decision = decision_for(attribution, insee);
    return decision ? decision->shown() : std::vector<Pillar>{};
}

bool shows(const PageAttribution& attribution, const std::string& insee, Pillar pillar) {
    const auto pillars = shown(attribution, insee);
    return std::find(pillars.begin(), pillars.end(), pillar) != pillars.end();
}

}  // namespace

TEST_CASE("attribution: the Lorient tiers-lieu page is about Lorient, production, and nothing from its scripts") {
    const auto page = test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html");
    const auto attribution = attribution_of(page, "https://www.lafabrique-lorient.fr/ateliers/");
    REQUIRE(attribution.subject);
    CHECK(data().gazetteer().towns()[*attribution.subject].insee == "56121");
    const auto* lorient = decision_for(attribution, "56121");
    REQUIRE(lorient);
    CHECK(lorient->role == TownRole::subject);
    CHECK(has(lorient->signals, "named in the title"));
    CHECK(has(lorient->signals, "postcode 56100"));
    CHECK(has(lorient->signals, "département Morbihan"));
    const auto& production = lorient->pillars[index(Pillar::production)];
    CHECK(production.strength >= pillar_threshold);
    CHECK(has(production.terms, "tiers-lieu"));
    CHECK(has(production.terms, "fablab"));
    CHECK(has(production.terms, "coworking"));
    // the keywords hidden in scripts, comments, a template and a hidden paragraph count for nothing
    CHECK(lorient->pillars[index(Pillar::gouvernance)].terms.empty());
    CHECK(lorient->pillars[index(Pillar::financement)].terms.empty());
    const auto evidence = page_evidence(extract_page_text(page), "https://www.lafabrique-lorient.fr/ateliers/?utm_source=newsletter&fbclid=x",
                                        data(), "2026-12-01T23:00:00Z");
    REQUIRE_FALSE(evidence.empty());
    for (const auto& row : evidence) {
        CHECK(row.insee == "56121");
        CHECK(row.initiative == "lafabrique-lorient.fr");
        CHECK(row.url == "https://www.lafabrique-lorient.fr/ateliers/");  // tracking parameters stripped
    }
}

TEST_CASE("attribution: the menu, footer, cookie banner and scripts are not the page's content") {
    // a town hall page about road works: its menu lists every pillar, its content none
    const auto attribution = attribution_of(
        html("Travaux boulevard Barbès – Ville de Carcassonne",
             "<h1>Travaux du boulevard Barbès</h1><p>Du 3 au 28 mars, la circulation est alternée entre le pont Vieux et "
             "la place Carnot. Les bus de la ligne 2 sont déviés par la rue de Verdun.</p>",
             "Mairie de Carcassonne, 32 rue Aimé Ramond, 11000 Carcassonne — Mentions légales — Notre AMAP"),
        "https://www.carcassonne.org/travaux/boulevard-barbes/");
    const auto* carcassonne = decision_for(attribution, "11069");
    REQUIRE(carcassonne);
    CHECK(carcassonne->role == TownRole::subject);
    CHECK(carcassonne->shown().empty());
    CHECK(has(carcassonne->set_aside, "menus, header, footer or asides"));
}

TEST_CASE("attribution: a directory's bare list of towns is evidence for none, an entry with its address is") {
    std::string list = "<h1>Les fablabs en France par ville</h1><p>Des fablabs à ";
    for (const char* insee : {"56121", "56260", "29232", "22278", "35288", "29039", "22113", "44184", "85191", "49099"})
        list += test::shipped_town(insee).name + ", ";
    list += "et bien d'autres encore.</p>";
    const auto sentence = attribution_of(html("Annuaire des fablabs", list), "https://www.annuaire-fablabs.fr/villes");
    CHECK_FALSE(sentence.subject);
    CHECK(shown(sentence, "56121").empty());
    CHECK(decision_for(sentence, "56121")->role == TownRole::listed);

    const std::string cards =
        "<h1>L’annuaire des AMAP du Morbihan et du Finistère</h1>"
        "<div class=\"grid\">"
        "<div class=\"card\"><h3>AMAP du Scorff</h3><p>Paniers de légumes bio chaque jeudi, salle des fêtes, "
        "3 rue de Belgique, 56100 Lorient.</p></div>"
        "<div class=\"card\"><h3>Vannes</h3><p>12 AMAP</p></div>"
        "<div class=\"card\"><h3>Quimper</h3><p>9 AMAP</p></div>"
        "</div>";
    const auto directory = attribution_of(html("AMAP de Bretagne sud", cards), "https://www.amap-bretagnesud.org/annuaire/");
    CHECK_FALSE(directory.subject);
    CHECK(shows(directory, "56121", Pillar::consommation));  // an entry with its own address
    CHECK(decision_for(directory, "56121")->role == TownRole::part);
    CHECK(decision_for(directory, "56121")->pillars[index(Pillar::consommation)].where.starts_with("the entry"));
    CHECK(shown(directory, "56260").empty());                 // a count is no initiative
    CHECK(decision_for(directory, "56260")->role == TownRole::listed);
}

TEST_CASE("attribution: a network's sites, each with its address, take the network's pillar") {
    const std::string main =
        "<h1>Nos espaces de coworking</h1><p>Trois espaces de travail partagés, ouverts du lundi au samedi.</p>"
        "<section class=\"site\"><h2>L’Escale La Rochelle</h2><p>Au bord du bassin des Chalutiers.</p>"
        "<address>14 quai Louis Prunier, 17000 La Rochelle</address></section>"
        "<section class=\"site\"><h2>L’Escale Niort</h2><p>Dans l’ancienne chamoiserie.</p>"
        "<address>7 rue de la Chamoiserie, 79000 Niort</address></section>"
        "<section class=\"site\"><h2>L’Escale Poitiers</h2><p>À la sortie de la gare.</p>"
        "<address>2 boulevard du Grand Cerf, 86000 Poitiers</address></section>";
    const auto attribution = attribution_of(html("L’Escale – coworking à La Rochelle, Niort et Poitiers", main),
                                            "https://www.lescale-coworking.fr/nos-espaces");
    CHECK_FALSE(attribution.subject);
    for (const char* insee : {"17300", "79191", "86194"}) {
        INFO(insee);
        CHECK(shows(attribution, insee, Pillar::production));
    }
}

TEST_CASE("attribution: a neighbour's own initiative is not the big town's it mentions in passing") {
    const auto attribution = attribution_of(
        html("Budget participatif 2024 : à vos idées !",
             "<h1>Budget participatif 2024</h1><p>Ploemeur, commune littorale à deux pas de Lorient, lance son "
             "premier budget participatif : 50 000 euros pour les projets des habitants.</p>",
             "Mairie de Ploemeur, place de l'Église, 56270 Ploemeur"),
        "https://www.ploemeur.com/budget-participatif-2024");
    CHECK_FALSE(attribution.subject);
    const auto* lorient = decision_for(attribution, "56121");
    REQUIRE(lorient);
    CHECK(lorient->role == TownRole::passing);
    CHECK(lorient->shown().empty());

    // a tiers-lieu in Lanester whose page sends its visitors to Lorient's market
    const auto lanester = attribution_of(
        html("Les Ateliers du Scorff – tiers-lieu",
             "<h1>Les Ateliers du Scorff</h1><p>Un tiers-lieu et atelier partagé au bord du Scorff, 12 rue Jean Jaurès, "
             "56600 Lanester.</p><h2>Venir</h2><p>Bus ligne 31 depuis le marché de Lorient, arrêt Mairie.</p>"),
        "https://www.lesateliersduscorff.fr/a-propos/");
    CHECK(shows(lanester, "56098", Pillar::production));
    CHECK(shown(lanester, "56121").empty());
}

TEST_CASE("attribution: two towns each in their own paragraph of an article are both credited") {
    const auto attribution = attribution_of(
        html("Réparer, fabriquer : deux initiatives qui essaiment",
             "<h1>Réparer, fabriquer : deux initiatives qui essaiment</h1>"
             "<h2>À Vienne, le repair café de la MJC</h2><p>Chaque premier samedi, des bénévoles réparent grille-pain "
             "et vélos au repair café de la MJC de Vienne.</p>"
             "<h2>À Bourgoin-Jallieu, un fablab au lycée</h2><p>Le fablab ouvre ses imprimantes 3D aux habitants de "
             "Bourgoin-Jallieu le mercredi.</p>",
             "Les Échos du Nord-Isère — Isère"),
        "https://www.echos-nord-isere.fr/societe/2024/11/18/reparer-fabriquer");
    CHECK(shows(attribution, "38544", Pillar::consommation));
    CHECK_FALSE(shows(attribution, "38544", Pillar::production));
    CHECK(shows(attribution, "38053", Pillar::production));
    CHECK_FALSE(shows(attribution, "38053", Pillar::consommation));
}

TEST_CASE("attribution: an ambiguous name needs a confirming sign, and more when the other referent speaks") {
    const auto company = attribution_of(
        html("Orange lance son budget participatif interne",
             "<h1>Orange lance son budget participatif interne</h1><p>Orange, opérateur de télécommunications, ouvre un "
             "budget participatif à ses salariés : forfait mobile offert aux lauréats.</p>"),
        "https://www.orange.com/fr/actualites");
    const auto* operator_page = decision_for(company, "84087");
    REQUIRE(operator_page);
    CHECK(operator_page->role == TownRole::homonym);
    CHECK(operator_page->reason.find("ambiguous") != std::string::npos);
    CHECK(operator_page->shown().empty());

    const auto town_hall = attribution_of(
        html("Budget participatif – Ville d'Orange",
             "<h1>Budget participatif</h1><p>Le budget participatif de la ville d'Orange : votez pour vos projets "
             "jusqu'au 30 novembre.</p>",
             "Mairie d'Orange, place Georges Clemenceau, 84100 Orange, Vaucluse"),
        "https://www.ville-orange.fr/budget-participatif");
    const auto* orange = decision_for(town_hall, "84087");
    REQUIRE(orange);
    CHECK(orange->role == TownRole::subject);
    CHECK(has(orange->signals, "postcode 84100"));
    CHECK(has(orange->signals, "its own site ville-orange.fr"));
    CHECK(shows(town_hall, "84087", Pillar::gouvernance));

    // a brand's site with the name in it confirms nothing; the intercommunality's name does
    const auto vienne = attribution_of(
        html("Le fablab de la Halle", "<h1>Un fablab à Vienne</h1><p>Vienne Condrieu Agglomération ouvre un fablab "
                                      "dans la halle Saint-Martin.</p>"),
        "https://www.fablab-halle.fr/");
    CHECK(has(decision_for(vienne, "38544")->signals, "intercommunality"));
    CHECK(shows(vienne, "38544", Pillar::production));
    const auto austria = attribution_of(
        html("Un fablab à Vienne", "<h1>Un fablab à Vienne</h1><p>La capitale autrichienne ouvre un fablab près du "
                                   "Prater, en Autriche.</p>"),
        "https://www.voyages-europe.fr/vienne-fablab");
    CHECK(decision_for(austria, "38544")->role == TownRole::homonym);
}

TEST_CASE("attribution: a term counts in its pillar's sense (keywords/context.tsv)") {
    const auto software = attribution_of(
        html("Version 4.2 : concertation avec les développeurs – Lorient",
             "<h1>Concertation sur la version 4.2</h1><p>La concertation sur la version 4.2 du logiciel de gestion des "
             "médiathèques de Lorient s'ouvre aux développeurs.</p>"),
        "https://www.logiciel-mediatheques.fr/lorient");
    const auto* lorient = decision_for(software, "56121");
    REQUIRE(lorient);
    CHECK_FALSE(shows(software, "56121", Pillar::gouvernance));
    CHECK(has(lorient->set_aside, "'concertation' cancelled by 'logiciel'"));

    const auto citizens = attribution_of(
        html("Concertation sur le quartier de Kervénanec – Ville de Lorient",
             "<h1>Concertation</h1><p>Une concertation avec les habitants de Kervénanec sur l'aménagement de la place, "
             "une seconde concertation publique en mai, et une troisième concertation avec les riverains.</p>"),
        "https://www.lorient.bzh/kervenanec");
    CHECK(shows(citizens, "56121", Pillar::gouvernance));

    const auto hospital = attribution_of(
        html("Néonatologie – Centre hospitalier de Cholet",
             "<h1>Néonatologie</h1><p>Le service dispose de douze incubateurs pour les bébés prématurés, à Cholet.</p>"),
        "https://www.ch-cholet.fr/neonatologie");
    CHECK_FALSE(shows(hospital, "49099", Pillar::production));
}

TEST_CASE("attribution: the publisher's address is the subject only when the content is silent on places") {
    // a newspaper's op-ed on a national trend, naming towns in one sentence: not the paper's town
    const auto op_ed = attribution_of(
        html("Tribune. Les monnaies locales ont-elles un avenir ? – La Dépêche du Tarn",
             "<h1>Les monnaies locales ont-elles un avenir ?</h1><p>Par un économiste invité. Le financement "
             "participatif et les monnaies locales se sont répandus partout : de Quimper à Lannion, chacun connaît "
             "une cagnotte de quartier.</p><p>Mais la générosité des donateurs n’est pas sans limite, et le "
             "financement participatif ne remplacera pas l’investissement public.</p>",
             "La Dépêche du Tarn — 7 rue Croix-Verte — 81000 Albi — Mentions légales"),
        "https://www.depeche-tarn.fr/opinions/monnaies-locales-avenir");
    CHECK_FALSE(op_ed.subject);
    CHECK(op_ed.subject_reason.find("other towns") != std::string::npos);
    CHECK(shown(op_ed, "81004").empty());

    // an agglomeration's news about a member commune that is not in the list, with its address
    const auto member = attribution_of(
        html("Ergué-Gabéric ouvre sa recyclerie – Quimper Bretagne Occidentale",
             "<h1>Ergué-Gabéric ouvre sa recyclerie</h1><p>La commune d’Ergué-Gabéric inaugure une recyclerie "
             "associative dans l’ancienne salle des sports : dépôt d’objets le mercredi et le samedi.</p><p>Recyclerie "
             "du Stangala, 3 rue du Stade, 29500 Ergué-Gabéric.</p>",
             "Quimper Bretagne Occidentale — 44 place Saint-Corentin — 29000 Quimper"),
        "https://www.quimper-bretagne-occidentale.bzh/actualites/recyclerie-ergue-gaberic");
    CHECK_FALSE(member.subject);
    CHECK(shown(member, "29232").empty());

    // an association whose only address is its contact card, beside the content: that town
    const std::string workshop =
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Le projet – L’Atelier vélo de "
        "Kerfeunteun</title></head><body><nav><a href=\"/\">Accueil</a> <a href=\"/projet\">Le projet</a></nav><main>"
        "<h1>Un atelier partagé pour réparer son vélo</h1><p>Depuis 2019, notre atelier partagé accueille chacun pour "
        "réparer son vélo avec les outils de l’association et les conseils des bénévoles.</p></main>"
        "<aside class=\"contact\"><h3>Nous trouver</h3><p>L’Atelier vélo, 8 rue de Kerfeunteun, 29000 Quimper</p>"
        "</aside><footer><p>Mentions légales</p></footer></body></html>";
    // the one town the content names is not the subject when the publisher's address is in another
    const auto amap = attribution_of(
        html("Accueil | AMAP Les Paniers",
             "<h1>Nos paniers</h1><p>Chaque mardi, les adhérents de l’AMAP retirent leurs paniers de légumes ; "
             "certains passent en rentrant de Cergy.</p>",
             "AMAP Les Paniers – salle des Tilleuls, 3 rue du Général-Leclerc, 95310 Saint-Ouen-l’Aumône"),
        "https://lespaniers.wixsite.com/amap");
    CHECK_FALSE(amap.subject);
    CHECK(shown(amap, "95127").empty());

    const auto card = attribution_of(workshop, "https://www.atelier-velo-kerfeunteun.fr/projet");
    REQUIRE(card.subject);
    CHECK(data().gazetteer().towns()[*card.subject].insee == "29232");
    CHECK(shows(card, "29232", Pillar::production));
}

TEST_CASE("attribution: a département's or a region's site is about its whole territory") {
    const auto& gazetteer = data().gazetteer();
    CHECK(gazetteer.names_territory("morbihan.fr"));
    CHECK(gazetteer.names_territory("loire-atlantique.fr"));
    CHECK(gazetteer.names_territory("lavienne86.fr"));  // a town's name too, but the number is the département's
    CHECK(gazetteer.names_territory("bretagne.bzh"));
    CHECK_FALSE(gazetteer.names_territory("vienne.fr"));  // Vienne (Isère) as well as the département
    CHECK_FALSE(gazetteer.names_territory("ville-lorient.fr"));
    CHECK_FALSE(gazetteer.names_territory("morbihan-tourisme-durable.fr"));

    const auto scheme = attribution_of(
        html("Budget participatif des collégiens – Département du Morbihan",
             "<h1>Budget participatif des collégiens</h1><p>Dans les 47 collèges publics du département, les élèves "
             "proposent et votent des projets : un budget participatif de 200 000 euros.</p>",
             "Département du Morbihan — 2 rue de Saint-Tropez — 56000 Vannes"),
        "https://www.morbihan.fr/actualites/budget-participatif-des-collegiens");
    CHECK_FALSE(scheme.subject);
    CHECK(scheme.subject_reason.find("département") != std::string::npos);
    CHECK(shown(scheme, "56260").empty());
}

TEST_CASE("attribution: a section is about the town its heading names, not a town its text mentions") {
    const std::string network =
        "<h1>Nos repair cafés</h1><p>Des bénévoles réparent avec vous petit électroménager, vélos et vêtements.</p>"
        "<h2>Repair café de Saint-Brieuc</h2><p>Salle Steredenn, 22000 Saint-Brieuc</p><p>Le premier samedi du mois. "
        "Des habitants de Lannion y viennent aussi en covoiturage.</p>"
        "<h2>Repair café de Lannion</h2><p>Maison des associations, 22300 Lannion</p><p>Le troisième samedi du "
        "mois, avec un atelier couture, en lien avec l’équipe de Saint-Brieuc.</p>";
    const auto sites = attribution_of(html("Réseau des repair cafés des Côtes-d’Armor", network, "Mentions légales"),
                                      "https://www.repaircafes-armor.org/nos-lieux");
    CHECK_FALSE(sites.subject);
    CHECK(shows(sites, "22278", Pillar::consommation));
    CHECK(shows(sites, "22113", Pillar::consommation));

    // on a page about Quimper, a paragraph naming Concarneau beside another about crowdfunding
    const auto fablab = attribution_of(
        html("Le fablab de Quimper – notre histoire",
             "<h1>Le fablab de Quimper</h1><p>Imprimantes 3D et découpe laser, au 5 rue de Kerfeunteun, 29000 Quimper."
             "</p><h2>Notre histoire</h2><p>Nos machines ont été payées par une campagne de financement participatif : "
             "deux cents contributeurs en six semaines.</p><p>Des membres viennent aussi de Concarneau, le samedi.</p>"),
        "https://www.fablab-quimper.fr/histoire");
    CHECK(shows(fablab, "29232", Pillar::financement));
    CHECK(shown(fablab, "29039").empty());
}

TEST_CASE("attribution: a card's heading titles the card, not the page") {
    std::string cards = "<h1>Budget participatif 2026</h1><p>Le budget participatif de la ville : 300 000 euros pour les "
                        "projets des habitants, votés en septembre.</p><h2>Les lauréats de 2024</h2><div class=\"cards\">";
    for (const char* place : {"au parc des Promenades", "à la gare", "place du Chai"})
        cards += std::string("<div class=\"card\"><h3>Une boîte à livres ") + place +
                 "</h3><p>Lauréat 2024 · réalisé au printemps</p></div>";
    cards += "</div>";
    const auto page = attribution_of(html("Budget participatif 2026 – Saint-Brieuc", cards),
                                     "https://jeparticipe.saint-brieuc.fr/processes/bp-2026");
    CHECK(shows(page, "22278", Pillar::gouvernance));
    // three cards' titles: three occurrences of a term of weight 1, not three headings of the page
    CHECK(decision_for(page, "22278")->pillars[index(Pillar::consommation)].strength == doctest::Approx(3));
}

TEST_CASE("attribution: a legal line outside the footer, and a host's address, are not the page's") {
    std::string towns = "<h1>Jardins partagés : l’annuaire par ville</h1><p>";
    for (const char* insee : {"22278", "29232", "56121", "56260"}) towns += test::shipped_town(insee).name + " · ";
    towns += "</p><p>© 2010-2025 Jardins en ville — Mentions légales — Hébergé par OVH, 2 rue Kellermann, 59100 Roubaix</p>";
    const auto directory = attribution_of(html("Jardins partagés par ville", towns), "https://www.jardins-en-ville.net/villes");
    CHECK_FALSE(directory.subject);
    CHECK(shown(directory, "59512").empty());

    const auto hosted = attribution_of(
        html("Le jardin partagé des Capucins", "<h1>Le jardin partagé des Capucins</h1><p>Un jardin partagé où chacun "
                                               "cultive sa parcelle et partage la récolte.</p>",
             "Hébergeur : OVH SAS, 2 rue Kellermann, 59100 Roubaix"),
        "https://www.jardin-des-capucins.fr/");
    CHECK_FALSE(hosted.subject);
    CHECK(shown(hosted, "59512").empty());

    // a photo's credit in the middle of the content is content
    const auto credited = attribution_of(
        html("Un jardin partagé à Kermoysan – Ville de Quimper",
             "<h1>Un jardin partagé à Kermoysan</h1><figure><figcaption>Le jardin partagé de Kermoysan © Ville de "
             "Quimper</figcaption></figure><p>Vingt familles y cultivent leurs parcelles.</p><p>Inscriptions à la "
             "maison de quartier.</p><p>Ouvert tous les jours.</p>"),
        "https://www.quimper.bzh/actualites/jardin-kermoysan");
    // title 3 + heading 2 + the caption 1, times the weight 2: the caption counted
    CHECK(decision_for(credited, "29232")->pillars[index(Pillar::consommation)].strength == doctest::Approx(12));
}

TEST_CASE("attribution: a town of the same département confirms an ambiguous name") {
    auto page = [](const std::string& menu) {
        return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Valence : un jardin partagé au "
               "Polygone – L’Écho drômois</title></head><body><header><nav>" + menu +
               " <a href=\"/sport\">Sport</a></nav></header><main><h1>Un jardin partagé au Polygone</h1><p>Au pied des "
               "immeubles, vingt familles cultivent un jardin partagé depuis le printemps.</p></main><footer><p>L’Écho "
               "drômois — Mentions légales</p></footer></body></html>";
    };
    const std::string url = "https://www.echo-dromois.fr/valence/jardin-partage-polygone";
    const auto local = attribution_of(page("<a href=\"/valence\">Valence</a> <a href=\"/montelimar\">Montélimar</a>"), url);
    CHECK(shows(local, "26362", Pillar::consommation));
    CHECK(has(decision_for(local, "26362")->signals, "a town of its département: Montélimar"));
    const auto alone = attribution_of(page("<a href=\"/valence\">Valence</a>"), url);
    CHECK(decision_for(alone, "26362")->role == TownRole::homonym);
}

TEST_CASE("attribution: covoiturage counts when people of a place share it, not on an app's page for every town") {
    const auto app = attribution_of(
        html("Covoiturage Quimper : trajets pas chers au départ de Quimper",
             "<h1>Covoiturage au départ de Quimper</h1><p>Des milliers de conducteurs partagent leurs trajets. "
             "Téléchargez l’application et voyagez moins cher.</p>"),
        "https://www.roule-malin.fr/covoiturage/quimper");
    CHECK_FALSE(shows(app, "29232", Pillar::consommation));
    CHECK(has(decision_for(app, "29232")->set_aside, "'covoiturage' needs one of"));
    const auto scheme = attribution_of(
        html("Covoiturage solidaire : les habitants de Quimper s’organisent",
             "<h1>Covoiturage solidaire</h1><p>Les habitants du quartier de Kermoysan lancent un covoiturage solidaire "
             "vers le marché et l’hôpital.</p>"),
        "https://www.quimper-solidaire.fr/covoiturage");
    CHECK(shows(scheme, "29232", Pillar::consommation));
}

TEST_CASE("attribution: a platform's search lists projects, each card its own initiative in its own town") {
    const std::string cards =
        "<h1>Résultats pour « repair café » · Pays de la Loire</h1><p class=\"count\">3 projets en cours</p>"
        "<div class=\"results\">"
        "<article class=\"project-card\"><h2><a href=\"/fr/projects/repair-cafe-saumur\">Le repair café de Saumur "
        "s’équipe</a></h2><p class=\"owner\">par l’association Répar’Anjou · Saumur (49)</p><p>Un repair café chaque "
        "mois à la Maison des associations : aidez-nous à acheter l’outillage.</p></article>"
        "<article class=\"project-card\"><h2><a href=\"/fr/projects/fablab-cholet\">Un fablab pour les lycéens de "
        "Cholet</a></h2><p class=\"owner\">par Cholet Fabrique · Cholet (49)</p><p>Imprimantes 3D et découpe laser "
        "pour le fablab du quartier Jean-Monnet.</p></article>"
        "<article class=\"project-card\"><h2><a href=\"/fr/projects/jardin-vertou\">Un jardin partagé pour tous</a>"
        "</h2><p class=\"owner\">par Les Pousses · Vertou (44)</p><p>Des bacs de culture et un jardin partagé près de "
        "l’école.</p></article></div>"
        "<section><h2>Recherches populaires</h2><ul><li><a href=\"/fr/discover?location=angers\">Crowdfunding "
        "Angers</a></li><li><a href=\"/fr/discover?location=laval\">Crowdfunding Laval</a></li><li><a "
        "href=\"/fr/discover?location=la-roche\">Crowdfunding La Roche-sur-Yon</a></li></ul></section>";
    const std::string url = "https://www.kisskissbankbank.com/fr/discover?query=repair+caf%C3%A9&location=pdl";
    CHECK_FALSE(initiative_key(url, data().platforms()));  // a search names no project
    const auto evidence = page_evidence(extract_page_text(html("Découvrir les projets – KissKissBankBank", cards)), url,
                                        data(), "");
    auto has_row = [&](const std::string& insee, Pillar pillar, const std::string& initiative) {
        return std::any_of(evidence.begin(), evidence.end(), [&](const Evidence& row) {
            return row.insee == insee && row.pillar == pillar && row.initiative == initiative;
        });
    };
    CHECK(has_row("49328", Pillar::consommation, "kisskissbankbank.com/repair-cafe-saumur"));
    CHECK(has_row("49328", Pillar::financement, "kisskissbankbank.com/repair-cafe-saumur"));  // the platform's pillar
    CHECK(has_row("49099", Pillar::production, "kisskissbankbank.com/fablab-cholet"));
    CHECK(has_row("44215", Pillar::consommation, "kisskissbankbank.com/jardin-vertou"));
    const auto saumur = std::find_if(evidence.begin(), evidence.end(), [](const Evidence& row) { return row.insee == "49328"; });
    REQUIRE(saumur != evidence.end());
    CHECK(saumur->url == "https://www.kisskissbankbank.com/fr/projects/repair-cafe-saumur");
    // the towns of the "popular searches" links are only listed
    for (const Evidence& row : evidence) CHECK(row.insee != "53130");
    CHECK(std::none_of(evidence.begin(), evidence.end(), [](const Evidence& row) {
        return row.insee == "49007" || row.insee == "85191";
    }));
    // the cards do not lend their terms to one another: Cholet's fablab is not Saumur's
    CHECK_FALSE(has_row("49328", Pillar::production, "kisskissbankbank.com/repair-cafe-saumur"));
}

TEST_CASE("attribution: a participatory budget's proposals are ideas, not initiatives (keywords/context.tsv)") {
    std::string main = "<h1>Budget participatif 2026</h1><p>Les habitants proposent, puis votent : 400 000 euros pour "
                       "les idées de quartier, dans le cadre du budget participatif.</p><div class=\"proposals\">";
    for (const char* idea : {"Un jardin partagé au square Morvan", "Une recyclerie dans l’ancienne poste",
                             "Un repair café à la médiathèque"})
        main += std::string("<div class=\"card\"><h3>") + idea +
                "</h3><p>Déposée par un collectif d’habitants · En cours d’analyse · 57 soutiens</p></div>";
    main += "</div>";
    const auto page = attribution_of(html("Budget participatif – Ville de Quimper", main),
                                     "https://participer.quimper.bzh/processes/bp-2026/proposals");
    CHECK(shows(page, "29232", Pillar::gouvernance));
    CHECK_FALSE(shows(page, "29232", Pillar::consommation));
    CHECK_FALSE(shows(page, "29232", Pillar::production));
    CHECK(has(decision_for(page, "29232")->set_aside, "a proposal, not an initiative"));
}

TEST_CASE("attribution: a card's words decide its term's sense, and a context word is also read in the plural") {
    std::string products = "<h1>Matériel d’élevage</h1><div class=\"products\">";
    for (const char* model : {"Brinsea Mini", "Fiem 200", "Covatutto 24"})
        products += std::string("<article class=\"product\"><h3>Incubateur ") + model +
                    "</h3><p>Pour 24 œufs de poule, retournement automatique.</p><p class=\"price\">199 €</p></article>";
    products += "</div><p>Livraison gratuite à Dax dès 60 €.</p>";
    const auto shop = attribution_of(html("Incubateurs et couveuses – La Basse-cour, Dax", products),
                                     "https://www.la-basse-cour.fr/incubateurs");
    CHECK_FALSE(shows(shop, "40088", Pillar::production));
    CHECK(has(decision_for(shop, "40088")->set_aside, "'incubateur' cancelled by"));
    // "couveuses" cancels as "couveuse" does
    const auto plural = attribution_of(
        html("Nos incubateurs – Dax", "<h1>Nos incubateurs</h1><p>Des incubateurs et des couveuses à Dax.</p>"),
        "https://www.eleveurs-dax.fr/incubateurs");
    CHECK(has(decision_for(plural, "40088")->set_aside, "cancelled by 'couveuses'"));
}

TEST_CASE("attribution: an association's blog post, its town only in the footer, counts for that town") {
    const auto post = attribution_of(
        html("Bilan du repair café de mars – Les Répar’acteurs",
             "<h1>Bilan du repair café de mars</h1><p>Soixante objets sont passés sur nos tables samedi au repair café. "
             "Une famille venue de Bouguenais est repartie avec sa trottinette réparée.</p>",
             "Les Répar’acteurs — Maison des associations — 19 rue Aristide-Briand — 44400 Rezé"),
        "https://reparacteurs.fr/2025/03/24/bilan-du-repair-cafe-de-mars/");
    REQUIRE(post.subject);
    CHECK(data().gazetteer().towns()[*post.subject].insee == "44143");
    CHECK(shows(post, "44143", Pillar::consommation));
    CHECK(decision_for(post, "44020")->role == TownRole::passing);  // "venue de Bouguenais"
}

TEST_CASE("attribution: a newspaper's or a radio's seat is not what its articles are about") {
    // the same national explainer an association would post (see the blog post above), but from a
    // paper whose footer says it is one (keywords/context.tsv, media): no town is credited
    const std::string explainer =
        "<h1>Covoiturage : la prime de 100 euros prolongée</h1><p>Le gouvernement prolonge la prime au covoiturage "
        "domicile-travail : les conducteurs qui s’inscrivent sur une plateforme reçoivent 100 euros après dix "
        "trajets avec des salariés de leur entreprise.</p><p>Les applications nationales se disent prêtes.</p>";
    const auto national = attribution_of(
        html("Covoiturage : la prime prolongée – Le Courrier de Beauce", explainer,
             "Le Courrier de Beauce – 12 place des Épars, 28000 Chartres – Annoncer dans le journal"),
        "https://www.courrier-beauce.fr/france-monde/2025/01/09/covoiturage-la-prime-prolongee");
    CHECK_FALSE(national.subject);
    CHECK(national.subject_reason.find("a media") != std::string::npos);
    CHECK(national.subject_reason.find("journal") != std::string::npos);
    CHECK(shown(national, "28085").empty());

    // the same footer without a media's words: an organisation's seat, the subject of its own post
    const auto organisation = attribution_of(
        html("Covoiturage : la prime prolongée – Covoit’Beauce", explainer,
             "Covoit’Beauce – 12 place des Épars, 28000 Chartres – Mentions légales"),
        "https://www.covoit-beauce.fr/actualites/covoiturage-la-prime-prolongee");
    REQUIRE(organisation.subject);
    CHECK(data().gazetteer().towns()[*organisation.subject].insee == "28085");

    // a radio's local report names its place: credited from the content, not from the seat
    const auto local = attribution_of(
        html("Une AMAP ouvre à Trappes – Radio Yvelines Sud",
             "<h1>Une AMAP ouvre à Trappes</h1><p>Vingt familles de Trappes ont signé leur premier contrat avec un "
             "maraîcher bio : les paniers de légumes sont distribués chaque jeudi au centre social.</p>",
             "Radio Yvelines Sud – 3 rue de la Motte, 78120 Rambouillet – Fréquences : 98.6 FM"),
        "https://www.rys-radio.fr/actualites/une-amap-ouvre-a-trappes");
    CHECK(shows(local, "78621", Pillar::consommation));
    CHECK(shown(local, "78517").empty());
}

TEST_CASE("attribution: a table row gives its address across its cells, and a plan's row takes no theme") {
    const std::string table =
        "<h1>Nos ressourceries adhérentes en Provence</h1><table><thead><tr><th>Structure</th><th>CP</th><th>Commune</th>"
        "<th>Activités</th></tr></thead><tbody>"
        "<tr><td>La Ressourcerie du littoral</td><td>13600</td><td>La Ciotat</td><td>Collecte, boutique, atelier "
        "meubles</td></tr>"
        "<tr><td>Ressources Manosque</td><td>04100</td><td>Manosque</td><td>Collecte et boutique solidaire</td></tr>"
        "<tr><td>Ressourcerie du pays de Grasse</td><td>06130</td><td>Grasse</td><td>Projet de création : étude de "
        "faisabilité en cours</td></tr></tbody></table>";
    const auto members = attribution_of(html("Nos adhérents – Réseau des Ressourceries", table),
                                        "https://www.reseau-ressourceries.example.org/adherents/provence");
    CHECK(shows(members, "13028", Pillar::consommation));
    CHECK(shows(members, "04112", Pillar::consommation));
    CHECK(shown(members, "06069").empty());
}

TEST_CASE("attribution: a common noun written as a place is the town") {
    auto page = [](const std::string& sentence) {
        return html("Distribution de l’AMAP des Coteaux",
                    "<h1>Distribution de l’AMAP des Coteaux</h1><p>" + sentence + "</p><p>Des paniers de légumes de "
                    "saison chaque jeudi, en circuit court, avec deux maraîchers bio.</p>");
    };
    const auto place = attribution_of(page("Notre AMAP distribue ses paniers à Saintes, cour de l’école Léo-Lagrange."),
                                      "https://www.amap-coteaux.fr/distribution");
    CHECK(shows(place, "17415", Pillar::consommation));
    CHECK(has(decision_for(place, "17415")->signals, "named as a place: à Saintes"));
    const auto noun = attribution_of(page("Les saintes femmes du vitrail veillent sur la distribution."),
                                     "https://www.amap-coteaux.fr/distribution");
    const auto* saintes = decision_for(noun, "17415");
    CHECK((saintes == nullptr || saintes->role == TownRole::homonym));
}

TEST_CASE("attribution: a proposal still shows the participatory process") {
    const auto minutes = attribution_of(
        html("Procès-verbal du conseil municipal – Ville de Bagnolet",
             "<h1>Séance du 13 février</h1><p>Le conseil décide d’approuver le règlement du budget participatif, qui "
             "prévoit le dépôt des idées par les habitants, l’étude de faisabilité par les services puis un vote ; "
             "un jardin partagé y a été proposé par un conseil de quartier.</p>"),
        "https://www.ville-bagnolet.fr/actes/pv-cm-2025-02-13");
    CHECK(shows(minutes, "93006", Pillar::gouvernance));
    CHECK_FALSE(shows(minutes, "93006", Pillar::consommation));
}

TEST_CASE("attribution: a collectivity named as its town is no second sign for it") {
    const auto page = attribution_of(
        html("Distribution à Saint-Martin – AMAP de l’île",
             "<h1>Distribution à Saint-Martin</h1><p>Notre AMAP distribue les paniers à Saint-Martin, sur le port, le "
             "jeudi soir.</p>"),
        "https://www.amap-ile.fr/distribution");
    CHECK(decision_for(page, "97801")->role == TownRole::homonym);
}

TEST_CASE("attribution: a platform's project page is its own initiative and implies its pillar") {
    const auto page = html("La Fabrique de Lorient – Ulule", "<h1>La Fabrique de Lorient</h1><p>Soutenez le fablab de "
                                                              "Lorient ! Atelier au 12 quai des Indes, 56100 Lorient.</p>");
    const auto evidence = page_evidence(extract_page_text(page), "https://fr.ulule.com/la-fabrique-lorient/?utm_source=x",
                                        data(), "");
    CHECK(std::any_of(evidence.begin(), evidence.end(), [](const Evidence& row) {
        return row.insee == "56121" && row.pillar == Pillar::financement && row.initiative == "ulule.com/la-fabrique-lorient";
    }));
    // a platform's home names no project: no evidence
    CHECK(page_evidence(extract_page_text(page), "https://www.ulule.com/", data(), "").empty());
    CHECK(initiative_key("https://www.facebook.com/lafabriquelorient/posts/123", data().platforms()) ==
          "facebook.com/lafabriquelorient");
    CHECK(initiative_key("https://www.helloasso.com/associations/amap-du-scorff/adhesions/2026", data().platforms()) ==
          "helloasso.com/amap-du-scorff");
}

TEST_CASE("attribution: HelloAsso's collectes are crowdfunding, an association's page there is not") {
    const std::string main = "<h1>Les Coccinelles</h1><p>Un jardin partagé au cœur du quartier, ouvert aux habitants, "
                             "avec des parcelles et un composteur collectif.</p><p>Rue des Lilas, 38130 Échirolles</p>";
    const auto association = attribution_of(html("Les Coccinelles – Association – HelloAsso", main),
                                            "https://www.helloasso.com/associations/les-coccinelles");
    CHECK(shows(association, "38151", Pillar::consommation));
    CHECK_FALSE(shows(association, "38151", Pillar::financement));  // "HelloAsso" in its title is the site's name
    CHECK(has(decision_for(association, "38151")->set_aside, "the platform's own name"));
    const auto collecte = attribution_of(html("Une serre pour le jardin – Les Coccinelles – HelloAsso", main),
                                         "https://www.helloasso.com/associations/les-coccinelles/collectes/une-serre");
    CHECK(shows(collecte, "38151", Pillar::financement));
}

TEST_CASE("attribution: a page's canonical address on its own site is its address") {
    CHECK(evidence_url("https://www.lorient.bzh/agenda?id=3&utm_campaign=x#haut", "/agenda/fablab") ==
          "https://www.lorient.bzh/agenda/fablab");
    CHECK(evidence_url("https://www.lorient.bzh/agenda?utm_source=a&page=2&gclid=9", "") ==
          "https://www.lorient.bzh/agenda?page=2");
    // a canonical on another site is not taken
    CHECK(evidence_url("https://www.lorient.bzh/agenda", "https://www.autre-site.fr/copie") == "https://www.lorient.bzh/agenda");
}

TEST_CASE("registrable domain: the public suffix list decides") {
    CHECK(registrable_domain("www.ville-lorient.fr") == "ville-lorient.fr");
    CHECK(registrable_domain("WWW.Lorient.BZH") == "lorient.bzh");
    CHECK(registrable_domain("la-fabrique.github.io") == "la-fabrique.github.io");
    CHECK(registrable_domain("www.mairie.gouv.fr") == "mairie.gouv.fr");
    CHECK(registrable_domain("192.168.1.10") == "192.168.1.10");
}

TEST_CASE("gazetteer: names as French writes them, hyphenated names whole, domains in whole words") {
    const auto& gazetteer = data().gazetteer();
    auto named = [&](const std::string& text) {
        std::vector<std::string> insees;
        for (const auto& match : gazetteer.places(normalize_joined(text)))
            for (std::size_t town : match.towns) insees.push_back(gazetteer.towns()[town].insee);
        return insees;
    };
    CHECK(named("Le repair café du Cannet ouvre samedi.") == std::vector<std::string>{"06030"});
    CHECK(named("Le fablab de St-Nazaire.") == std::vector<std::string>{"44184"});
    CHECK(named("Saint-Genis-Laval lance son budget participatif") == std::vector<std::string>{"69204"});  // not Laval
    CHECK(named("Bonchamp-lès-Laval et son autopartage").empty());  // a commune not of the list; not Laval
    CHECK(named("Saint Genis Laval, sans traits d'union") == std::vector<std::string>{"69204"});
    auto site = [&](const std::string& domain) {
        std::vector<std::string> insees;
        for (std::size_t town : gazetteer.towns_of_site(domain)) insees.push_back(gazetteer.towns()[town].insee);
        return insees;
    };
    CHECK(site("ville-lorient.fr") == std::vector<std::string>{"56121"});
    CHECK(site("tierslieu-larochelle.fr") == std::vector<std::string>{"17300"});
    CHECK(site("lycee-charles-de-gaulle.fr").empty());  // "arles" inside "charles" names nothing
    CHECK(site("loos-en-gohelle.fr").empty());          // Loos is not Loos-en-Gohelle
    CHECK(site("ville-de-lorient.fr") == std::vector<std::string>{"56121"});
}
