// sharitories: finds which French mid-sized towns show the most collaborative practices.
// main() only parses the command line and maps outcomes to the documented exit codes.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <vector>

#include "cli_common.h"
#include "commands.h"
#include "exit_codes.h"

using namespace sharitories::cli;

int main(int argc, char** argv) {
    CLI::App app{
        "sharitories " SHARITORIES_VERSION
        " — ranks French mid-sized towns (communes of 20,000–100,000 inhabitants) by their "
        "collaborative practices: consommation collaborative, production distribuée, financement "
        "participatif, gouvernance partagée.",
        "sharitories"};
    app.set_version_flag("--version", SHARITORIES_VERSION);
    app.require_subcommand(1, 1);
    set_footer(app, "Run 'sharitories COMMAND --help' for a command's options and defaults.");

    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(make_cities_command(app));
    commands.push_back(make_queries_command(app));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);  // prints help, the version, or the error and a hint
        return code == 0 ? exit_done : exit_usage;
    }

    try {
        for (auto& command : commands) {
            if (command->chosen()) return command->run();
        }
    } catch (const Exit& exit) {
        return exit.code;
    } catch (const std::exception& error) {
        std::cerr << "sharitories: error: " << error.what() << '\n';
        return exit_failed;
    }
    return exit_usage;
}
