// One subcommand per file: each registers its options on the parent CLI::App and runs when chosen.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>

namespace sharitories::cli {

class Command {
public:
    virtual ~Command() = default;
    /// Runs after parsing; returns an exit code or throws Exit.
    virtual int run() = 0;
    bool chosen() const { return app_ != nullptr && app_->parsed(); }

protected:
    CLI::App* app_ = nullptr;
};

std::unique_ptr<Command> make_cities_command(CLI::App& parent);
std::unique_ptr<Command> make_queries_command(CLI::App& parent);
std::unique_ptr<Command> make_fetch_command(CLI::App& parent);
std::unique_ptr<Command> make_scan_command(CLI::App& parent);
std::unique_ptr<Command> make_rank_command(CLI::App& parent);
std::unique_ptr<Command> make_evidence_command(CLI::App& parent);
std::unique_ptr<Command> make_changes_command(CLI::App& parent);
std::unique_ptr<Command> make_classify_command(CLI::App& parent);
std::unique_ptr<Command> make_wet_command(CLI::App& parent);
std::unique_ptr<Command> make_cc_query_command(CLI::App& parent);

}  // namespace sharitories::cli
