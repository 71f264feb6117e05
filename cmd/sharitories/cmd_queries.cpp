// `sharitories queries`: the searches a scan would send, exactly as the search engine receives them.
#include <fmt/core.h>

#include <iostream>

#include "cli_common.h"
#include "console.h"
#include "commands.h"
#include "exit_codes.h"
#include "output/command_tables.h"
#include "query/query_builder.h"

namespace sharitories::cli {
namespace {

class QueriesCommand : public Command {
public:
    explicit QueriesCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("queries", "Print the searches a scan would send");
        set_footer(*app_,
            "One query per line, exactly as the search engine receives it: the town's name quoted, "
            "multi-word terms quoted, each pillar's terms joined by OR in balanced groups of at most "
            "--group-size terms, and the town's département added where its name is ambiguous "
            "(keywords/homonyms.tsv, keywords/shared-names.tsv, or two towns of the list with one "
            "name). Every query stays under 400 characters. The count goes to standard error.");
        add_selection_options(*app_, selection_);
        add_keywords_option(*app_, keywords_dir_);
        auto* group_size = app_->add_option("--group-size", options_.group_size,
                         "Terms per query: each pillar's terms are split into balanced OR-groups of at "
                         "most this many, so that no common term crowds out the others")
            ->check(whole_number(1, 50))
            ->capture_default_str()
            ->type_name("N");
        app_->add_flag("--per-term", options_.per_term, "One query per term (same as --group-size 1)")
            ->excludes(group_size);
        add_output_options(*app_, output_, {"text", "csv", "tsv", "json", "jsonl", "md", "xlsx"});
    }

    int run() override {
        check_output_options(output_);
        auto list = load_city_list(selection_);
        auto cities = select(list, selection_);
        auto keywords = load_keyword_set(keywords_dir_);
        AmbiguousNames ambiguous(keywords.ambiguous_names, list.cities);
        auto queries = build_queries(cities, keywords.keywords, ambiguous, options_);

        if (output_.format == "text") {
            std::string text;
            for (const auto& query : queries) text += query.text + '\n';
            write_output_text(text, output_);
        } else {
            write_output(queries_table(queries), output_, "queries");
        }
        say(LogLevel::info, fmt::format("{} {} for {} {}", queries.size(),
                                 queries.size() == 1 ? "query" : "queries", cities.size(),
                                        cities.size() == 1 ? "town" : "towns"));
        return exit_done;
    }

private:
    SelectionOptions selection_;
    std::string keywords_dir_;
    QueryOptions options_;
    OutputOptions output_;
};

}  // namespace

std::unique_ptr<Command> make_queries_command(CLI::App& parent) {
    return std::make_unique<QueriesCommand>(parent);
}

}  // namespace sharitories::cli
