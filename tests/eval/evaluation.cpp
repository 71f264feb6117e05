#include "eval/evaluation.h"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <sstream>

#include "classify/attribution.h"
#include "fetch/charset.h"
#include "html/page_text.h"
#include "input/delimited_text.h"
#include "warc/record_page.h"
#include "warc/wet_text.h"

namespace sharitories::eval {
namespace {

std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

double ratio(int part, int whole) { return whole == 0 ? 1.0 : static_cast<double>(part) / whole; }

}  // namespace

double Counts::precision() const { return ratio(true_positives, true_positives + false_positives); }
double Counts::recall() const { return ratio(true_positives, true_positives + false_negatives); }

Parsed<std::vector<LabelledPage>> load_labels(const std::filesystem::path& dir, const TownGazetteer& towns) {
    Parsed<std::vector<LabelledPage>> parsed;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("labels-") && name.ends_with(".tsv")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) parsed.errors.push_back({dir.string(), 0, 0, "no labels-*.tsv here"});
    for (const auto& file : files) {
        const std::string name = file.filename().string();
        auto table = parse_delimited(read_bytes(file), name, {.delimiters = "\t", .comments = true});
        parsed.errors.insert(parsed.errors.end(), table.errors.begin(), table.errors.end());
        if (!table.ok()) continue;
        for (const auto& record : table.value.records) {
            const auto& f = record.fields;
            if (f.size() >= 1 && f[0] == "page") continue;  // the header
            auto error = [&](const std::string& message) { parsed.errors.push_back({name, record.line, 0, message}); };
            if (f.size() != 6) {
                error(fmt::format("{} fields, 6 expected: page, url, found_by, truth, trap, note", f.size()));
                continue;
            }
            LabelledPage page{f[0], f[1], f[2], {}, f[4], f[5], fmt::format("{}:{}", name, record.line)};
            if (!std::filesystem::exists(dir / "pages" / page.page)) error("no page " + page.page);
            if (towns.find(page.found_by) == towns.towns().size()) error("found_by: no town " + page.found_by);
            if (f[3] != "-") {
                std::istringstream claims(f[3]);
                for (std::string claim; claims >> claim;) {
                    const auto colon = claim.find(':');
                    const auto pillar = colon == std::string::npos ? std::nullopt : parse_pillar(claim.substr(colon + 1));
                    const std::string insee = claim.substr(0, colon);
                    if (!pillar || towns.find(insee) == towns.towns().size()) {
                        error("truth: " + claim + " is not INSEE:pillar of a town of the list");
                        continue;
                    }
                    page.truth.emplace(insee, *pillar);
                }
            }
            parsed.value.push_back(std::move(page));
        }
    }
    return parsed;
}

std::string wet_text_of(const std::string& html) {
    const PageText page = extract_page_text(html);
    return page.title + "\n" + page.text;
}

std::set<Claim> classify_bytes(const std::string& bytes, const std::string& url, const ClassifierData& classifier,
                               Reading reading) {
    const std::string html = decode_body(bytes, "", /*is_html=*/true).text;
    const PageText page = reading == Reading::html ? extract_page_text(html) : wet_page_text(wet_text_of(html));
    std::set<Claim> claims;
    for (const auto& row : page_evidence(page, url, classifier, ""))
        if (row.counts()) claims.emplace(row.insee, row.pillar);
    return claims;
}

Evaluation evaluate(const std::vector<LabelledPage>& pages, const std::filesystem::path& dir,
                    const ClassifierData& classifier, Reading reading) {
    Evaluation evaluation;
    for (const auto& page : pages) {
        ++evaluation.pages;
        const auto claims = classify_bytes(read_bytes(dir / "pages" / page.page), page.url, classifier, reading);
        if (page.truth.empty()) {
            ++evaluation.empty_pages;
            if (!claims.empty()) ++evaluation.empty_pages_with_claims;
        }
        auto count = [&](const Claim& claim, int Counts::*field) {
            ++(evaluation.overall.*field);
            ++(evaluation.by_pillar[static_cast<std::size_t>(claim.second)].*field);
        };
        for (const auto& claim : claims) {
            if (page.truth.count(claim)) {
                count(claim, &Counts::true_positives);
            } else {
                count(claim, &Counts::false_positives);
                evaluation.mistakes.push_back({&page, claim, true});
            }
        }
        for (const auto& claim : page.truth) {
            if (claims.count(claim)) continue;
            count(claim, &Counts::false_negatives);
            evaluation.mistakes.push_back({&page, claim, false});
        }
    }
    return evaluation;
}

void print(std::ostream& out, const Evaluation& evaluation) {
    auto line = [&](const std::string& what, const Counts& counts) {
        out << fmt::format("{:<13} precision {:.3f}  recall {:.3f}  ({} true, {} false, {} missed)\n", what,
                           counts.precision(), counts.recall(), counts.true_positives, counts.false_positives,
                           counts.false_negatives);
    };
    out << fmt::format("{} pages, {} supporting nothing ({} of them with claims)\n", evaluation.pages,
                       evaluation.empty_pages, evaluation.empty_pages_with_claims);
    line("overall", evaluation.overall);
    for (Pillar pillar : all_pillars) line(std::string(to_string(pillar)), evaluation.by_pillar[static_cast<std::size_t>(pillar)]);
    if (!evaluation.mistakes.empty()) out << "\nmistakes:\n";
    for (const auto& mistake : evaluation.mistakes) {
        out << fmt::format("{} {}:{}  {}  [{}] {}\n", mistake.false_positive ? "claimed, false:" : "missed:        ",
                           mistake.claim.first, to_string(mistake.claim.second), mistake.page->page, mistake.page->trap,
                           mistake.page->url);
    }
}

}  // namespace sharitories::eval
