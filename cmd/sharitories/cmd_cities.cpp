// `sharitories cities`: the towns a scan would cover.
#include "cli_common.h"
#include "commands.h"
#include "exit_codes.h"
#include "output/command_tables.h"

namespace sharitories::cli {
namespace {

class CitiesCommand : public Command {
public:
    explicit CitiesCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("cities", "List the towns a scan would cover");
        set_footer(*app_,
            "The towns are the INSEE list (cities.csv: populations légales, made by "
            "scripts/make-cities) filtered by the selection options. The CSV output has the columns of "
            "cities.csv, so it can be edited and given back with --cities.");
        add_selection_options(*app_, selection_);
        add_output_options(*app_, output_, {"csv", "tsv", "json", "jsonl", "md", "xlsx"});
    }

    int run() override {
        check_output_options(output_);
        auto list = load_city_list(selection_);
        write_output(cities_table(select(list, selection_), list.columns), output_, "cities");
        return exit_done;
    }

private:
    SelectionOptions selection_;
    OutputOptions output_;
};

}  // namespace

std::unique_ptr<Command> make_cities_command(CLI::App& parent) {
    return std::make_unique<CitiesCommand>(parent);
}

}  // namespace sharitories::cli
