#include <doctest/doctest.h>

#include <algorithm>

#include "query/query_builder.h"
#include "text/utf8.h"

using namespace sharitories;

namespace {

City city(std::string insee, std::string name, std::string departement_name) {
    City c;
    c.insee = std::move(insee);
    c.name = std::move(name);
    c.departement_name = std::move(departement_name);
    c.population = 30000;
    return c;
}

std::vector<Keyword> terms(Pillar pillar, std::vector<std::string> words) {
    std::vector<Keyword> keywords;
    for (auto& word : words) keywords.push_back({pillar, word, 1.0, "fr"});
    return keywords;
}

const std::vector<AmbiguousName> no_homonyms;

}  // namespace

TEST_CASE("queries: the town quoted, multi-word and hyphenated terms quoted, OR inside a group") {
    auto keywords = terms(Pillar::consommation, {"AMAP", "circuit court", "épicerie coopérative", "repair café",
                                                 "covoiturage"});
    auto production = terms(Pillar::production, {"tiers-lieu", "fablab"});
    keywords.insert(keywords.end(), production.begin(), production.end());
    std::vector<City> cities{city("88160", "Épinal", "Vosges")};
    auto queries = build_queries(cities, keywords, AmbiguousNames(no_homonyms, cities));
    REQUIRE(queries.size() == 2);  // pillars without terms send nothing
    CHECK(queries[0].text ==
          "\"Épinal\" (AMAP OR \"circuit court\" OR \"épicerie coopérative\" OR \"repair café\" OR covoiturage)");
    CHECK(queries[0].pillar == Pillar::consommation);
    CHECK(queries[0].insee == "88160");
    CHECK(queries[1].text == "\"Épinal\" (\"tiers-lieu\" OR fablab)");
    CHECK_FALSE(queries[0].disambiguated);
}

TEST_CASE("queries: a pillar's terms are split into balanced groups of at most the group size") {
    std::vector<std::string> words;
    for (int i = 1; i <= 20; ++i) words.push_back("terme" + std::to_string(i));
    std::vector<City> cities{city("56121", "Lorient", "Morbihan")};
    AmbiguousNames ambiguous(no_homonyms, cities);
    auto queries = build_queries(cities, terms(Pillar::gouvernance, words), ambiguous);
    REQUIRE(queries.size() == 4);  // 20 terms, at most 6 each: 5 + 5 + 5 + 5, not 6 + 6 + 6 + 2
    for (int i = 0; i < 4; ++i) {
        CHECK(queries[i].terms.size() == 5);
        CHECK(queries[i].group == i + 1);
    }
    CHECK(queries[3].terms.back() == "terme20");
    // every term is sent exactly once
    std::vector<std::string> sent;
    for (const auto& q : queries) sent.insert(sent.end(), q.terms.begin(), q.terms.end());
    CHECK(sent == words);

    auto per_term = build_queries(cities, terms(Pillar::gouvernance, words), ambiguous, {.per_term = true});
    REQUIRE(per_term.size() == 20);
    CHECK(per_term[6].text == "\"Lorient\" terme7");

    auto sevens = build_queries(cities, terms(Pillar::gouvernance, words), ambiguous, {.group_size = 7});
    CHECK(sevens.size() == 3);  // 7 + 7 + 6
}

TEST_CASE("queries: an ambiguous name gets its département, from homonyms or from the list itself") {
    std::vector<AmbiguousName> known{{"Sens", AmbiguityKind::word, "le mot", {}}};
    std::vector<City> cities{city("89387", "Sens", "Yonne"), city("68297", "Saint-Louis", "Haut-Rhin"),
                             city("97414", "Saint-Louis", "La Réunion"), city("56121", "Lorient", "Morbihan")};
    AmbiguousNames ambiguous(known, cities);
    auto queries = build_queries(cities, terms(Pillar::production, {"fablab", "coworking"}), ambiguous);
    REQUIRE(queries.size() == 4);
    CHECK(queries[0].text == "\"Sens\" Yonne (fablab OR coworking)");
    CHECK(queries[0].disambiguated);
    CHECK(queries[1].text == "\"Saint-Louis\" \"Haut-Rhin\" (fablab OR coworking)");
    CHECK(queries[2].text == "\"Saint-Louis\" \"La Réunion\" (fablab OR coworking)");
    CHECK(queries[3].text == "\"Lorient\" (fablab OR coworking)");
    CHECK_FALSE(queries[3].disambiguated);
    // accent-insensitive lookup
    CHECK(ambiguous.find("SENS") != nullptr);
    CHECK(ambiguous.find("Lorient") == nullptr);
}

TEST_CASE("queries: every query stays under 400 characters, long terms are split further") {
    std::vector<std::string> words;
    for (int i = 0; i < 12; ++i) words.push_back("réseau d'échanges réciproques de savoirs et de services, n°" + std::to_string(i));
    std::vector<City> cities{city("13056", "Saint-Rémy-de-Provence-sur-Durance", "Bouches-du-Rhône")};
    std::vector<AmbiguousName> known{{"Saint-Rémy-de-Provence-sur-Durance", AmbiguityKind::commune, "", {}}};
    auto queries = build_queries(cities, terms(Pillar::consommation, words), AmbiguousNames(known, cities));
    CHECK(queries.size() > 2);  // 2 groups of 6 would be over 450 characters each
    std::vector<std::string> sent;
    for (const auto& q : queries) {
        INFO(q.text);
        CHECK(utf8_length(q.text) < 400);
        CHECK(q.text.starts_with("\"Saint-Rémy-de-Provence-sur-Durance\" \"Bouches-du-Rhône\" "));
        sent.insert(sent.end(), q.terms.begin(), q.terms.end());
    }
    CHECK(sent == words);
}

TEST_CASE("queries: an ambiguous town without a département name falls back to a postcode, then a code") {
    std::vector<AmbiguousName> known{{"Orange", AmbiguityKind::brand, "opérateur", {}}};
    City with_postcode = city("84087", "Orange", "");
    with_postcode.postcodes = {"84100"};
    City code_only = city("84087", "Orange", "");
    City from_insee = city("97415", "Orange", "");
    City with_departement = code_only;
    with_departement.departement = "84";
    auto text_for = [&](const City& c) {
        std::vector<City> cities{c};
        return build_queries(cities, terms(Pillar::production, {"fablab"}), AmbiguousNames(known, cities))[0].text;
    };
    CHECK(text_for(with_postcode) == "\"Orange\" 84100 fablab");
    CHECK(text_for(with_departement) == "\"Orange\" 84 fablab");
    CHECK(text_for(code_only) == "\"Orange\" 84 fablab");
    CHECK(text_for(from_insee) == "\"Orange\" 974 fablab");
}

TEST_CASE("queries: quoting rules") {
    CHECK(quote_term("AMAP") == "AMAP");
    CHECK(quote_term("écoquartier") == "écoquartier");
    CHECK(quote_term("co-construction") == "\"co-construction\"");
    CHECK(quote_term("système d'échange local") == "\"système d'échange local\"");
    CHECK(quote_term("Bulb in Town") == "\"Bulb in Town\"");
    CHECK(quote_term("l’atelier") == "\"l’atelier\"");         // typographic apostrophe
    CHECK(quote_term("fab\u00a0lab") == "\"fab\u00a0lab\"");    // no-break space
    CHECK(quote_term("OR") == "\"OR\"");                        // an operator as a term
    CHECK(quote_term("Oré") == "Oré");
    CHECK(quote_term("Gedankenaustausch") == "Gedankenaustausch");
    CHECK(quote_term("سوق") == "سوق");                            // letters of any script
}
