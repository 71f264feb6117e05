#include <doctest/doctest.h>

#include <algorithm>

#include "text/normalize.h"
#include "text/term_matcher.h"

using namespace sharitories;

namespace {

/// The terms found in `text`, in text order, as written to the matcher.
std::vector<std::string> found(const std::vector<std::string>& terms, const std::string& text) {
    TermMatcher matcher(terms);
    std::vector<std::string> names;
    for (const auto& match : matcher.find(normalize(text))) names.push_back(terms[match.term]);
    return names;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("matcher: accents, case and hyphens do not matter") {
    CHECK(found({"épicerie coopérative"}, "L'EPICERIE COOPERATIVE ouvre ses portes") == Names{"épicerie coopérative"});
    CHECK(found({"tiers-lieu"}, "Le Tiers Lieu de la gare") == Names{"tiers-lieu"});
    CHECK(found({"tiers lieu"}, "un tiers-lieu") == Names{"tiers lieu"});
    CHECK(found({"Repair Café"}, "repair-cafe samedi") == Names{"Repair Café"});
}

TEST_CASE("matcher: French plurals match the singular") {
    CHECK(found({"tiers-lieu"}, "Les Tiers-Lieux de Bretagne") == Names{"tiers-lieu"});
    CHECK(found({"jardin partagé"}, "nos jardins partagés") == Names{"jardin partagé"});
    CHECK(found({"AMAP"}, "les AMAPs du Morbihan") == Names{"AMAP"});
    CHECK(found({"réseau local"}, "des réseaux locaux") == Names{"réseau local"});
    CHECK(found({"fablabs"}, "un fablab") == Names{"fablabs"});  // a plural term matches the singular too
}

TEST_CASE("matcher: terms match whole tokens only") {
    CHECK(found({"AMAP"}, "les amapiens et amapiennes").empty());
    CHECK(found({"SEL"}, "sel de Guérande, selon la recette").size() == 1);
    CHECK(found({"troc"}, "trocs et brocantes") == Names{"troc"});
    CHECK(found({"coworking"}, "co-working").empty());  // another spelling is another term
    CHECK(found({"circuit court"}, "un circuit, court et rapide") == Names{"circuit court"});  // punctuation is a space
}

TEST_CASE("matcher: many terms, overlaps and repeats, in text order") {
    std::vector<std::string> terms{"circuit court", "court", "AMAP", "budget participatif"};
    CHECK(found(terms, "AMAP et circuit court ; l'AMAP vote le budget participatif") ==
          Names{"AMAP", "circuit court", "court", "AMAP", "budget participatif"});
    CHECK(found(terms, "").empty());
    CHECK(found(terms, "circuit").empty());  // a multi-word term cut by the end of the text
}

TEST_CASE("matcher: plural folding") {
    CHECK(fold_plural("lieux") == "lieu");
    CHECK(fold_plural("locaux") == "local");
    CHECK(fold_plural("reseaux") == "reseau");
    CHECK(fold_plural("partages") == "partage");
    CHECK(fold_plural("bus") == "bus");
    CHECK(fold_plural("gaz") == "gaz");
    CHECK(tokens_of("tiers lieu de lorient") == std::vector<std::string_view>{"tiers", "lieu", "de", "lorient"});
}

TEST_CASE("matcher: plural_forms are exactly the tokens the matcher takes for a term's word") {
    CHECK(plural_forms("lieu") == Names{"lieu", "lieus", "lieux"});
    CHECK(plural_forms("lieux") == Names{"lieu", "lieus", "lieux"});
    CHECK(plural_forms("locaux") == Names{"local", "locals", "localx", "locaux"});
    CHECK(plural_forms("reseaux") == Names{"reseau", "reseaus", "reseaux"});
    CHECK(plural_forms("tiers") == Names{"tier", "tiers", "tierx"});
    CHECK(plural_forms("lab") == Names{"lab", "labs", "labx"});  // "labs" folds to "lab" (four letters)
    for (const char* word : {"amap", "partage", "local", "tiers", "lab", "reseau", "de"}) {
        INFO(word);
        const auto forms = plural_forms(word);
        for (const auto& form : forms) CHECK(found({word}, form) == Names{word});
        // and no other token: one letter more or less, or another ending, is not the word
        for (const std::string& other : {std::string(word) + "e", std::string(word) + "ss", std::string(word).substr(1)})
            if (std::find(forms.begin(), forms.end(), other) == forms.end()) CHECK(found({word}, other).empty());
    }
}
