// The rule that says whether a site is a town's own (lib/classify/town_site.h), on the shipped list.
#include <doctest/doctest.h>

#include "classify/town_site.h"
#include "test_support.h"

using namespace sharitories;

namespace {

const TownGazetteer& gazetteer() {
    static const TownGazetteer shipped(test::shipped_towns(), test::shipped_keywords().ambiguous_names);
    return shipped;
}

}  // namespace

TEST_CASE("town site: a municipal word and the name, or the name alone spaced or in one word") {
    const std::size_t roche = gazetteer().find("85191");  // La Roche-sur-Yon
    for (const char* site : {"larochesuryon.fr", "la-roche-sur-yon.fr", "ville-larochesuryon.fr", "mairie-la-roche-sur-yon.fr"}) {
        INFO(std::string(site));
        const TownSite verdict = town_site(gazetteer(), site);
        CHECK(verdict.municipal);
        CHECK(verdict.towns == std::vector<std::size_t>{roche});
    }
    CHECK(bare_site_names(gazetteer(), roche) == std::vector<std::string>{"la roche sur yon", "larochesuryon"});
    CHECK(bare_site_names(gazetteer(), gazetteer().find("56121")) == std::vector<std::string>{"lorient"});

    // an ambiguous name alone is not the town's site, beside a municipal word it is
    const std::size_t sens = gazetteer().find("89387");
    CHECK(bare_site_names(gazetteer(), sens).empty());
    CHECK_FALSE(town_site(gazetteer(), "sens.fr").municipal);
    CHECK(town_site(gazetteer(), "ville-sens.fr").municipal);

    // an intercommunality's site confirms the town without being its own
    const TownSite agglo = town_site(gazetteer(), "lorient-agglo.fr");
    CHECK_FALSE(agglo.municipal);
    CHECK(agglo.intercommunal);
    CHECK(site_words("ville-de-lorient.bzh") == "ville de lorient");
}
