// --weights as the user types it: PILLAR=W entries, a pillar not named at 1, and every way of getting
// it wrong refused with a message that names the entry at fault.
#include <doctest/doctest.h>

#include "rank/pillar_weights.h"

using namespace sharitories;

namespace {

std::array<double, 4> weights_of(std::vector<std::string> values) {
    const auto parsed = parse_pillar_weights(values);
    INFO(parsed.error);
    REQUIRE(parsed.ok());
    return parsed.weights.values;
}

std::string error_of(std::vector<std::string> values) {
    const auto parsed = parse_pillar_weights(values);
    REQUIRE_FALSE(parsed.ok());
    return parsed.error;
}

}  // namespace

TEST_CASE("weights: PILLAR=W entries, a pillar not named weighs 1") {
    CHECK(weights_of({}) == std::array<double, 4>{1, 1, 1, 1});
    CHECK(weights_of({"consommation=1,production=1,financement=1,gouvernance=1"}) == std::array<double, 4>{1, 1, 1, 1});
    CHECK(weights_of({"gouvernance=0"}) == std::array<double, 4>{1, 1, 1, 0});
    CHECK(weights_of({"production=2,financement=0.5"}) == std::array<double, 4>{1, 2, 0.5, 1});
    // repeated options add up, spaces around names and numbers are ignored, 1000 is the most
    CHECK(weights_of({"production=2", " gouvernance = 1.5 , consommation=1e3"}) == std::array<double, 4>{1000, 2, 1, 1.5});
    CHECK(weights_of({"consommation=0,production=0,financement=0,gouvernance=0.001"}) ==
          std::array<double, 4>{0, 0, 0, 0.001});
    CHECK(weights_of({"production=-0"}) == std::array<double, 4>{1, 0, 1, 1});
    // read back as written
    PillarWeights weights;
    weights.values = {1, 2, 0.5, 0};
    CHECK(to_string(weights) == "consommation=1,production=2,financement=0.5,gouvernance=0");
    CHECK(parse_pillar_weights({to_string(weights)}).weights == weights);
    CHECK(PillarWeights{}.all_ones());
    CHECK_FALSE(weights.all_ones());
}

TEST_CASE("weights: every mistake is refused, naming the entry and what is expected") {
    CHECK(error_of({"culture=2"}) ==
          "culture=2: culture is not a pillar; the pillars are consommation, production, financement, gouvernance");
    CHECK(error_of({"Production=2"}).starts_with("Production=2: Production is not a pillar"));  // names are exact
    CHECK(error_of({"=2"}).starts_with("=2: an empty name is not a pillar"));
    const std::string range = "a weight is a number from 0 to 1000 (0 leaves the pillar out of the score";
    CHECK(error_of({"production=-1"}).starts_with("production=-1: " + range));
    CHECK(error_of({"production=beaucoup"}).starts_with("production=beaucoup: " + range));
    CHECK(error_of({"production="}).starts_with("production=: " + range));
    CHECK(error_of({"production=nan"}).starts_with("production=nan: " + range));
    CHECK(error_of({"production=NaN"}).starts_with("production=NaN: " + range));
    CHECK(error_of({"production=inf"}).starts_with("production=inf: " + range));
    CHECK(error_of({"production=infinity"}).starts_with("production=infinity: " + range));
    CHECK(error_of({"production=1e400"}).starts_with("production=1e400: " + range));  // out of a double's range
    CHECK(error_of({"production=1001"}).starts_with("production=1001: " + range));
    CHECK(error_of({"production=2x"}).starts_with("production=2x: " + range));
    CHECK(error_of({"production=+2"}).starts_with("production=+2: " + range));
    CHECK(error_of({"production=0x10"}).starts_with("production=0x10: " + range));
    // a pillar twice, in one value or across repeated options
    CHECK(error_of({"production=2,production=3"}) == "production=3: a second weight for production (after production=2)");
    CHECK(error_of({"production=2", "gouvernance=0,production=2"}) ==
          "production=2: a second weight for production (after production=2)");
    // a decimal comma splits the entry: the number alone is not an entry, and the message says why
    CHECK(error_of({"production=1,5"}) ==
          "5: expected PILLAR=WEIGHT, as in production=1.5 (a decimal point, not a comma: commas separate the pillars)");
    CHECK(error_of({"2"}).starts_with("2: expected PILLAR=WEIGHT"));
    CHECK(error_of({"production=2,"}).starts_with("'production=2,': an empty entry (a comma too many?)"));
    CHECK(error_of({""}).starts_with("'': an empty entry"));
    // nothing left to rank by
    CHECK(error_of({"consommation=0,production=0,financement=0,gouvernance=0"}) ==
          "consommation=0,production=0,financement=0,gouvernance=0: every pillar weighs 0, so every town would score "
          "0; at least one must count");
}
