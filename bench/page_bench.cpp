// Page-processing throughput, measured by scripts/bench: the scan's work on a fetched page — Gumbo
// parse (arena), visible text, one analysis (normalisation, term and place matching), attribution to
// every town the page names and pillar scoring — against two named baselines run in the same
// process: raw gumbo_parse with Gumbo's default allocator plus a walk collecting the text nodes; and
// the page's analysis done again for each town it names (the design before issue 8, which
// re-normalised and re-matched the page per candidate town). MB/s of HTML on one thread and on all
// cores, and the ratios.
// Usage: page_bench DIR [SECONDS_PER_MEASURE] [KEYWORDS_DIR CITIES_CSV]
#include <gumbo.h>

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "classify/attribution.h"
#include "fetch/charset.h"
#include "html/page_text.h"
#include "input/data_files.h"

namespace {

using Clock = std::chrono::steady_clock;

void walk_text(const GumboNode* node, std::string& out) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
        out += node->v.text.text;
        out += ' ';
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    if (node->v.element.tag == GUMBO_TAG_SCRIPT || node->v.element.tag == GUMBO_TAG_STYLE) return;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) walk_text(static_cast<const GumboNode*>(children.data[i]), out);
}

/// The baseline: what any Gumbo user pays to get a page's text.
std::size_t baseline(const std::string& html) {
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    std::string text;
    walk_text(output->root, text);
    gumbo_destroy_output(&kGumboDefaultOptions, output);
    return text.size();
}

/// Pages processed per thread for `seconds`, on `threads` threads; returns MB/s of HTML.
template <typename Work>
double throughput(const std::vector<std::string>& pages, int threads, double seconds, Work work) {
    std::atomic<std::size_t> bytes{0};
    std::atomic<std::size_t> sink{0};
    std::vector<std::thread> workers;
    const auto start = Clock::now();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            std::size_t local = 0, local_sink = 0, i = static_cast<std::size_t>(t);
            while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
                const std::string& page = pages[i++ % pages.size()];
                local_sink += work(page);
                local += page.size();
            }
            bytes += local;
            sink += local_sink;
        });
    }
    for (auto& worker : workers) worker.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (sink.load() == 42) std::puts("");  // keeps the work from being optimised away
    return static_cast<double>(bytes.load()) / elapsed / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace sharitories;
    if (argc < 2) {
        std::fprintf(stderr, "usage: page_bench DIR [SECONDS] [KEYWORDS_DIR CITIES_CSV]\n");
        return 2;
    }
    const double seconds = argc > 2 ? std::stod(argv[2]) : 1.0;
    constexpr int rounds = 5;
    const std::filesystem::path keywords_dir = argc > 3 ? argv[3] : "keywords";
    const std::filesystem::path cities_csv = argc > 4 ? argv[4] : "cities.csv";

    std::vector<std::string> pages;
    std::size_t total = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
        if (!entry.is_regular_file() || entry.path().extension() != ".html") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        pages.push_back(decode_body(text.str(), "", true).text);  // as the fetch engine hands them over
        total += pages.back().size();
    }
    auto keywords = load_keywords(keywords_dir);
    auto cities = load_cities(cities_csv);
    if (!keywords.ok() || !cities.ok() || pages.empty()) {
        std::fprintf(stderr, "page_bench: cannot read the pages, keywords or cities\n");
        return 1;
    }
    const ClassifierData data(keywords.value, cities.value.cities);
    const std::string url = "https://www.example.fr/page";
    auto scan_work = [&](const std::string& html) {
        const PageText page = extract_page_text(html);
        return page.text.size() + page_evidence(page, url, data, "").size();
    };
    // the candidate towns of a real page: every town it names, each analysed afresh
    auto per_town_work = [&](const std::string& html) {
        const PageText page = extract_page_text(html);
        std::size_t found = page.text.size();
        const PageAnalysis first = analyse_page(page, url, data);
        found += attribute(first, data).towns.size();
        for (std::size_t i = 1; i < first.named.size(); ++i) found += attribute(analyse_page(page, url, data), data).towns.size();
        return found;
    };
    std::size_t named = 0;
    for (const auto& html : pages) named += analyse_page(extract_page_text(html), url, data).named.size();

    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    std::printf("page processing: %zu pages, %.1f MB of HTML (%s), naming %zu towns of the list in all, %d cores, "
                "%d rounds of %.1f s each\n",
                pages.size(), static_cast<double>(total) / 1e6, argv[1], named, cores, rounds, seconds);
    // Baseline and sharitories alternate, round after round, and the median of the rounds is kept:
    // on a shared machine a neighbour's load then weighs on both alike.
    auto median = [](std::vector<double> values) {
        std::sort(values.begin(), values.end());
        return values[values.size() / 2];
    };
    std::printf("%-44s %12s %12s\n", "", "1 thread", fmt::format("{} threads", cores).c_str());
    double results[2][3];  // [thread count][baseline, per-town re-analysis, sharitories]
    double ratios[2][2];   // [thread count][sharitories / gumbo, sharitories / per-town]
    for (int t = 0; t < 2; ++t) {
        const int threads = t == 0 ? 1 : cores;
        std::vector<double> base, per_town, scan, ratio, ratio_per_town;
        for (int round = 0; round < rounds; ++round) {
            base.push_back(throughput(pages, threads, seconds, baseline));
            per_town.push_back(throughput(pages, threads, seconds, per_town_work));
            scan.push_back(throughput(pages, threads, seconds, scan_work));
            ratio.push_back(scan.back() / base.back());
            ratio_per_town.push_back(scan.back() / per_town.back());
        }
        results[t][0] = median(base);
        results[t][1] = median(per_town);
        results[t][2] = median(scan);
        ratios[t][0] = median(ratio);
        ratios[t][1] = median(ratio_per_town);
    }
    std::printf("%-52s %9.1f MB/s %9.1f MB/s\n", "baseline: gumbo_parse (malloc) + text walk", results[0][0], results[1][0]);
    std::printf("%-52s %9.1f MB/s %9.1f MB/s\n", "baseline: the page analysed again for each town it names",
                results[0][1], results[1][1]);
    std::printf("%-52s %9.1f MB/s %9.1f MB/s\n", "sharitories: parse + text + one analysis + attribution", results[0][2],
                results[1][2]);
    std::printf("%-52s %11.2f × %11.2f ×\n", "ratio to gumbo, median of rounds (target ≥ 1.3)", ratios[0][0], ratios[1][0]);
    std::printf("%-52s %11.2f × %11.2f ×\n", "ratio to the per-town analysis (target > 1)", ratios[0][1], ratios[1][1]);
    return 0;
}
