// sharitories: finds which French mid-sized towns show the most collaborative practices.
// main() only parses the command line and maps outcomes to the documented exit codes.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>
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
    commands.push_back(make_scan_command(app));
    commands.push_back(make_rank_command(app));
    commands.push_back(make_evidence_command(app));
    commands.push_back(make_cities_command(app));
    commands.push_back(make_queries_command(app));
    commands.push_back(make_classify_command(app));
    commands.push_back(make_fetch_command(app));
    commands.push_back(make_changes_command(app));

    // CLI11 would say "A subcommand is required" for a mistyped command: name it instead.
    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const auto* command : app.get_subcommands([](CLI::App*) { return true; })) {
            known = known || command->get_name() == argv[1];
            names += (names.empty() ? "" : ", ") + command->get_name();
        }
        if (!known) {
            std::cerr << "sharitories: error: unknown command '" << argv[1] << "'; the commands are " << names
                      << " (sharitories --help)\n";
            return exit_usage;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& success) {
        return app.exit(success);  // --help, --version
    } catch (const CLI::ParseError& error) {
        std::cerr << "sharitories: error: " << error.what() << "\nRun 'sharitories "
                  << (argc > 1 && argv[1][0] != '-' ? std::string(argv[1]) + " " : "") << "--help' for the options.\n";
        return exit_usage;
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
