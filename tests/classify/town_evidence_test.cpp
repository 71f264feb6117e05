// From one page to its evidence: the towns it names in any written form or carries in its domain,
// judged whichever search found the page.
#include <doctest/doctest.h>

#include "classify/town_evidence.h"
#include "html/page_text.h"
#include "text/normalize.h"
#include "test_support.h"

using namespace sharitories;

namespace {

std::vector<std::string> insees(const TownIndex& index, const std::vector<std::size_t>& towns) {
    std::vector<std::string> codes;
    for (std::size_t t : towns) codes.push_back(index.towns()[t].insee);
    return codes;
}

}  // namespace

TEST_CASE("town evidence: the towns a page names, in the forms French writes them, or its domain carries") {
    const TownIndex index(test::shipped_towns());
    const std::string text = normalize("Le repair café du Cannet ouvre ses portes ; à St-Nazaire, un nouveau fablab.");
    const auto named = insees(index, index.named(text, "https://www.exemple.fr/actualites"));
    CHECK(std::find(named.begin(), named.end(), "06030") != named.end());  // Le Cannet, written "du Cannet"
    CHECK(std::find(named.begin(), named.end(), "44184") != named.end());  // Saint-Nazaire, written "St-Nazaire"
    // a domain with the name in words, or in one word
    CHECK(insees(index, index.named("", "https://www.ville-lorient.fr/budget")) == std::vector<std::string>{"56121"});
    const auto squashed = insees(index, index.named("", "https://tierslieu-larochelle.fr/"));
    CHECK(squashed == std::vector<std::string>{"17300"});
    CHECK(index.named(normalize("Rien à signaler ici."), "https://www.exemple.fr/").empty());
    CHECK(index.find("56121") < index.towns().size());
    CHECK(index.find("99999") == index.towns().size());
}

TEST_CASE("town evidence: a page's verdict does not depend on the search that found it") {
    const TownIndex index(test::shipped_towns());
    const ClassifierData classifier(test::shipped_keywords(), test::shipped_towns());
    const PageText page =
        extract_page_text(test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html"));
    const auto found_by_vannes = evidence_for_page(page, "https://lafabrique-lorient.fr/", {"56260"}, index, classifier,
                                                   "2026-12-01T23:00:00Z");
    const auto found_by_nobody = evidence_for_page(page, "https://lafabrique-lorient.fr/", {}, index, classifier,
                                                   "2026-12-01T23:00:00Z");
    REQUIRE_FALSE(found_by_nobody.empty());
    REQUIRE(found_by_vannes.size() == found_by_nobody.size());
    for (std::size_t i = 0; i < found_by_nobody.size(); ++i) {
        CHECK(found_by_vannes[i].insee == "56121");  // the page is about Lorient, not Vannes
        CHECK(found_by_vannes[i].pillar == found_by_nobody[i].pillar);
        CHECK(found_by_vannes[i].strength == found_by_nobody[i].strength);
    }
    CHECK(found_by_nobody.front().initiative == "lafabrique-lorient.fr");
    CHECK(found_by_nobody.front().fetched_at == "2026-12-01T23:00:00Z");
}
