// `sharitories wet [selection] FILE…|-`: the map step over Common Crawl's archives. Reads WET (and
// WARC) files, gzip members concatenated, and writes the evidence it finds as JSON lines on stdout —
// one line per town × pillar × page, the columns of `sharitories evidence` plus the record's crawl,
// file and offset — and nothing else there; a bad record is said on stderr and skipped. The lines
// of many processes or machines are merged by `sharitories rank --evidence`.
#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <set>

#include "cli_common.h"
#include "commands.h"
#include "console.h"
#include "exit_codes.h"
#include "output/table_writer.h"
#include "rank/town_ranking.h"
#include "warc/archive_evidence.h"

namespace sharitories::cli {
namespace {

class WetCommand : public Command {
public:
    explicit WetCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("wet", "Evidence from Common Crawl WET or WARC files, as JSON lines (a map step)");
        set_footer(*app_,
                   "Reads each FILE (- for stdin; .warc.wet.gz, .warc.gz, or uncompressed) record by record in bounded "
                   "memory, classifies every page as a scan classifies a fetched one — a WARC response's HTML, or a "
                   "WET record's text — and writes to stdout one JSON line per town, pillar and page: insee, city, "
                   "pillar, initiative, url, title, terms, strength, fetched_at (the crawl's date), town_weight, then "
                   "crawl, warc_filename, warc_record_offset. Only the selected towns' evidence is written; pages are "
                   "judged against the whole town list. WET text has no markup: its first line is the title; the "
                   "lines before the first paragraph are taken for the header and menus, those after the last for "
                   "the footer, runs of one-to-three-word lines for menus, a short line before a paragraph for a "
                   "heading (README, \"Common Crawl\"). A bad record is reported on stderr and skipped. Exit 0 when every file was read to its "
                   "end, 3 when a file could not be read or ended inside a record (a download cut short: run it "
                   "again), 2 for bad options. Merge the output of many files or machines with 'sharitories rank "
                   "--evidence'; scripts/cc-wet runs it over a crawl with GNU parallel.");
        app_->add_option("files", files_, "WET or WARC files; - reads stdin")->required()->type_name("FILE…");
        add_selection_options(*app_, selection_);
        // one value per option (a LIST is comma-separated): `--departement 56 FILE` must not take FILE
        for (auto* option : app_->get_options())
            if (option->get_group() == "Selection of towns") option->allow_extra_args(false);
        add_keywords_option(*app_, keywords_dir_);
        app_->add_option("--crawl", crawl_,
                         "The crawl's name for the crawl field (default: the file's warcinfo isPartOf, else a "
                         "CC-MAIN-YYYY-WW in its path)")
            ->type_name("NAME");
        app_->add_option("--name", name_,
                         "The name given as warc_filename for stdin (e.g. the crawl-data/… path it was downloaded "
                         "from); default: the warcinfo's WARC-Filename")
            ->type_name("PATH");
        app_->add_option("--language", language_,
                         "Classify only records whose identified languages (WARC-Identified-Content-Language) "
                         "include this ISO 639-3 code; records without the field are classified; '' for all")
            ->capture_default_str()
            ->type_name("CODE");
    }

    int run() override {
        auto list = load_city_list(selection_);
        const auto towns = select(list, selection_);
        const auto keywords = load_keyword_set(keywords_dir_);
        const ClassifierData classifier(keywords, list.cities);  // a page counts for every town it names
        ArchiveSettings settings;
        for (const auto& town : towns) settings.towns.insert(town.insee);
        settings.language = language_;
        settings.crawl = crawl_;

        std::ios::sync_with_stdio(false);
        bool incomplete = false;
        ArchiveStats total;
        for (const auto& file : files_) {
            const int fd = file == "-" ? STDIN_FILENO : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                say(LogLevel::error, fmt::format("{}: cannot open: {}", file, std::strerror(errno)));
                incomplete = true;
                continue;
            }
            settings.filename = file == "-" ? name_ : file;
            try {
                const auto stats = read_archive(fd, file, classifier, settings);
                incomplete = incomplete || stats.cut_short;
                add(total, stats);
            } catch (const std::system_error& error) {
                say(LogLevel::error, fmt::format("{}: cannot read: {}", file, error.code().message()));
                incomplete = true;
            }
            if (fd != STDIN_FILENO) ::close(fd);
        }
        std::cout.flush();
        if (!std::cout) {
            say(LogLevel::error, "could not write to stdout");
            return exit_failed;
        }
        Console::get().say(LogLevel::info,
                           fmt::format("{} files: {} records, {} pages classified ({} in another language, {} not pages), "
                                       "{} evidence lines, {} bad records skipped",
                                       files_.size(), total.records, total.pages, total.other_language, total.not_pages,
                                       total.evidence, total.problems),
                           {{"records", total.records}, {"pages", total.pages}, {"evidence", total.evidence},
                            {"problems", total.problems}, {"input_bytes", total.input_bytes}});
        return incomplete ? exit_partial : exit_done;
    }

private:
    ArchiveStats read_archive(int fd, const std::string& file, const ClassifierData& classifier,
                              const ArchiveSettings& settings) {
        Table lines = evidence_table({});
        lines.columns.push_back({"crawl", ColumnType::text});
        lines.columns.push_back({"warc_filename", ColumnType::text});
        lines.columns.push_back({"warc_record_offset", ColumnType::number});
        return read_archive_evidence(
            fd_source(fd), classifier, settings,
            [&](const Evidence& row, const RecordSource& source) {
                Table one = evidence_table({row});
                auto cells = std::move(one.rows.front());
                cells.push_back(source.crawl);
                cells.push_back(source.warc_filename);
                cells.push_back(std::to_string(source.warc_record_offset));
                lines.rows = {std::move(cells)};
                write_table(std::cout, lines, Format::jsonl);
            },
            [&](const WarcProblem& problem) {
                say(LogLevel::warning, fmt::format("{}: offset {}: {}; skipped", file, problem.offset, problem.message));
            });
    }

    static void add(ArchiveStats& total, const ArchiveStats& one) {
        total.records += one.records;
        total.pages += one.pages;
        total.other_language += one.other_language;
        total.not_pages += one.not_pages;
        total.evidence += one.evidence;
        total.problems += one.problems;
        total.input_bytes += one.input_bytes;
    }

    std::vector<std::string> files_;
    SelectionOptions selection_;
    std::string keywords_dir_;
    std::string crawl_;
    std::string name_;
    std::string language_ = "fra";
};

}  // namespace

std::unique_ptr<Command> make_wet_command(CLI::App& parent) { return std::make_unique<WetCommand>(parent); }

}  // namespace sharitories::cli
