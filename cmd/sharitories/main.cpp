// sharitories: finds which French mid-sized towns show the most collaborative practices.
// main() only parses the command line and maps outcomes to the documented exit codes.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli_common.h"
#include "commands.h"
#include "console.h"
#include "exit_codes.h"
#include "text/closest_word.h"

using namespace sharitories::cli;

namespace {

/// For an option that `command` does not have (--budgt): "unknown option --budgt (did you mean
/// --budget?)"; "" if every --option of the command line is known (CLI11's words then).
std::string unknown_option_message(const CLI::App& command, int argc, char** argv) {
    std::vector<std::string> names;
    for (const CLI::App* app = &command; app != nullptr; app = app->get_parent())
        for (const auto* option : app->get_options())
            for (const auto& name : option->get_lnames()) names.push_back(name);
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") break;
        if (!arg.starts_with("--") || arg.size() == 2) continue;
        const std::string name(arg.substr(2, arg.find('=') - 2));
        if (std::find(names.begin(), names.end(), name) != names.end()) continue;
        const auto meant = sharitories::closest_word(name, names);
        return "unknown option --" + name + (meant ? " (did you mean --" + *meant + "?)" : std::string());
    }
    return "";
}

/// --quiet and --log-format, read before CLI11 parses, so that its own errors follow them too.
void configure_console(int argc, char** argv) {
    bool quiet = false, json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") break;
        if (arg == "--quiet" || arg == "-q") quiet = true;
        if (arg == "--log-format=json" || (arg == "--log-format" && i + 1 < argc && std::string_view(argv[i + 1]) == "json"))
            json = true;
    }
    Console::get().configure(quiet, json);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "sharitories " SHARITORIES_VERSION
        " — ranks French mid-sized towns (communes of 20,000–100,000 inhabitants) by their "
        "collaborative practices: consommation collaborative, production distribuée, financement "
        "participatif, gouvernance partagée.",
        "sharitories"};
    app.set_version_flag("--version", SHARITORIES_VERSION);
    app.require_subcommand(1, 1);
    app.fallthrough();  // --quiet and --log-format also after the command's name
    bool quiet = false;
    std::string log_format = "text";
    app.add_flag("--quiet,-q", quiet, "Say nothing on stderr but errors (for cron: a mail only when something is wrong)");
    app.add_option("--log-format", log_format,
                   "How stderr speaks: text (lines for people; on a terminal, a live progress line), or json (one "
                   "object per line: time, level, message, and the figures of progress and summary lines)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str()
        ->type_name("FORMAT");
    configure_console(argc, argv);
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
    commands.push_back(make_wet_command(app));
    commands.push_back(make_cc_query_command(app));

    // CLI11 would say "A subcommand is required" for a mistyped command: name it instead.
    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const auto* command : app.get_subcommands([](CLI::App*) { return true; })) {
            known = known || command->get_name() == argv[1];
            names += (names.empty() ? "" : ", ") + command->get_name();
        }
        if (!known) {
            say(LogLevel::error, "unknown command '" + std::string(argv[1]) + "'; the commands are " + names +
                                     " (sharitories --help)");
            return exit_usage;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& success) {
        return app.exit(success);  // --help, --version
    } catch (const CLI::ParseError& error) {
        std::string message = error.what();
        if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
            const CLI::App* chosen = &app;
            for (const auto* command : app.get_subcommands([](CLI::App*) { return true; }))
                if (command->parsed()) chosen = command;
            if (auto unknown = unknown_option_message(*chosen, argc, argv); !unknown.empty()) message = unknown;
        }
        std::string command;
        for (const auto* subcommand : app.get_subcommands([](CLI::App*) { return true; }))
            if (subcommand->parsed()) command = subcommand->get_name() + " ";
        say(LogLevel::error, message + "\nRun 'sharitories " + command + "--help' for the options.");
        return exit_usage;
    }

    try {
        for (auto& command : commands) {
            if (command->chosen()) return command->run();
        }
    } catch (const Exit& exit) {
        return exit.code;
    } catch (const std::exception& error) {
        say(LogLevel::error, error.what());
        return exit_failed;
    }
    return exit_usage;
}
