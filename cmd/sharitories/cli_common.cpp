#include "cli_common.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <sstream>
#include <system_error>

#include "exit_codes.h"
#include "input/data_files.h"
#include "output/atomic_file.h"
#include "output/table_writer.h"
#include "console.h"
#include "preflight.h"

namespace sharitories::cli {
namespace {

constexpr std::size_t max_errors_shown = 20;

std::filesystem::path cities_path(const SelectionOptions& options) {
    if (options.cities_file) return *options.cities_file;
    return default_data_dir() / "cities.csv";
}

// The shipped list stops where the study's definition does; a user looking beyond it needs to know.
constexpr const char* shipped_list_note =
    "the shipped cities.csv lists only the towns of 20,000–100,000 inhabitants; for others, give "
    "your own list with --cities";

template <typename Write>
void write_to_destination(const OutputOptions& options, Write write) {
    if (!options.out || *options.out == "-") {
        write(std::cout);
        std::cout.flush();
        if (!std::cout) fail({"cannot write to standard output"}, exit_failed);
        return;
    }
    try {
        AtomicFile file(*options.out);
        write(file.stream());
        file.commit();
    } catch (const std::system_error& error) {
        fail({fmt::format("--out: {}", error.what())}, exit_failed);
    }
}

}  // namespace

std::unique_ptr<Store> open_store(const std::string& path, Store::Open open) {
    if (open == Store::Open::existing) require_database_readable(path);  // says why, where SQLite would not
    try {
        return std::make_unique<Store>(path, open);
    } catch (const StoreError& error) {
        fail({error.what()}, open == Store::Open::existing ? exit_usage : exit_failed);
    }
}

CLI::Validator whole_number(long long low, long long high) {
    return CLI::Validator(
        [low, high](const std::string& text) -> std::string {
            long long value = 0;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (error == std::errc{} && end == text.data() + text.size() && value >= low && value <= high) return "";
            return fmt::format("{} is not a whole number from {} to {}", text, low, high);
        },
        fmt::format("[{} to {}]", low, high));
}

void set_footer(CLI::App& command, const std::string& text) {
    command.footer("\n" + text + "\n\n" + exit_codes_help + "\n");
}

void add_selection_options(CLI::App& command, SelectionOptions& options) {
    const std::string group = "Selection of towns";
    command.add_option("--cities", options.cities_file,
                       fmt::format("Town list (CSV with a header: insee, name, population required; the "
                                   "other columns of cities.csv optional; ',' or ';' separated). "
                                   "Default: {}",
                                   (default_data_dir() / "cities.csv").string()))
        ->type_name("FILE")
        ->group(group);
    command.add_option("--min-pop", options.min_population, "Smallest population kept")
        ->default_str(std::to_string(default_min_population))
        ->check(whole_number(0, 100'000'000))
        ->type_name("N")
        ->group(group);
    command.add_option("--max-pop", options.max_population, "Largest population kept")
        ->default_str(std::to_string(default_max_population))
        ->check(whole_number(0, 100'000'000))
        ->type_name("N")
        ->group(group);
    command.add_option("--departement", options.selection.departements,
                       "Only these départements: codes or names, comma-separated (56,2A,Vosges)")
        ->delimiter(',')
        ->type_name("LIST")
        ->group(group);
    command.add_option("--region", options.selection.regions,
                       "Only these regions: INSEE codes or names, comma-separated (53,Occitanie)")
        ->delimiter(',')
        ->type_name("LIST")
        ->group(group);
    command.add_option("--insee", options.selection.insee,
                       "Only these towns, by INSEE code, comma-separated (56121,11262)")
        ->delimiter(',')
        ->type_name("LIST")
        ->group(group);
    command.add_flag("--centres-only", options.selection.centres_only,
                     "Only villes centres: the most populous town of an intercommunality that is not "
                     "a métropole (the usual meaning of ville moyenne)")
        ->group(group);
}

void add_network_options(CLI::App& command, FetchOptions& options) {
    const std::string group = "Network";
    options.user_agent = default_user_agent();
    command.add_option("--concurrency", options.concurrency, "Requests in flight, all hosts together")
        ->capture_default_str()
        ->check(whole_number(1, 1024))
        ->type_name("N")
        ->group(group);
    command
        .add_option_function<long>(
            "--per-host-delay-ms", [&options](long ms) { options.per_host.min_gap = Millis(ms); },
            "Least time between two request starts to one host (a robots.txt Crawl-delay can raise it)")
        ->default_str(std::to_string(options.per_host.min_gap.count()))
        ->check(whole_number(0, 600'000))
        ->type_name("N")
        ->group(group);
    command.add_option("--per-host-connections", options.per_host.max_in_flight, "Requests in flight to one host")
        ->capture_default_str()
        ->check(whole_number(1, 64))
        ->type_name("N")
        ->group(group);
    command
        .add_option_function<long>(
            "--timeout-s", [&options](long s) { options.timeout = std::chrono::seconds(s); },
            "Longest time for one request (connecting takes at most 10 s of it; a transfer that stalls "
            "for 15 s is cut)")
        ->default_str(std::to_string(options.timeout.count() / 1000))
        ->check(whole_number(1, 3600))
        ->type_name("N")
        ->group(group);
    command.add_option("--resolve", options.resolve,
                       "Pin HOST:PORT to ADDR, as curl's --resolve (repeatable; HOST may be *, ADDR a "
                       "comma-separated list): for staging servers and tests. A loopback or private ADDR "
                       "also needs --allow-private-hosts")
        ->type_name("HOST:PORT:ADDR")
        ->check([](const std::string& value) -> std::string {
            std::string_view entry(value);
            if (!entry.empty() && entry.front() == '+') entry.remove_prefix(1);
            auto first = entry.find(':');
            auto second = first == std::string_view::npos ? first : entry.find(':', first + 1);
            auto port = entry.substr(first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1);
            const bool port_ok = !port.empty() && port.find_first_not_of("0123456789") == std::string_view::npos;
            if (first == 0 || first == std::string_view::npos || !port_ok || second == std::string_view::npos ||
                second + 1 >= entry.size())
                return "expected HOST:PORT:ADDR, e.g. www.example.org:443:127.0.0.1";
            return "";
        })
        ->group(group);
    command
        .add_flag("--allow-private-hosts", options.allow_private_hosts,
                  "Allow targets on loopback, private and link-local addresses (refused by default, so that a "
                  "search result cannot reach this machine or its network)")
        ->group(group);
    command.add_option("--user-agent", options.user_agent,
                       "User-Agent header; its text up to the first '/' or space is the name robots.txt "
                       "rules are read for")
        ->capture_default_str()
        ->type_name("STR")
        ->group(group);
}

void add_keywords_option(CLI::App& command, std::string& keywords_dir) {
    command
        .add_option("--keywords", keywords_dir,
                    fmt::format("Directory of keyword files (<language>.tsv, platforms.tsv, "
                                "homonyms.tsv, shared-names.tsv; see keywords/README.md). Default: {}",
                                (default_data_dir() / "keywords").string()))
        ->type_name("DIR");
}

const char* const score_help =
    "score = 10 × Σ w × [n > 0] + 9 × v / (v + 4) with v = Σ w × log2(1 + n), the sums over the four pillars, n "
    "a pillar's initiatives and w its weight (--weights; 1 unless given): with every weight 1, 10 × pillars plus "
    "a volume part that stays under 9, so breadth across the pillars comes first, volume second. A weight of 0 "
    "leaves a pillar out of the score (its count and pillars stay as they are); per_10k does not depend on the "
    "weights.";

void add_weights_option(CLI::App& command, std::vector<std::string>& values) {
    command
        .add_option("--weights", values,
                    fmt::format("Each pillar's weight in the score, comma-separated PILLAR=W (repeatable): "
                                "consommation=1,production=2,financement=1,gouvernance=0. A pillar not named weighs "
                                "1; a weight is a number from 0 to {} (decimals with a point); 0 leaves the pillar "
                                "out of the score",
                                max_pillar_weight))
        ->type_name("PILLAR=W");
}

PillarWeights pillar_weights(const std::vector<std::string>& values) {
    const auto parsed = parse_pillar_weights(values);
    if (!parsed.ok()) fail({"--weights " + parsed.error}, exit_usage);
    if (!parsed.weights.all_ones()) print_notes({"score weights " + to_string(parsed.weights) + " (--weights)"});
    return parsed.weights;
}

const char* const csv_excel_help =
    "With --format csv: CSV for a spreadsheet set to French (LibreOffice Calc, Excel): a BOM, ';' separators, CRLF, "
    "decimal commas (45,46), and codes made only of digits written =\"08105\" so that they keep their leading "
    "zeros. Excel reads it as it is; LibreOffice needs 'Evaluate formulas' ticked in its Text Import dialog (once: "
    "it remembers), else it shows =\"08105\". --format xlsx (or --out FILE.xlsx) needs no setting at all";

void add_output_options(CLI::App& command, OutputOptions& options, std::vector<std::string> formats) {
    options.format = formats.front();
    options.formats = formats;
    std::string names;
    for (const auto& format : formats) names += (names.empty() ? "" : "|") + format;
    options.format_option =
        command
            .add_option("--format", options.format,
                        "Output format: " + names +
                            ". Without --format, the extension of --out's file name chooses it (.csv .tsv .json "
                            ".jsonl .md .xlsx); another extension keeps the default. xlsx (an Excel workbook: codes "
                            "as text, numbers as numbers, header frozen, filters, links) needs --out FILE")
            ->check(CLI::IsMember(formats))
            ->capture_default_str()
            ->type_name("FORMAT");
    command.add_option("--out", options.out,
                       "Write to FILE instead of standard output (via a temporary file renamed onto FILE at "
                       "the end, so nobody reads half a file; a link at FILE is replaced, never followed)")
        ->type_name("FILE");
    command.add_flag("--csv-excel", options.csv_excel, csv_excel_help);
}

void check_output_options(OutputOptions& options) {
    if (options.out && options.out->empty()) fail({"--out: the file name is empty (use - for standard output)"}, exit_usage);
    const bool to_stdout = !options.out || *options.out == "-";
    const bool given = options.format_option != nullptr && options.format_option->count() > 0;
    if (!given && !to_stdout) {
        // the extension says what the file is; one the command does not write, or none, keeps the default
        if (auto implied = format_from_extension(*options.out)) {
            const std::string name(to_string(*implied));
            if (std::find(options.formats.begin(), options.formats.end(), name) != options.formats.end())
                options.format = name;
        }
    }
    if (options.csv_excel && options.format != "csv")
        fail({fmt::format("--csv-excel goes with --format csv, not {}", options.format)}, exit_usage);
    if (!to_stdout && !given) refuse_unwritten_spreadsheet("--out", *options.out);
    if (options.format == "xlsx" && to_stdout)
        fail({"xlsx is a file, not text for standard output: give --out FILE.xlsx"}, exit_usage);
    if (!to_stdout) require_writable("--out", *options.out);  // now, not after the work
}

bool writes_workbook(const OutputOptions& options) { return options.format == "xlsx"; }

CityList load_city_list(const SelectionOptions& options) {
    if (options.cities_file && options.cities_file->empty()) fail({"--cities: the file name is empty"}, exit_usage);
    if (options.cities_file) refuse_spreadsheet_as_cities(*options.cities_file);
    auto cities = load_cities(cities_path(options));
    if (!cities.ok()) fail_input(cities.errors);
    return std::move(cities.value);
}

std::vector<City> select(const CityList& list, const SelectionOptions& options) {
    Selection selection = options.selection;
    selection.min_population = options.min_population;
    selection.max_population = options.max_population;
    auto selected = select_cities(list, selection, cities_path(options).filename().string());
    print_notes(selected.notes);
    const bool beyond_shipped = selection.max_population.value_or(0) > default_max_population ||
                                selection.min_population.value_or(default_min_population) < default_min_population;
    if (!options.cities_file && (!selected.errors.empty() || beyond_shipped)) print_notes({shipped_list_note});
    if (!selected.errors.empty()) fail(selected.errors, exit_usage);
    return std::move(selected.cities);
}

KeywordSet load_keyword_set(const std::string& keywords_dir) {
    auto dir = keywords_dir.empty() ? default_data_dir() / "keywords" : std::filesystem::path(keywords_dir);
    auto keywords = load_keywords(dir);
    for (const auto& warning : keywords.warnings) say(LogLevel::warning, format_error(warning));
    if (!keywords.ok()) fail_input(keywords.errors);
    return std::move(keywords.value);
}

void write_output(const Table& table, const OutputOptions& options, const std::string& sheet) {
    write_output(std::vector<Sheet>{{sheet, table}}, options);
}

void write_output(const std::vector<Sheet>& sheets, const OutputOptions& options) {
    auto format = parse_format(options.format).value_or(Format::csv);
    if (format == Format::xlsx) {
        if (!options.out || *options.out == "-") fail({"xlsx is a file: give --out FILE.xlsx"}, exit_usage);
        try {
            write_workbook(*options.out, sheets);
        } catch (const std::system_error& error) {
            fail({fmt::format("--out: {}", error.what())}, exit_failed);
        }
        return;
    }
    write_to_destination(options, [&](std::ostream& out) {
        write_table(out, sheets.front().table, format, {.csv_excel = options.csv_excel});
    });
}

void write_output_text(const std::string& text, const OutputOptions& options) {
    write_to_destination(options, [&](std::ostream& out) { out << text; });
}

void fail_input(const std::vector<InputError>& errors) {
    for (std::size_t i = 0; i < errors.size() && i < max_errors_shown; ++i)
        say(LogLevel::error, format_error(errors[i]));
    if (errors.size() > max_errors_shown)
        say(LogLevel::error, fmt::format("… and {} more errors", errors.size() - max_errors_shown));
    throw Exit{exit_usage};
}

void print_notes(const std::vector<std::string>& notes) {
    for (const auto& note : notes) say(LogLevel::note, note);
}

void fail(const std::vector<std::string>& messages, int code) {
    for (const auto& message : messages) say(LogLevel::error, message);
    throw Exit{code};
}

}  // namespace sharitories::cli
