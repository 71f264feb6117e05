// What the subcommands share: the town-selection flags, where the data files are, and how a table
// reaches stdout or --out. Errors are printed here and end the command with a documented exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "input/input_error.h"
#include "fetch/fetcher.h"
#include "model/city.h"
#include "model/keyword.h"
#include "output/table.h"
#include "output/xlsx_writer.h"
#include "rank/pillar_weights.h"
#include "select/selection.h"
#include "store/store.h"

namespace sharitories::cli {

struct SelectionOptions {
    std::optional<std::string> cities_file;  ///< unset: the shipped cities.csv
    std::optional<std::int64_t> min_population;
    std::optional<std::int64_t> max_population;
    Selection selection;  ///< the list filters; the population bounds are copied in by select()
};

/// The database every command reads or writes unless --db says otherwise.
inline constexpr const char* default_db = "sharitories.db";

/// The store at `path`; if it cannot be opened, prints why and throws Exit (exit_usage for an
/// existing database the command only reads — checked first by require_database_readable(), so that a
/// missing file or a read-only folder is said plainly — exit_failed for a scan's).
std::unique_ptr<Store> open_store(const std::string& path, Store::Open open);

/// Checks an option's value is a whole number in [low, high], with a plain message ("-1 is not a
/// whole number from 0 to 100000") instead of CLI11's (whose unbounded ranges print 309 digits).
CLI::Validator whole_number(long long low, long long high);

/// A command's closing help text: `text`, then the exit codes (every command's help lists them).
void set_footer(CLI::App& command, const std::string& text);

/// --cities --min-pop --max-pop --departement --region --insee --centres-only
void add_selection_options(CLI::App& command, SelectionOptions& options);

/// --concurrency --per-host-delay-ms --per-host-connections --timeout-s --resolve
/// --allow-private-hosts --user-agent, into `options`.
void add_network_options(CLI::App& command, FetchOptions& options);

/// --keywords DIR
void add_keywords_option(CLI::App& command, std::string& keywords_dir);

/// --weights PILLAR=W,… (repeatable) into `values`, parsed by pillar_weights().
void add_weights_option(CLI::App& command, std::vector<std::string>& values);

/// The pillars' weights that --weights gives (a pillar not named weighs 1); when they are not all 1,
/// says so in a note on stderr. On error prints why and throws Exit{exit_usage}.
PillarWeights pillar_weights(const std::vector<std::string>& values);

/// The score formula, for a command's help text.
extern const char* const score_help;

struct OutputOptions {
    std::optional<std::string> out;  ///< unset or "-": stdout
    /// --format as given; else, once check_output_options() has run, the format --out's extension
    /// names (.csv .tsv .json .jsonl .md .xlsx, when the command has it), else the command's default.
    std::string format;
    bool csv_excel = false;
    std::vector<std::string> formats;          ///< the command's, the default first
    CLI::Option* format_option = nullptr;      ///< to tell a --format given from the default
};

/// The help of --csv-excel, and the README's words for it.
extern const char* const csv_excel_help;

/// --out --format (`formats` are the allowed names, the first is the default) --csv-excel
void add_output_options(CLI::App& command, OutputOptions& options, std::vector<std::string> formats);

/// Settles the format (--format, else --out's extension, else the default) and checks that the output
/// options agree: --csv-excel goes with csv, xlsx needs --out FILE; throws Exit{exit_usage} if not.
void check_output_options(OutputOptions& options);

/// True if the output is a workbook (xlsx), which can hold more than one table.
bool writes_workbook(const OutputOptions& options);

/// The town list (--cities or the shipped one); on error prints why and throws Exit{exit_usage}.
CityList load_city_list(const SelectionOptions& options);

/// The selected towns; prints notes on stderr; on error prints why and throws Exit{exit_usage}.
std::vector<City> select(const CityList& list, const SelectionOptions& options);

KeywordSet load_keyword_set(const std::string& keywords_dir);

/// Writes `table` to --out (atomically) or stdout; as xlsx, a workbook of one sheet named `sheet`;
/// throws Exit{exit_failed} if the file cannot be written.
void write_output(const Table& table, const OutputOptions& options, const std::string& sheet);

/// Writes `sheets` the same way: as xlsx, a workbook with one sheet each, in order; in any other
/// format only the first sheet's table (the others are the workbook's additions).
void write_output(const std::vector<Sheet>& sheets, const OutputOptions& options);

/// Writes raw text (already formatted) the same way.
void write_output_text(const std::string& text, const OutputOptions& options);

/// Prints located errors on stderr, at most 20 of them, then throws Exit{exit_usage}.
[[noreturn]] void fail_input(const std::vector<InputError>& errors);

/// Prints "sharitories: note: …" lines on stderr.
void print_notes(const std::vector<std::string>& notes);

/// Prints "sharitories: error: …" lines on stderr, then throws Exit{code}.
[[noreturn]] void fail(const std::vector<std::string>& messages, int code);

}  // namespace sharitories::cli
