// `sharitories cc-query`: the SQL (Amazon Athena, i.e. Presto/Trino) that selects from Common Crawl's
// columnar URL index the French pages that may be evidence for the selected towns; its result, as CSV,
// is what `scan --cc-records` reads.
#include <fmt/core.h>

#include "classify/gazetteer.h"
#include "cli_common.h"
#include "commands.h"
#include "console.h"
#include "exit_codes.h"
#include "query/cc_index_query.h"

namespace sharitories::cli {
namespace {

class CcQueryCommand : public Command {
public:
    explicit CcQueryCommand(CLI::App& parent) {
        app_ = parent.add_subcommand(
            "cc-query", "Print the SQL (Amazon Athena: Presto/Trino) that selects from a Common Crawl crawl the "
                        "French pages that may be evidence for the selected towns");
        set_footer(*app_,
            "The SQL is for Amazon Athena (Presto/Trino dialect) over Common Crawl's columnar URL index, table "
            "ccindex.ccindex. It keeps the successful (200) HTML records of the crawl's warc subset whose main "
            "language is French and that are on a selected town's own site (the classifier's rule: ville-lorient.fr, "
            "mairie-vannes.fr, lorient.bzh; an ambiguous name such as Sens only beside a municipal word), or have a "
            "pillar term of the keyword files in their path (weak terms, weight under 1, left out), or are a project "
            "page of a platform of platforms.tsv whose path names a town. Columns: url, warc_filename, "
            "warc_record_offset, warc_record_length, url_host_registered_domain, fetch_time, content_charset.\n\n"
            "What to do with it: in the AWS console, open Athena (region us-east-1, where Common Crawl's data is), "
            "create the database ccindex and its table as Common Crawl's instructions say "
            "(https://commoncrawl.org/columnar-index: CREATE DATABASE ccindex, its CREATE EXTERNAL TABLE, then MSCK "
            "REPAIR TABLE ccindex so that the new crawls are seen), paste this SQL into the query editor and run it; download the "
            "result as CSV and give it to 'sharitories scan --cc-records result.csv'. Athena bills the bytes it "
            "reads (a few columns of one crawl). The statement stays under Athena's 262,144-byte limit for the "
            "whole shipped list; a larger --cities list may not (exit 2: select fewer towns).");
        app_->add_option("--crawl", crawl_, "The crawl to query, as Common Crawl names it: CC-MAIN-YYYY-WW "
                                            "(CC-MAIN-2024-10; the list: https://index.commoncrawl.org/collinfo.json)")
            ->required()
            ->check(CLI::Validator(
                [](const std::string& crawl) -> std::string {
                    if (is_crawl_name(crawl)) return "";
                    return fmt::format("'{}' is not a crawl name: write CC-MAIN-YYYY-WW, a year and a week from 01 "
                                       "to 53 (CC-MAIN-2024-10)",
                                       crawl);
                },
                "CC-MAIN-YYYY-WW"))
            ->type_name("CRAWL");
        add_selection_options(*app_, selection_);
        add_keywords_option(*app_, keywords_dir_);
        app_->add_option("--out", output_.out,
                         "Write the SQL to FILE instead of standard output (via a temporary file renamed onto FILE "
                         "at the end; a link at FILE is replaced, never followed)")
            ->type_name("FILE");
        output_.format = "text";
        output_.formats = {"text"};
    }

    int run() override {
        check_output_options(output_);
        const auto list = load_city_list(selection_);
        const auto cities = select(list, selection_);
        const auto keywords = load_keyword_set(keywords_dir_);
        const TownGazetteer gazetteer(list.cities, keywords.ambiguous_names);  // the whole list: shared names
        std::vector<std::size_t> towns;
        for (const auto& city : cities) towns.push_back(gazetteer.find(city.insee));
        const auto query = build_cc_index_query(crawl_, gazetteer, towns, keywords);
        if (query.sql.size() > athena_query_limit) {
            fail({fmt::format("the SQL for {} towns is {} bytes, over Athena's limit of {}: select fewer towns "
                              "(--departement, --region, --insee, --centres-only) and run it in parts",
                              towns.size(), query.sql.size(), athena_query_limit)},
                 exit_usage);
        }
        write_output_text(query.sql, output_);
        say(LogLevel::info, fmt::format("{} bytes of SQL for {} {} and {} path terms (Athena's limit: {} bytes)",
                                        query.sql.size(), towns.size(), towns.size() == 1 ? "town" : "towns",
                                        query.terms.kept.size(), athena_query_limit));
        return exit_done;
    }

private:
    std::string crawl_;
    SelectionOptions selection_;
    std::string keywords_dir_;
    OutputOptions output_;
};

}  // namespace

std::unique_ptr<Command> make_cc_query_command(CLI::App& parent) {
    return std::make_unique<CcQueryCommand>(parent);
}

}  // namespace sharitories::cli
