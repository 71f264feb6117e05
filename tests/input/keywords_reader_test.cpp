#include <doctest/doctest.h>

#include <algorithm>

#include "classify/initiative.h"
#include "input/data_files.h"
#include "input/keywords_reader.h"
#include "test_support.h"

using namespace sharitories;
using sharitories::test::has_error;

TEST_CASE("keywords: terms with comments, accents and an optional header") {
    const std::string text = "pillar\tterm\tweight\n"
                             "# Circuits courts (from the study)\n"
                             "consommation\tAMAP\t2\n"
                             "consommation\tépicerie coopérative\t1\n"
                             "\n"
                             "production\ttiers-lieu\t1.5\n"
                             "gouvernance\tconcertation\t0.5\n";
    auto parsed = read_keywords(text, "fr.tsv", "fr");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value.size() == 4);
    CHECK(parsed.value[0].pillar == Pillar::consommation);
    CHECK(parsed.value[0].term == "AMAP");
    CHECK(parsed.value[0].weight == 2.0);
    CHECK(parsed.value[1].term == "épicerie coopérative");
    CHECK(parsed.value[2].pillar == Pillar::production);
    CHECK(parsed.value[2].weight == 1.5);
    CHECK(parsed.value[3].language == "fr");
}

TEST_CASE("keywords: a spreadsheet export with semicolons and decimal commas") {
    auto parsed = read_keywords("financement;\"financement participatif\";\"1,5\"\nfinancement;Miimosa;2\n",
                                "fr.tsv", "fr");
    REQUIRE(parsed.ok());
    CHECK(parsed.value[0].term == "financement participatif");
    CHECK(parsed.value[0].weight == 1.5);
}

TEST_CASE("keywords: unknown pillar names the four valid ones") {
    auto parsed = read_keywords("consomation\tAMAP\t2\nproduction\tfablab\t2\n", "fr.tsv", "fr");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.errors[0].file == "fr.tsv");
    CHECK(parsed.errors[0].line == 1);
    CHECK(parsed.errors[0].column == 1);
    CHECK(parsed.errors[0].message.find("unknown pillar 'consomation'") != std::string::npos);
    CHECK(parsed.errors[0].message.find("consommation, production, financement, gouvernance") !=
          std::string::npos);
}

TEST_CASE("keywords: weights out of range or not numbers") {
    auto parsed = read_keywords("production\tfablab\t0\n"
                                "production\tcoworking\t11\n"
                                "production\tmakerspace\t-1\n"
                                "production\thackerspace\tdeux\n"
                                "production\tincubateur\t10\n",
                                "fr.tsv", "fr");
    CHECK(parsed.errors.size() == 4);
    CHECK(has_error(parsed, 1, "weight 0 is out of range"));
    CHECK(has_error(parsed, 2, "weight 11 is out of range"));
    CHECK(has_error(parsed, 3, "weight -1 is out of range"));
    CHECK(has_error(parsed, 4, "weight 'deux' is not a number"));
    CHECK(parsed.errors[0].column == 19);
}

TEST_CASE("keywords: the same term twice in a pillar, after normalisation, is an error") {
    auto parsed = read_keywords("production\tTiers-Lieu\t1\n"
                                "production\ttiers lieu\t1\n"
                                "consommation\ttiers-lieu\t1\n",  // another pillar: allowed
                                "fr.tsv", "fr");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(has_error(parsed, 2, "duplicate term 'tiers lieu' in pillar production, already on line 1"));
}

TEST_CASE("keywords: wrong field counts, empty terms and quotes inside terms") {
    auto parsed = read_keywords("production\tfablab\n"
                                "production\t\t1\n"
                                "production\tle \"\"lab\"\"\t1\n"
                                "production\t---\t1\n",
                                "fr.tsv", "fr");
    CHECK(has_error(parsed, 1, "expected 3 fields (pillar<TAB>term<TAB>weight), found 2"));
    CHECK(has_error(parsed, 2, "the term is empty"));
    CHECK(has_error(parsed, 3, "must not contain '\"'"));
    CHECK(has_error(parsed, 4, "no letter or digit"));
}

