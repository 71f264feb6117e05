#include <doctest/doctest.h>

#include "text/normalize.h"

using namespace sharitories;

TEST_CASE("normalize: accents stripped, case folded") {
    CHECK(normalize("Épinal") == "epinal");
    CHECK(normalize("ÉPICERIE COOPÉRATIVE") == "epicerie cooperative");
    CHECK(normalize("Châlons-en-Champagne") == "chalons en champagne");
    CHECK(normalize("Île-de-France") == "ile de france");
    CHECK(normalize("Noël à Fougères") == "noel a fougeres");
}

TEST_CASE("normalize: hyphens, apostrophes and punctuation become single spaces") {
    CHECK(normalize("Tiers-Lieux") == "tiers lieux");
    CHECK(normalize("l'AMAP") == "l amap");
    CHECK(normalize("l’AMAP du « Pré-Vert » !") == "l amap du pre vert");
    CHECK(normalize("  co-construction --- citoyenne...  ") == "co construction citoyenne");
    CHECK(normalize("Repair Café\u00a0: samedi") == "repair cafe samedi");
}

TEST_CASE("normalize: ligatures and compatibility forms") {
    CHECK(normalize("Cœur de ville, ŒUVRE") == "coeur de ville oeuvre");
    CHECK(normalize("Lætitia") == "laetitia");
    CHECK(normalize("ﬁnancement") == "financement");  // the fi ligature (U+FB01)
    CHECK(normalize("Straße") == "strasse");
    // U+FDFA decomposes into 18 code points: none is lost
    CHECK(normalize("\uFDFA").size() > 20);
}

TEST_CASE("normalize: digits are kept, invalid UTF-8 and empty input never fail") {
    CHECK(normalize("56100 Lorient") == "56100 lorient");
    CHECK(normalize("caf\xE9 solidaire") == "caf solidaire");
    CHECK(normalize("") == "");
    CHECK(normalize("--") == "");
}
