// `sharitories classify FILE|URL [--insee CODE]`: the verdict on one page for the towns it names, and
// why — the page's subject, each town's role (subject, a part about it, in passing, listed, a homonym
// nothing confirms), its signals, the pillars' strengths and terms, what was set aside — the very
// decision a scan records (classify/attribution.h), to understand or contest a number.
#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "cli_common.h"
#include "commands.h"
#include "exit_codes.h"
#include "classify/attribution.h"
#include "fetch/charset.h"
#include "input/data_files.h"

namespace sharitories::cli {
namespace {

class ClassifyCommand : public Command {
public:
    explicit ClassifyCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("classify", "Explain a page's verdict: which towns and pillars it is evidence for, and why");
        set_footer(*app_,
                   "Reads a saved page (FILE, decoded as a fetched page is) or fetches a URL (with the scan's rules), "
                   "then prints what a scan concludes: the page's subject (the town it is about) and why, then for "
                   "each town it names its role — subject, a part of the page about it alone (a listing entry "
                   "with its address, a section, a sentence), named in passing, only listed, an ambiguous name "
                   "nothing confirms — the signs that name or confirm it, each pillar's strength (shown from 2) "
                   "and terms, and what was set aside (terms in menus or footers, terms a context rule cancels). "
                   "Evidence needs an initiative: a platform's page that names no project gives none, but each "
                   "card of its listing that links to a project is evidence for the town the card places it in.");
        app_->add_option("page", page_, "A saved HTML file, or an http(s) URL")->required()->type_name("FILE|URL");
        app_->add_option("--insee", insee_, "Only this town (INSEE code); default: every town the page names")
            ->type_name("CODE");
        app_->add_option("--url", file_url_, "With a FILE: the address it was saved from (decides the initiative)")
            ->type_name("URL");
        app_->add_option("--cities", selection_.cities_file, "Town list (default: the shipped cities.csv)")
            ->type_name("FILE");
        add_keywords_option(*app_, keywords_dir_);
        add_network_options(*app_, fetch_);
    }

    int run() override {
        auto list = load_city_list(selection_);
        std::optional<std::size_t> asked;
        if (!insee_.empty()) {
            auto town = std::find_if(list.cities.begin(), list.cities.end(), [&](const City& c) { return c.insee == insee_; });
            if (town == list.cities.end()) fail({fmt::format("--insee {}: no town of the list has this code", insee_)}, exit_usage);
            asked = static_cast<std::size_t>(town - list.cities.begin());
        }
        auto keywords = load_keyword_set(keywords_dir_);
        auto [html, url] = read_page();
        const ClassifierData data(keywords, list.cities);
        const PageText page = extract_page_text(html);
        const PageAnalysis analysis = analyse_page(page, url, data);
        const PageAttribution attribution = attribute(analysis, data);
        const auto& towns = data.gazetteer().towns();

        std::string out = fmt::format("page:       {}\ntitle:      {}\n", url.empty() ? page_ : analysis.url, page.title);
        out += fmt::format("subject:    {}\n", attribution.subject ? fmt::format("{} ({}) — {}", towns[*attribution.subject].name,
                                                                             towns[*attribution.subject].insee,
                                                                             attribution.subject_reason)
                                                                 : attribution.subject_reason);
        out += fmt::format("initiative: {}\n", analysis.initiative.value_or(
                                                  url.empty() ? "unknown (a file: give its address with --url)"
                                                              : "none (a platform page naming no project): no evidence"));
        bool shown = false;
        for (const auto& decision : attribution.towns) {
            if (asked && decision.town != *asked) continue;
            shown = true;
            const City& town = towns[decision.town];
            out += fmt::format("\n{} ({}): {} — {}\n", town.name, town.insee, to_string(decision.role), decision.reason);
            std::string signals;
            for (const auto& signal : decision.signals) signals += (signals.empty() ? "" : "; ") + signal;
            if (!signals.empty()) out += fmt::format("  signals:   {}\n", signals);
            for (Pillar pillar : all_pillars) {
                const auto& finding = decision.pillars[static_cast<std::size_t>(pillar)];
                std::string terms;
                for (const auto& term : finding.terms) terms += (terms.empty() ? "" : ", ") + term;
                // what the scan records: a pillar shown, on an initiative
                const bool evidence = finding.strength >= pillar_threshold && analysis.initiative;
                out += fmt::format("  {:<13} {:>5.1f}  {:<9} {}{}\n", to_string(pillar), finding.strength,
                                   evidence ? "evidence" : "-", terms,
                                   finding.where.empty() || finding.strength == 0 ? "" : "  (" + finding.where + ")");
            }
            for (const auto& aside : decision.set_aside) out += fmt::format("  set aside: {}\n", aside);
            for (const auto& card : decision.projects) {
                out += fmt::format("  project:   {} — {} ({})\n", card.initiative, card.title, card.url);
                for (Pillar pillar : all_pillars) {
                    const auto& finding = card.pillars[static_cast<std::size_t>(pillar)];
                    if (finding.strength < pillar_threshold) continue;
                    std::string terms;
                    for (const auto& term : finding.terms) terms += (terms.empty() ? "" : ", ") + term;
                    out += fmt::format("    {:<13} {:>5.1f}  evidence  {}\n", to_string(pillar), finding.strength,
                                       terms.empty() ? "(the platform's pillar)" : terms);
                }
            }
        }
        if (asked && !shown)
            out += fmt::format("\n{} ({}): not named — the page does not name the town, nor does its site\n",
                               towns[*asked].name, towns[*asked].insee);
        if (!asked && attribution.towns.empty()) out += "\nThe page names no town of the list.\n";
        std::cout << out;
        return exit_done;
    }

private:
    /// The page's HTML, and its URL ("" for a file).
    std::pair<std::string, std::string> read_page() {
        if (!page_.starts_with("http://") && !page_.starts_with("https://")) {
            auto file = read_text_file(page_);
            if (!file.ok()) fail_input(file.errors);
            // a saved page is decoded as a fetched one would be: BOM, <meta charset>, else UTF-8 or windows-1252
            return {decode_body(file.value, "", true).text, file_url_};
        }
        auto fetcher = make_curl_fetcher(fetch_);
        FetchRequest request;
        request.url = page_;
        fetcher->submit(request);
        FetchResult result;
        fetcher->run([&](FetchResult r) { result = std::move(r); });
        if (!result.ok())
            fail({fmt::format("{}: {} ({})", page_, to_string(result.error), result.error_detail)}, exit_failed);
        return {std::move(result.body), result.final_url};
    }

    SelectionOptions selection_;
    std::string page_;
    std::string insee_;
    std::string file_url_;
    std::string keywords_dir_;
    FetchOptions fetch_;
};

}  // namespace

std::unique_ptr<Command> make_classify_command(CLI::App& parent) { return std::make_unique<ClassifyCommand>(parent); }

}  // namespace sharitories::cli
