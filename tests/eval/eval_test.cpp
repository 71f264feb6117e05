// The evaluation set stays readable and the classification's figures on it do not fall back: a
// precision or recall more than 0.02 below tests/eval/figures.tsv fails (scripts/eval prints them,
// and every mistake).
#include <doctest/doctest.h>

#include <map>

#include "eval/evaluation.h"
#include "input/delimited_text.h"
#include "test_support.h"

using namespace sharitories;

TEST_CASE("eval: the labelled pages classify at least as well as the committed figures") {
    const auto dir = test::source_dir() / "tests/eval";
    const ClassifierData classifier(test::shipped_keywords(), test::shipped_towns());
    auto labels = eval::load_labels(dir, classifier.gazetteer());
    for (const auto& error : labels.errors) INFO(format_error(error));
    REQUIRE(labels.ok());
    CHECK(labels.value.size() >= 100);

    auto figures = parse_delimited(test::read_file(dir / "figures.tsv"), "figures.tsv", {.delimiters = "\t", .comments = true});
    REQUIRE(figures.ok());
    std::map<std::string, std::pair<double, double>> committed;
    for (const auto& record : figures.value.records) {
        REQUIRE(record.fields.size() == 3);
        if (record.fields[0] == "scope") continue;
        committed[record.fields[0]] = {std::stod(record.fields[1]), std::stod(record.fields[2])};
    }
    REQUIRE(committed.size() == 10);

    const auto evaluation = eval::evaluate(labels.value, dir, classifier);
    auto check = [&](const std::string& scope, const eval::Counts& counts) {
        INFO(scope << ": precision " << counts.precision() << ", recall " << counts.recall());
        CHECK(counts.precision() >= committed.at(scope).first - 0.02);
        CHECK(counts.recall() >= committed.at(scope).second - 0.02);
    };
    check("overall", evaluation.overall);
    for (Pillar pillar : all_pillars)
        check(std::string(to_string(pillar)), evaluation.by_pillar[static_cast<std::size_t>(pillar)]);

    // the same pages as WET text (sharitories wet): less structure, lower figures, kept from falling
    const auto wet = eval::evaluate(labels.value, dir, classifier, eval::Reading::wet);
    check("wet:overall", wet.overall);
    for (Pillar pillar : all_pillars)
        check("wet:" + std::string(to_string(pillar)), wet.by_pillar[static_cast<std::size_t>(pillar)]);
    // and the WET reading is what it says: the HTML reading's structure lost costs precision
    CHECK(wet.overall.precision() < evaluation.overall.precision());
}

TEST_CASE("eval: a page's claims are those a scan would record for it") {
    // a page about Lorient's tiers-lieu claims Lorient only
    const ClassifierData classifier(test::shipped_keywords(), test::shipped_towns());
    const auto claims = eval::classify_bytes(test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html"),
                                             "https://lafabrique-lorient.fr/", classifier);
    REQUIRE_FALSE(claims.empty());
    for (const auto& claim : claims) CHECK(claim.first == "56121");
    CHECK(claims.count({"56121", Pillar::production}) == 1);
}
