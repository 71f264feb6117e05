// The project's own measure of classification (issue 8): a set of realistic French pages, each
// labelled with the (town, pillar) pairs it truly supports (tests/eval/labels-*.tsv, written before
// the rules were tuned), classified as a scan classifies a fetched page; precision and recall of the
// (town, pillar) pairs, overall and per pillar, and every mistake. Used by scripts/eval (which prints
// it) and by a test that fails when the figures fall below the committed ones (figures.tsv).
#pragma once

#include <array>
#include <filesystem>
#include <iosfwd>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "classify/page_classifier.h"
#include "input/input_error.h"
#include "model/pillar.h"

namespace sharitories::eval {

using Claim = std::pair<std::string, Pillar>;  ///< (INSEE code, pillar)

struct LabelledPage {
    std::string page;          ///< path under pages/
    std::string url;           ///< where it was fetched from
    std::string found_by;      ///< INSEE code of the town whose search found it
    std::set<Claim> truth;     ///< what it truly supports; empty: nothing
    std::string trap;          ///< the traps it sets (directory-ul, homonym …)
    std::string note;
    std::string source;        ///< labels file and line, for messages
};

/// Every labels-*.tsv of `dir` (columns page, url, found_by, truth, trap, note); an INSEE code must
/// be one of `towns`, a page file must exist under dir/pages.
Parsed<std::vector<LabelledPage>> load_labels(const std::filesystem::path& dir, const TownGazetteer& towns);

struct Counts {
    int true_positives = 0;
    int false_positives = 0;
    int false_negatives = 0;
    double precision() const;  ///< 1 when nothing was claimed
    double recall() const;     ///< 1 when nothing was true
};

struct Mistake {
    const LabelledPage* page = nullptr;
    Claim claim;
    bool false_positive = true;  ///< claimed and not true; else true and not claimed
};

struct Evaluation {
    Counts overall;
    std::array<Counts, 4> by_pillar{};  ///< in all_pillars order
    int pages = 0;
    int empty_pages = 0;              ///< pages that support nothing
    int empty_pages_with_claims = 0;  ///< of those, the ones something was claimed from
    std::vector<Mistake> mistakes;
};

/// How the pages are read: as HTML (a fetched page, a WARC record), or as the plain text Common
/// Crawl's WET files keep of them — the title on the first line, then the visible text line by
/// line, menus and footers included, no markup (`sharitories wet`).
enum class Reading { html, wet };

/// The WET text of an HTML page, as Common Crawl's extractor writes it: title, then the text.
std::string wet_text_of(const std::string& html);

/// The claims a scan makes from one page's bytes fetched at `url`: the (town, pillar) pairs of its
/// evidence that count. (Which search found the page does not change its verdict.)
std::set<Claim> classify_bytes(const std::string& bytes, const std::string& url, const ClassifierData& classifier,
                               Reading reading = Reading::html);

Evaluation evaluate(const std::vector<LabelledPage>& pages, const std::filesystem::path& dir,
                    const ClassifierData& classifier, Reading reading = Reading::html);

/// The figures, then every mistake, one a line.
void print(std::ostream& out, const Evaluation& evaluation);

}  // namespace sharitories::eval