TEST_CASE("platforms: the pillar a kind of page implies (the optional pages column)") {
    auto parsed = read_platforms("helloasso.com\t-\tcrowdfunding\tcollectes=financement\n"
                                 "cap-collectif.com\tgouvernance\tcivic-tech\t-\n"
                                 "example.org\t-\tnetwork\tcollectes\n"
                                 "example.net\t-\tnetwork\tcollectes=finances\n",
                                 "platforms.tsv");
    REQUIRE(parsed.value.size() == 4);
    REQUIRE(parsed.value[0].pillar_of_pages.size() == 1);
    CHECK(parsed.value[0].pillar_of_pages[0].first == "collectes");
    CHECK(parsed.value[0].pillar_of_pages[0].second == Pillar::financement);
    CHECK(parsed.value[1].pillar_of_pages.empty());
    CHECK(has_error(parsed, 3, "write a path segment, '=' and a pillar"));
    CHECK(has_error(parsed, 4, "'finances' is not a pillar"));
    CHECK(implied_pillar(parsed.value[0], "https://www.helloasso.com/associations/amap/collectes/serre") == Pillar::financement);
    CHECK_FALSE(implied_pillar(parsed.value[0], "https://www.helloasso.com/associations/amap/adhesions/2026"));
    CHECK(implied_pillar(parsed.value[1], "https://ville.cap-collectif.com/project/x") == Pillar::gouvernance);
}

TEST_CASE("platforms: domains, pillars or '-', kinds") {
    auto parsed = read_platforms("# crowdfunding\n"
                                 "ulule.com\tfinancement\tcrowdfunding\n"
                                 "facebook.com\t-\tsocial\n"
                                 "www.miimosa.com\tfinancement\tcrowdfunding\n"
                                 "https://decidim.org/x\tgouvernance\tcivic-tech\n"
                                 "Fablabs.IO\tproduction\tnetwork\n"
                                 "reseau-amap.org\tconsomation\tnetwork\n"
                                 "helloasso.com\tfinancement\tcagnotte\n"
                                 "ulule.com\tfinancement\tcrowdfunding\n",
                                 "platforms.tsv");
    REQUIRE(parsed.value.size() == 8);
    CHECK(parsed.value[0].domain == "ulule.com");
    CHECK(parsed.value[0].pillar == Pillar::financement);
    CHECK(parsed.value[0].kind == PlatformKind::crowdfunding);
    CHECK_FALSE(parsed.value[1].pillar.has_value());
    CHECK(parsed.value[1].kind == PlatformKind::social);
    CHECK(has_error(parsed, 4, "without scheme, www. or path"));
    CHECK(has_error(parsed, 5, "without scheme, www. or path"));
    CHECK(has_error(parsed, 6, "not a lower-case domain"));
    CHECK(has_error(parsed, 7, "unknown pillar 'consomation'"));
    CHECK(has_error(parsed, 8, "unknown platform kind 'cagnotte'"));
    CHECK(has_error(parsed, 9, "duplicate domain ulule.com, already on line 2"));
    CHECK(parsed.errors.size() == 6);
}

TEST_CASE("homonyms and shared names") {
    auto homonyms = read_homonyms("Sens\tword\tle nom commun « sens »\n"
                                  "Vienne\tplace\tcapitale de l'Autriche\n"
                                  "Orange\tcompany\topérateur\n",
                                  "homonyms.tsv");
    REQUIRE(homonyms.errors.size() == 1);
    CHECK(has_error(homonyms, 3, "unknown kind 'company'"));
    CHECK(homonyms.value[0].kind == AmbiguityKind::word);
    CHECK(homonyms.value[1].kind == AmbiguityKind::place);

    auto shared = read_shared_names("# generated\nSaint-Pierre\t9\nValence\t3\nLorient\t1\n", "shared-names.tsv");
    REQUIRE(shared.errors.size() == 1);
    CHECK(has_error(shared, 4, "at least 2"));
    CHECK(shared.value[0].name == "Saint-Pierre");
    CHECK(shared.value[0].kind == AmbiguityKind::commune);
}

