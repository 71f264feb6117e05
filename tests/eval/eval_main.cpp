// sharitories_eval [--wet] [DIR]: classifies the evaluation set of DIR (default tests/eval of the source
// tree) with the shipped keywords and towns, and prints precision, recall and every mistake
// (scripts/eval runs it). --wet reads each page as its WET text would be (evaluation.h).
#include <iostream>

#include "eval/evaluation.h"
#include "input/data_files.h"

using namespace sharitories;

int main(int argc, char** argv) {
    eval::Reading reading = eval::Reading::html;
    std::filesystem::path dir = std::filesystem::path(SHARITORIES_SOURCE_DIR) / "tests/eval";
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--wet") reading = eval::Reading::wet;
        else dir = argv[i];
    }
    auto cities = load_cities(default_data_dir() / "cities.csv");
    auto keywords = load_keywords(default_data_dir() / "keywords");
    if (!cities.ok() || !keywords.ok()) {
        std::cerr << "sharitories_eval: the shipped cities.csv or keywords/ do not load\n";
        return 2;
    }
    const ClassifierData classifier(keywords.value, cities.value.cities);
    auto labels = eval::load_labels(dir, classifier.gazetteer());
    for (const auto& error : labels.errors) std::cerr << "sharitories_eval: " << format_error(error) << '\n';
    if (!labels.ok()) return 2;
    eval::print(std::cout, eval::evaluate(labels.value, dir, classifier, reading));
    return 0;
}
