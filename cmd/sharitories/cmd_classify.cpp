// `sharitories classify FILE|URL --insee CODE`: the verdict on one page for one town, and why —
// matched terms, town signals, pillar strengths — to understand or contest a number.
#include <fmt/core.h>

#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "exit_codes.h"
#include "classify/page_classifier.h"
#include "fetch/charset.h"
#include "input/data_files.h"

namespace sharitories::cli {
namespace {

class ClassifyCommand : public Command {
public:
    explicit ClassifyCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("classify", "Explain one page's verdict for one town");
        set_footer(*app_,
                   "Reads a saved page (FILE, UTF-8) or fetches a URL (with the scan's rules), then prints what "
                   "the scan would conclude for the town: whether the page is about it and why (the town named, "
                   "postcode, département, domain, directory pages), the matched terms and the strength of each "
                   "pillar (shown from 2), and the initiative the page belongs to.");
        app_->add_option("page", page_, "A saved HTML file, or an http(s) URL")->required()->type_name("FILE|URL");
        app_->add_option("--insee", insee_, "The town (INSEE code)")->required()->type_name("CODE");
        app_->add_option("--url", file_url_, "With a FILE: the address it was saved from (decides the initiative)")
            ->type_name("URL");
        app_->add_option("--cities", selection_.cities_file, "Town list (default: the shipped cities.csv)")
            ->type_name("FILE");
        add_keywords_option(*app_, keywords_dir_);
        add_network_options(*app_, fetch_);
    }

    int run() override {
        auto list = load_city_list(selection_);
        auto town = std::find_if(list.cities.begin(), list.cities.end(), [&](const City& c) { return c.insee == insee_; });
        if (town == list.cities.end()) fail({fmt::format("--insee {}: no town of the list has this code", insee_)}, exit_usage);
        auto keywords = load_keyword_set(keywords_dir_);
        auto [html, url] = read_page();
        ClassifierData data(keywords, list.cities);
        const PageText page = extract_page_text(html);
        const PageVerdict verdict = classify_page(page, url, *town, data);

        std::string out = fmt::format("page:       {}\ntitle:      {}\ntown:       {} ({})\n", url.empty() ? page_ : url,
                                      page.title, town->name, town->insee);
        std::string signals;
        for (const auto& signal : verdict.town.signals) signals += (signals.empty() ? "" : "; ") + signal;
        out += fmt::format("signals:    {}\n", signals.empty() ? "none" : signals);
        out += fmt::format("verdict:    weight {:.2f}: {}\n", verdict.town.weight, verdict.town.reason);
        out += fmt::format("initiative: {}\n", verdict.initiative.value_or(
                                                  url.empty() ? "unknown (a file: give its address with --url)"
                                                              : "none (a platform page naming no project)"));
        for (Pillar pillar : all_pillars) {
            const auto p = static_cast<std::size_t>(pillar);
            std::string terms;
            for (const auto& term : verdict.terms[p]) terms += (terms.empty() ? "" : ", ") + term;
            // what the scan would do: evidence needs the town, the pillar's strength and an initiative
            const bool evidence = verdict.town.weight > 0 && verdict.strength[p] >= pillar_threshold && verdict.initiative;
            out += fmt::format("{:<13} {:>6.1f} {:<9} {}\n", to_string(pillar), verdict.strength[p],
                               evidence ? "evidence" : "-", terms);
        }
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