TEST_CASE("keywords: a capitalised pillar from a spreadsheet is accepted, control characters are not") {
    auto parsed = read_keywords("Consommation\tAMAP\t2\nproduction\t\"fab\nlab\"\t1\n", "fr.tsv", "fr");
    REQUIRE(parsed.errors.size() == 1);
    CHECK(parsed.value[0].pillar == Pillar::consommation);
    CHECK(has_error(parsed, 2, "control character"));
}

TEST_CASE("homonyms: the other referent's words, comma-separated, or - for none") {
    auto parsed = read_homonyms("Orange\tbrand\tthe operator\tforfait, fibre , Livebox\n"
                                "Sens\tword\tle sens = meaning\t-\n"
                                "Gap\tbrand\tthe clothing brand\n",
                                "homonyms.tsv");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value.size() == 3);
    CHECK(parsed.value[0].against == std::vector<std::string>{"forfait", "fibre", "Livebox"});
    CHECK(parsed.value[1].against.empty());
    CHECK(parsed.value[2].against.empty());  // the column may be left out altogether
    auto empty_word = read_homonyms("Orange\tbrand\tthe operator\tforfait,,fibre\n", "homonyms.tsv");
    CHECK(has_error(empty_word, 1, "an empty word"));
}

TEST_CASE("context: needs, cancels, passing, third-party, proposal and media rules, each checked") {
    auto parsed = read_context("# when a term counts\n"
                               "needs\tconcertation\tcitoyens, habitants, débat public\n"
                               "cancels\tincubateur\tbébé, prématuré\n"
                               "passing\t-\tà deux pas de, à * km de\n"
                               "third-party\t-\thébergé par, hébergeur\n"
                               "proposal\t-\tdéposée par, soutiens\n"
                               "media\t-\tla rédaction, fréquences\n",
                               "context.tsv");
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value.size() == 6);
    CHECK(parsed.value[0].kind == ContextKind::needs);
    CHECK(parsed.value[0].term == "concertation");
    CHECK(parsed.value[0].words == std::vector<std::string>{"citoyens", "habitants", "débat public"});
    CHECK(parsed.value[0].line == 2);
    CHECK(parsed.value[1].kind == ContextKind::cancels);
    CHECK(parsed.value[2].kind == ContextKind::passing);
    CHECK(parsed.value[2].words.size() == 2);
    CHECK(parsed.value[3].kind == ContextKind::third_party);
    CHECK(parsed.value[3].words == std::vector<std::string>{"hébergé par", "hébergeur"});
    CHECK(parsed.value[4].kind == ContextKind::proposal);
    CHECK(parsed.value[5].kind == ContextKind::media);
    CHECK(parsed.value[5].term.empty());

    auto wrong = read_context("exige\tconcertation\tcitoyens\n"
                              "passing\tconcertation\tà deux pas de\n"
                              "needs\tconcertation\t\n"
                              "third-party\tAMAP\thébergé par\n",
                              "context.tsv");
    CHECK(has_error(wrong, 1, "unknown rule 'exige'; expected needs, cancels, passing, third-party, proposal or media"));
    CHECK(has_error(wrong, 2, "a passing rule is not about one term: write - here"));
    CHECK(has_error(wrong, 3, "no words"));
    CHECK(has_error(wrong, 4, "a third-party rule is not about one term: write - here"));
}

TEST_CASE("context: a rule about a term no language file has is reported with its line") {
    test::TempDir dir;
    dir.write("fr.tsv", "gouvernance\tconcertation\t0.5\n");
    dir.write("context.tsv", "needs\tconcertation\thabitants\ncancels\tconsertation\tlogiciel\n");
    auto keywords = load_keywords(dir.path());
    REQUIRE_FALSE(keywords.ok());
    CHECK(has_error(keywords, 2, "'consertation' is not a term of the language files"));
}
