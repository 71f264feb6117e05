// `sharitories scan`: one night of the incremental crawl — the due searches within the budget, the
// pages they find, their evidence, all kept in the store — then the shortlist of the selected towns
// from everything the store knows. `rank` and `evidence` read that store without the network. This
// file parses options and maps the run's outcome to exit codes; lib/pipeline.h does the run.
#include <fmt/core.h>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>

#include "cli_common.h"
#include "cmd_changes.h"
#include "console.h"
#include "commands.h"
#include "evidence_files.h"
#include "exit_codes.h"
#include "pipeline.h"
#include "preflight.h"
#include "run_lock.h"
#include "scan_records.h"
#include "query/query_builder.h"
#include "rank/town_ranking.h"
#include "scan/current_shortlist.h"
#include "scan/page_freshness.h"
#include "scan/record_scan.h"
#include "scan/stop_signals.h"
#include "store/store.h"

namespace sharitories::cli {
namespace {

/// The searches a scan plans for `towns`, built exactly as `scan` builds them (coverage compares
/// them with the store's).
std::vector<Query> plan_queries(const std::vector<City>& towns, const CityList& list, const KeywordSet& keywords) {
    AmbiguousNames ambiguous(keywords.ambiguous_names, list.cities);
    return build_queries(towns, keywords.keywords, ambiguous);
}

/// "1 h 05 min", "4 min 10 s", "12 s".
std::string duration_words(std::chrono::seconds duration) {
    const auto s = duration.count();
    if (s >= 3600) return fmt::format("{} h {:02} min", s / 3600, s % 3600 / 60);
    if (s >= 60) return fmt::format("{} min {:02} s", s / 60, s % 60);
    return fmt::format("{} s", s);
}

/// The scan's progress as Console shows it: on a terminal a line redrawn at most 4 times a second;
/// elsewhere (cron, a log file) a plain line every 10 towns finished, or a minute at the least.
class ProgressReporter {
public:
    explicit ProgressReporter(std::chrono::steady_clock::time_point started) : started_(started) {}

    void operator()(const ScanProgress& progress) {
        const auto now = std::chrono::steady_clock::now();
        const bool live = Console::get().live();
        const bool last = progress.towns > 0 && progress.towns_done == progress.towns && progress.town_finished;
        bool due = false;
        if (live) {
            due = last || now - shown_at_ >= std::chrono::milliseconds(250);
        } else {
            due = last || (progress.town_finished && progress.towns_done % 10 == 0) ||
                  now - shown_at_ >= std::chrono::minutes(1);
        }
        if (!due) return;
        shown_at_ = now;
        const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - started_);
        // how far the night is: towns done, or the budget spent when the budget ends it first
        double done = progress.towns ? double(progress.towns_done) / progress.towns : 0;
        if (progress.budget) done = std::max(done, double(progress.searches) / progress.budget);
        std::string eta = "ETA –";  // until a town is done or ten seconds have passed, a guess would be noise
        if (done > 0 && done < 1 && (progress.towns_done > 0 || elapsed >= std::chrono::seconds(10)))
            eta = "ETA " + duration_words(std::chrono::seconds(static_cast<long>(elapsed.count() * (1 - done) / done)));
        const std::string line = fmt::format(
            "towns {}/{} · searches {}{} · pages {} · errors {} · {} · {}", progress.towns_done, progress.towns,
            progress.searches,
            progress.budget ? fmt::format(" ({} left of {})", progress.budget - progress.searches, progress.budget) : "",
            progress.pages, progress.errors, duration_words(elapsed), eta);
        Console::get().progress(line,
                                {{"towns_done", progress.towns_done}, {"towns", progress.towns},
                                 {"searches", progress.searches}, {"budget", progress.budget},
                                 {"pages", progress.pages}, {"errors", progress.errors},
                                 {"elapsed_s", elapsed.count()}},
                                true);
    }

private:
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point shown_at_{};
};

constexpr const char* nightly_help =
    "Each scan is one night of an incremental crawl whose memory is --db. It sends only the searches that "
    "are due — never answered, or answered more than --refresh-days ago — town by town (a town left partly "
    "done first, then towns never searched, then the longest unsearched), at most --budget search requests "
    "(a results page is one, a canary is one); the next scan goes on from there, also after a crash or a "
    "kill. A provider that blocks (a CAPTCHA, a 429, a suspended engine) is left alone for a cooldown kept "
    "in --db (duckduckgo: an hour, doubled while it keeps blocking; brave: until X-RateLimit-Reset; "
    "searxng: as its answer says, else an hour) and the next provider of --provider takes over, within its "
    "own nightly allowance. When every search of a town comes back empty, the town's name alone is asked "
    "(a canary): if that is empty too, the provider is taken as blocked and its recent empty answers are "
    "asked again. A page found is fetched once a night however many searches find it, and not at all while "
    "younger than --max-age (fresh); an older one is revalidated with the ETag and Last-Modified of its last "
    "fetch (a 304: its verdict stands, nothing downloaded) or downloaded and classified again. The summary "
    "counts pages fresh, revalidated (304), downloaded, failed and skipped (robots.txt, not a page). The "
    "shortlist ranks every selected town from all the evidence in --db, whichever night found it.";

class ScanCommand : public Command {
public:
    explicit ScanCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("scan", "One night of the crawl: the due searches, their pages, the shortlist");
        set_footer(*app_,
                   std::string(nightly_help) +
                       "\n\nThe shortlist's columns: rank, insee, city, departement, population, score, consommation, "
                       "production, financement, gouvernance, pillars, per_10k, top_evidence, coverage (the share of "
                       "the town's searches answered, 0.00–1.00), searched_at (the date of its oldest answer). " +
                       score_help + " --weights changes only the shortlist written, not what is searched or kept." +
                       " --out FILE.xlsx writes a workbook: the shortlist, the evidence of the same towns (the rows "
                       "of sharitories evidence) and the night's changes (those of sharitories changes) on three "
                       "sheets." +
                       "\n\nMessages: on a terminal a live progress line (towns done, searches left in the budget, "
                       "pages, errors, elapsed, ETA); in a file or a pipe a progress line every ten towns or every "
                       "minute; --quiet: errors only; --log-format json: one JSON object per line (these two are "
                       "sharitories' options, accepted before or after scan)."
                       "\n\nProviders: duckduckgo (the default without "
                       "--search-url; no key; one search every 2 s; budget 200 a night), searxng (the default with "
                       "a --search-url: a SearXNG instance's address, JSON output enabled; 4 searches at once; "
                       "budget 300), brave (key in the environment variable BRAVE_API_KEY; budget 32 a night, "
                       "the free monthly credit spread over a 31-day month). Exit 0 also when the budget is spent or "
                       "nothing is due; 3 when searches were blocked or failed, a provider fell silent, or work "
                       "was left because no provider could take it."
                       "\n\nscan --cc-records FILE.csv sends no searches: it reads the Common Crawl records the CSV "
                       "lists (Amazon Athena's result for the SQL of sharitories cc-query: url, warc_filename, "
                       "warc_record_offset, warc_record_length; a bad row is named, FILE:LINE:COLUMN, and the file "
                       "refused, exit 2), each with an HTTP Range request for its bytes alone to --cc-base-url + "
                       "warc_filename, at the data host's pace: one host, so --per-host-connections (2) and "
                       "--per-host-delay-ms (1000) apply; robots.txt is not asked (a data set published for "
                       "download); a 429 or a 503 (SlowDown) holds every request to it for the back-off. Each record's "
                       "page is classified as a fetched page and recorded in --db, dated by its WARC-Date, with the "
                       "crawl and record as its source (sharitories evidence shows them); a record already recorded "
                       "is not fetched again. The shortlist, --out, --format, --changes and the exit codes are a "
                       "scan's: 3 when some records failed (the next run tries them again), 1 when most did.");
        add_selection_options(*app_, selection_);
        add_keywords_option(*app_, keywords_dir_);
        const std::string search = "Searching";
        app_->add_option("--provider", provider_names_,
                         "Search providers in order of preference, comma-separated: searxng, duckduckgo, brave. "
                         "When one is cooling down or blocks, the next takes over")
            ->delimiter(',')
            ->check(CLI::IsMember({"searxng", "duckduckgo", "brave"}))
            ->type_name("LIST")
            ->group(search);
        app_->add_option("--search-url", search_urls_,
                         "A provider's endpoint: URL for the first provider (a SearXNG instance's base URL, "
                         "https://searx.example.org), or NAME=URL for a named one (repeatable); for duckduckgo and "
                         "brave another address for their API (a proxy, a test server), to which brave sends "
                         "BRAVE_API_KEY")
            ->type_name("[NAME=]URL")
            ->group(search);
        app_->add_option("--budget", budget_,
                         "The most search requests this run sends, all providers together (0: no limit; else at "
                         "least 3: a search, its next page and its town's canary). Default: the first provider's "
                         "own. Each provider also has a nightly allowance of its own, so that a fallback never "
                         "spends more than it should: 200 for duckduckgo, 300 for searxng, 32 for brave; "
                         "--budget N sets the first provider's too, --budget NAME=N another's (repeatable)")
            ->type_name("[NAME=]N")
            ->group(search);
        app_->add_option("--refresh-days", settings_.refresh_days,
                         "A search answered longer ago than this is asked again (0: every search is due every "
                         "run); pages follow --max-age")
            ->capture_default_str()
            ->check(whole_number(0, 3650))
            ->type_name("N")
            ->group(search);
        app_->add_option("--max-age", max_age_,
                         "A page fetched more recently than this is not fetched again (fresh); an older one is "
                         "revalidated with If-None-Match / If-Modified-Since (a 304 keeps its verdict) or, without "
                         "validators, downloaded. 7d, 36h, 90m, or a number of days, up to 3650 days; 0: every page "
                         "found is revalidated")
            ->capture_default_str()
            ->type_name("AGE")
            ->group(search);
        app_->add_option("--results", settings_.results, "Results read per query")
            ->capture_default_str()
            ->check(whole_number(1, 100))
            ->type_name("N")
            ->group(search);
        app_->add_option("--search-delay-ms", search_delay_ms_,
                         "Least time between two searches to the first provider, or to NAME with NAME=N "
                         "(repeatable). Default: 2000 for duckduckgo, 1000 for brave, 0 for searxng")
            ->type_name("[NAME=]N")
            ->group(search);
        app_->add_option("--search-concurrency", search_concurrency_,
                         "Searches in flight at once to the first provider, or to NAME with NAME=N (repeatable). "
                         "Default: 1 for duckduckgo and brave, 4 for searxng. Searches always overlap with page "
                         "fetching")
            ->type_name("[NAME=]N")
            ->group(search);
        app_->add_option("--workers", settings_.workers, "Threads parsing and classifying pages (default: one per core)")
            ->check(whole_number(1, 64))
            ->type_name("N");
        app_->add_option("--db", db_, "SQLite file that keeps the crawl: searches, pages, evidence, cooldowns, runs")
            ->capture_default_str()
            ->type_name("FILE");
        app_->add_option("--top", top_, "Keep only the first N towns of the shortlist (0: all)")
            ->capture_default_str()
            ->check(whole_number(0, 100'000))
            ->type_name("N");
        add_weights_option(*app_, weights_);
        add_network_options(*app_, fetch_);
        add_output_options(*app_, output_, {"csv", "tsv", "json", "jsonl", "md", "xlsx"});
        app_->add_option("--changes", changes_, changes_file_help)->type_name("FILE");
        const std::string records = "Common Crawl records (instead of searches)";
        app_->add_option("--cc-records", cc_records_,
                         "Read these records of Common Crawl instead of searching: a CSV with a header (Amazon "
                         "Athena's, for the SQL of sharitories cc-query) naming url, warc_filename, "
                         "warc_record_offset, warc_record_length, in any order; other columns are ignored")
            ->type_name("FILE.csv")
            ->group(records);
        app_->add_option("--cc-base-url", cc_base_url_,
                         "Where warc_filename is read from, with HTTP Range requests (a mirror, a test server)")
            ->capture_default_str()
            ->type_name("URL")
            ->group(records);
    }

    int run() override {
        check_output_options(output_);
        require_database_writable(db_);
        if (app_->count("--changes") > 0) check_changes_file(changes_);
        const PillarWeights weights = pillar_weights(weights_);
        if (app_->count("--cc-records") > 0) return run_records(weights);
        if (app_->count("--cc-base-url") > 0)
            fail({"--cc-base-url is where --cc-records reads its records from: give --cc-records FILE.csv too"},
                 exit_usage);
        const auto max_age = parse_page_max_age(max_age_);
        if (!max_age)
            fail({fmt::format("--max-age {}: an age from 0 to 3650 days is needed: a number of days, or a number "
                              "with d, h or m (7d, 36h, 90m)",
                              max_age_)},
                 exit_usage);
        settings_.max_age = *max_age;
        const auto started = std::chrono::steady_clock::now();
        auto list = load_city_list(selection_);
        auto towns = select(list, selection_);
        auto keywords = load_keyword_set(keywords_dir_);
        const auto queries = plan_queries(towns, list, keywords);
        const auto names = provider_names();
        const auto providers = make_providers(names);
        const auto budgets = per_provider("--budget", budget_, names, 0, 10'000'000);
        const auto concurrencies = per_provider("--search-concurrency", search_concurrency_, names, 1, 64);
        const auto delays = per_provider("--search-delay-ms", search_delay_ms_, names, 0, 600'000);

        std::vector<ProviderChoice> choices;
        for (const auto& provider : providers) {
            const std::string name(provider->name());
            const int concurrency = concurrencies.count(name) ? concurrencies.at(name) : provider->default_concurrency();
            const auto delay = delays.count(name) ? std::chrono::milliseconds(delays.at(name)) : provider->default_delay();
            fetch_.origin_limits.push_back({provider->origin(), {.max_in_flight = concurrency, .min_gap = delay}});
            choices.push_back({provider.get(), concurrency, budgets.count(name) ? budgets.at(name) : provider->default_budget()});
        }
        // the night's budget: --budget N, else the first provider's own allowance
        settings_.budget = choices.front().allowance;
        if (settings_.budget == 1 || settings_.budget == 2)
            fail({fmt::format("--budget {}: a night needs at least 3 search requests (a search, its next page and its "
                              "town's canary), or 0 for no limit",
                              settings_.budget)},
                 exit_usage);
        fetch_.log = [](const std::string& line) { say(LogLevel::note, line); };
        settings_.log = [](const std::string& line) { say(LogLevel::info, line); };
        settings_.progress = ProgressReporter(started);

        RunLock lock(db_);
        auto store = open_store(db_, Store::Open::create);
        ClassifierData classifier(keywords, list.cities);
        ScanControl control;
        // from here to the end, SIGINT and SIGTERM stop the run cleanly (a second one at once)
        StopSignals signals([&control](int signal) {
            Console::get().end_progress();
            say(LogLevel::warning, "stopping: no new work is taken; what was fetched is being recorded (a second "
                                   "signal ends the process at once)");
            control.stop(signal);
        });
        ScanReport report;
        {
            auto fetcher = make_curl_fetcher(fetch_);
            say(LogLevel::info, fmt::format("scanning {} towns ({} searches planned), providers {}, database {}",
                                            towns.size(), queries.size(), provider_list(providers), db_));
            try {
                report = run_scan({towns, queries, classifier}, choices, *fetcher, *store, settings_, &control);
            } catch (const std::exception& error) {  // the store: the run cannot go on
                fail({error.what()}, exit_failed);
            }
        }

        Console::get().end_progress();
        print_report(report, towns.size(), std::chrono::steady_clock::now() - started);
        switch (report.status) {
            case RunStatus::interrupted:
                Console::get().say(
                    LogLevel::warning,
                    fmt::format("interrupted: {} answered searches and {} pages of this run are kept in {}; the next scan "
                                "goes on from there (`sharitories rank --db {}` writes the shortlist now)",
                                report.answered,
                                report.pages_fetched + report.pages_revalidated + report.pages_failed +
                                    report.pages_skipped,
                                db_, db_),
                    nlohmann::json::object(), true);  // Ctrl-C or a timeout's SIGTERM: said also under --quiet
                return control.signal() == SIGTERM ? exit_terminated : exit_interrupted;
            case RunStatus::failed:
                // most searches failed (no network, a provider down): yesterday's shortlist is as good
                say(LogLevel::error, "most searches failed: no shortlist written");
                return exit_failed;
            case RunStatus::partial:
            case RunStatus::done:
                break;
        }
        const auto ranking = current_ranking(*store, towns, queries, weights);
        try {  // what `changes` compares: kept only for a run that finished
            record_run_snapshot(*store, report.run.id, ranking);
        } catch (const StoreError& error) {
            fail({error.what()}, exit_failed);
        }
        std::vector<Sheet> sheets{{"shortlist", shortlist_table(ranking, top_)}};
        if (writes_workbook(output_)) {  // a workbook's further sheets, one line each
            const auto evidence = evidence_of(*store, towns);
            sheets.push_back({"evidence", with_archive_columns(evidence_table(evidence), evidence)});
            sheets.push_back({"changes", latest_changes_table(*store)});
        }
        write_output(sheets, output_);
        if (!changes_.empty()) write_changes_file(*store, changes_, output_.csv_excel);
        return report.status == RunStatus::partial ? exit_partial : exit_done;
    }

private:
    /// scan --cc-records: no searches, so no option of searching applies (said, not ignored).
    int run_records(const PillarWeights& weights) {
        std::vector<std::string> errors;
        for (const char* option : {"--provider", "--search-url", "--budget", "--refresh-days", "--max-age", "--results",
                                   "--search-delay-ms", "--search-concurrency"})
            if (app_->count(option) > 0)
                errors.push_back(fmt::format("{} is an option of searching: scan --cc-records sends no searches", option));
        if (!errors.empty()) fail(errors, exit_usage);
        ScanRecordsOptions options{cc_records_, cc_base_url_, db_, selection_, keywords_dir_, top_, weights,
                                   settings_.workers, fetch_, output_, changes_};
        return scan_records(options);
    }

    /// The entries of a per-provider option: (NAME, VALUE) for NAME=VALUE, ("", VALUE) for VALUE.
    static std::vector<std::pair<std::string, std::string>> split_named(const std::vector<std::string>& entries) {
        std::vector<std::pair<std::string, std::string>> split;
        for (const auto& entry : entries) {
            const auto equals = entry.find('=');
            const std::string name = equals == std::string::npos ? "" : entry.substr(0, equals);
            if (parse_provider_kind(name)) split.emplace_back(name, entry.substr(equals + 1));
            else split.emplace_back("", entry);  // a URL may hold '=' too
        }
        return split;
    }

    /// The providers in order of preference: --provider, else the ones --search-url names (a bare URL
    /// is a SearXNG instance's), else duckduckgo.
    std::vector<std::string> provider_names() const {
        std::vector<std::string> names = provider_names_;
        if (names.empty()) {
            const auto urls = split_named(search_urls_);
            const bool bare = std::any_of(urls.begin(), urls.end(), [](const auto& url) { return url.first.empty(); });
            if (bare) names.push_back("searxng");  // the first provider: a bare URL is its
            for (const auto& [name, url] : urls)
                if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
            if (names.empty()) names.push_back("duckduckgo");
        }
        for (const auto& name : names) {
            if (std::count(names.begin(), names.end(), name) > 1)
                fail({fmt::format("--provider: {} is listed twice", name)}, exit_usage);
        }
        return names;
    }

    /// A per-provider option's values by provider: VALUE is the first provider's, NAME=VALUE NAME's.
    static std::map<std::string, std::string> per_provider_text(const std::string& option,
                                                                const std::vector<std::string>& entries,
                                                                const std::vector<std::string>& names) {
        std::map<std::string, std::string> values;
        for (const auto& [named, value] : split_named(entries)) {
            const std::string name = named.empty() ? names.front() : named;
            if (std::find(names.begin(), names.end(), name) == names.end())
                fail({fmt::format("{} {}=…: {} is not one of the providers ({})", option, name, name, join(names))},
                     exit_usage);
            if (!values.emplace(name, value).second)
                fail({fmt::format("{}: two values for {} (a bare value is the first provider's, {})", option, name,
                                  names.front())},
                     exit_usage);
        }
        return values;
    }

    /// The same for a whole number in [low, high].
    static std::map<std::string, int> per_provider(const std::string& option, const std::vector<std::string>& entries,
                                                   const std::vector<std::string>& names, int low, int high) {
        std::map<std::string, int> numbers;
        for (const auto& [name, text] : per_provider_text(option, entries, names)) {
            int value = 0;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (error != std::errc{} || end != text.data() + text.size() || value < low || value > high)
                fail({fmt::format("{} {}: a whole number from {} to {} is needed", option, text, low, high)}, exit_usage);
            numbers[name] = value;
        }
        return numbers;
    }

    /// The providers of `names`, with their addresses (--search-url) and keys, checked.
    std::vector<std::unique_ptr<SearchProvider>> make_providers(const std::vector<std::string>& names) const {
        const auto urls = per_provider_text("--search-url", search_urls_, names);
        for (const auto& [name, url] : urls) {
            if (!url.starts_with("http://") && !url.starts_with("https://"))
                fail({fmt::format("--search-url {}: an http:// or https:// address is needed (as in http://localhost:8888)",
                                  url)},
                     exit_usage);
        }
        std::vector<std::unique_ptr<SearchProvider>> providers;
        for (const auto& name : names) {
            const std::string url = urls.count(name) ? urls.at(name) : "";
            const ProviderKind kind = *parse_provider_kind(name);
            std::string key;
            if (kind == ProviderKind::searxng && url.empty())
                fail({"searxng needs its instance's address: --search-url URL (or searxng=URL)"}, exit_usage);
            if (kind == ProviderKind::brave) {
                const char* value = std::getenv("BRAVE_API_KEY");
                if (value == nullptr || *value == '\0')
                    fail({"brave needs an API key in the environment variable BRAVE_API_KEY"}, exit_usage);
                key = value;
            }
            providers.push_back(make_provider(kind, url, key, settings_.results));
        }
        return providers;
    }

    /// The towns' evidence: the rows `evidence --insee` gives for each.
    static std::vector<Evidence> evidence_of(const Store& store, const std::vector<City>& towns) {
        std::vector<std::string> codes;
        for (const auto& town : towns) codes.push_back(town.insee);
        if (codes.empty()) return {};  // current_evidence({}) would be every town's
        return store.current_evidence(codes);
    }

    static std::string join(const std::vector<std::string>& names) {
        std::string joined;
        for (const auto& name : names) joined += (joined.empty() ? "" : ", ") + name;
        return joined;
    }

    static std::string provider_list(const std::vector<std::unique_ptr<SearchProvider>>& providers) {
        std::vector<std::string> names;
        for (const auto& provider : providers) names.emplace_back(provider->name());
        return join(names);
    }

    void print_report(const ScanReport& report, std::size_t towns, std::chrono::steady_clock::duration elapsed) const {
        constexpr std::size_t problems_shown = 10;
        for (std::size_t i = 0; i < report.problems.size() && i < problems_shown; ++i)
            say(LogLevel::warning, report.problems[i]);  // a search blocked or failed: why exit 3
        if (report.problems.size() > problems_shown)
            say(LogLevel::warning, fmt::format("… and {} more (see the queries table of {})",
                                               report.problems.size() - problems_shown, db_));
        for (const auto& note : report.notes) say(LogLevel::info, note);
        const double seconds = std::chrono::duration<double>(elapsed).count();
        const std::string summary = fmt::format(
            "summary: {} town{}; searches {}{}{}; queries {} answered, {} blocked, {} failed{}; "
            "pages {} fresh / {} revalidated (304) / {} downloaded / {} failed / {} skipped; {} evidence rows; "
            "due {} queries in {} towns; {:.0f} s",
            towns, towns == 1 ? "" : "s", report.searches,
            report.run.budget ? fmt::format(" of {}", report.run.budget) : std::string(" (no budget)"),
            report.canaries ? fmt::format(", {} canar{}", report.canaries, report.canaries == 1 ? "y" : "ies") : "",
            report.answered, report.blocked, report.failed,
            report.withdrawn ? fmt::format(", {} empty answers withdrawn", report.withdrawn) : "",
            report.pages_fresh, report.pages_revalidated, report.pages_fetched, report.pages_failed,
            report.pages_skipped, report.evidence_rows, report.due_after, report.towns_due_after, seconds);
        // a night that did not end at exit 0 says why in its summary, also under --quiet (cron's mail)
        Console::get().say(report.status == RunStatus::done ? LogLevel::info : LogLevel::warning, summary,
                           {{"event", "summary"},
                            {"summary",
                             {{"towns", towns}, {"searches", report.searches}, {"budget", report.run.budget},
                              {"canaries", report.canaries}, {"answered", report.answered}, {"blocked", report.blocked},
                              {"failed", report.failed}, {"withdrawn", report.withdrawn},
                              {"pages_fresh", report.pages_fresh}, {"pages_revalidated", report.pages_revalidated},
                              {"pages_downloaded", report.pages_fetched}, {"pages_failed", report.pages_failed},
                              {"pages_skipped", report.pages_skipped}, {"evidence_rows", report.evidence_rows},
                              {"due_queries", report.due_after}, {"due_towns", report.towns_due_after},
                              {"seconds", seconds}}}},
                           report.status != RunStatus::done);
    }

    SelectionOptions selection_;
    std::string keywords_dir_;
    std::vector<std::string> provider_names_;
    std::vector<std::string> search_urls_;
    std::vector<std::string> budget_;
    std::vector<std::string> search_delay_ms_;
    std::vector<std::string> search_concurrency_;
    std::string max_age_ = "7d";
    std::string db_ = default_db;
    std::size_t top_ = 0;
    std::vector<std::string> weights_;
    ScanSettings settings_;
    FetchOptions fetch_;
    OutputOptions output_;
    std::string changes_;
    std::string cc_records_;
    std::string cc_base_url_ = default_cc_base_url;
};

/// What `rank` and `evidence` share: the database (which must exist), and the towns of its last scan.
class StoredScanCommand : public Command {
protected:
    void add_db_option() {
        app_->add_option("--db", db_, "SQLite file of the scans")->capture_default_str()->type_name("FILE");
    }

    /// Opens the store and says on stderr which scan it was last brought up to date by; exits with a
    /// message if there is none.
    RunSummary open_store_and_last_scan() {
        store_ = open_store(db_, Store::Open::existing);
        auto run = store_->latest_run();
        if (!run) fail({fmt::format("{} holds no scan yet: run sharitories scan --db {} first", db_, db_)}, exit_usage);
        if (const auto scan = scan_holding_lock(db_)) {
            print_notes({fmt::format("a scan is running on {} (process {}, scan #{} started {}): this is what it has "
                                     "recorded so far; run this again when it has ended for the night's figures",
                                     db_, *scan, run->id, run->started_at)});
        } else {
            say(LogLevel::info, fmt::format("evidence as of scan #{} of {} ({}, {} towns)", run->id, run->started_at,
                                            run->status, run->towns));
        }
        return *run;
    }

    std::string db_ = default_db;
    std::unique_ptr<Store> store_;
    OutputOptions output_;
};

class RankCommand : public StoredScanCommand {
public:
    explicit RankCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("rank", "The shortlist from everything --db knows (or evidence files), without the network");
        set_footer(*app_,
                   "Ranks the towns of the last scan (or those a selection names) from all the evidence in --db, "
                   "whichever night found it: the same columns as scan, coverage and searched_at included. Give it "
                   "the --cities and --keywords the scans use, so that coverage compares the same searches. " +
                       std::string(score_help) +
                       " Weights re-score the evidence already in --db: rank --weights gouvernance=0 ranks as if "
                       "gouvernance were not counted, without searching again."
                       "\n\nrank --evidence FILE... ranks from evidence files instead, with no database: the JSON "
                       "lines of sharitories wet (its shards from many machines) or of sharitories evidence --format "
                       "jsonl, merged (a page found in two files is one row, the strongest; an initiative counts "
                       "once per town and pillar). A line without town_weight (evidence written before that column) "
                       "counts at weight 1. The towns ranked are the selection's (without selection options, those "
                       "of sharitories cities), every one present; rows of other towns are left out (a note says "
                       "how many). coverage and searched_at are left empty: there were no searches. --out "
                       "FILE.xlsx adds a sheet with the merged evidence of the selected towns. A bad line is said "
                       "(FILE:LINE) and skipped: exit 3 once the shortlist is written; a file that cannot be read: "
                       "exit 2.");
        add_db_option();
        app_->add_option("--evidence", evidence_files_,
                         "Rank from these evidence files (JSON lines; - is standard input; several, or repeated) "
                         "instead of --db, which is not opened")
            ->type_name("FILE");
        add_selection_options(*app_, selection_);
        add_keywords_option(*app_, keywords_dir_);
        app_->add_option("--top", top_, "Keep only the first N towns (0: all)")
            ->capture_default_str()
            ->check(whole_number(0, 100'000))
            ->type_name("N");
        add_weights_option(*app_, weights_);
        add_output_options(*app_, output_, {"csv", "tsv", "json", "jsonl", "md", "xlsx"});
    }

    int run() override {
        if (app_->count("--evidence") > 0) return run_from_evidence();
        check_output_options(output_);
        const PillarWeights weights = pillar_weights(weights_);
        const RunSummary last = open_store_and_last_scan();
        auto list = load_city_list(selection_);
        auto keywords = load_keyword_set(keywords_dir_);
        std::vector<City> towns;
        if (selection_given()) {
            towns = select(list, selection_);
        } else {
            // the last scan's towns, as the list describes them (the queries are built from it)
            std::map<std::string, const City*> by_insee;
            for (const auto& city : list.cities) by_insee.emplace(city.insee, &city);
            for (auto& town : store_->run_towns(last.id)) {
                auto found = by_insee.find(town.insee);
                towns.push_back(found != by_insee.end() ? *found->second : std::move(town));
            }
        }
        const auto queries = plan_queries(towns, list, keywords);
        write_output(shortlist_table(current_ranking(*store_, towns, queries, weights), top_), output_, "shortlist");
        return exit_done;
    }

private:
    bool selection_given() const {
        for (const char* option : {"--min-pop", "--max-pop", "--departement", "--region", "--insee", "--centres-only"})
            if (app_->count(option) > 0) return true;
        return false;
    }

    /// rank --evidence: the selected towns ranked from the merged files, no store opened.
    int run_from_evidence() {
        if (app_->count("--db") > 0)
            fail({"--evidence and --db: give one of them (rank reads its evidence from files with --evidence, or from "
                  "a database with --db)"},
                 exit_usage);
        check_output_options(output_);
        const PillarWeights weights = pillar_weights(weights_);
        const auto list = load_city_list(selection_);
        const auto towns = select(list, selection_);
        const EvidenceFiles files = read_evidence_files(evidence_files_);
        std::set<std::string> selected;
        for (const auto& town : towns) selected.insert(town.insee);
        std::vector<Evidence> kept;
        std::set<std::string> others;
        for (const auto& row : files.rows) {
            if (selected.count(row.insee)) kept.push_back(row);
            else others.insert(row.insee);
        }
        say(LogLevel::info,
            fmt::format("{} evidence row{} read from {} file{}, {} once merged (a page found twice is one row)",
                        files.read, files.read == 1 ? "" : "s", evidence_files_.size(),
                        evidence_files_.size() == 1 ? "" : "s", files.rows.size()));
        if (!others.empty())
            print_notes({fmt::format("{} evidence row{} of {} town{} outside the selection left out",
                                     files.rows.size() - kept.size(), files.rows.size() - kept.size() == 1 ? "" : "s",
                                     others.size(), others.size() == 1 ? "" : "s")});
        const auto ranking = rank_towns(towns, kept, weights);
        std::vector<Sheet> sheets{{"shortlist", shortlist_table(ranking, top_, false)}};
        if (writes_workbook(output_)) sheets.push_back({"evidence", with_archive_columns(evidence_table(kept), kept)});
        write_output(sheets, output_);
        report_skipped_lines(files);
        return files.skipped.empty() ? exit_done : exit_partial;
    }

    SelectionOptions selection_;
    std::string keywords_dir_;
    std::size_t top_ = 0;
    std::vector<std::string> weights_;
    std::vector<std::string> evidence_files_;
};

class EvidenceCommand : public StoredScanCommand {
public:
    explicit EvidenceCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("evidence", "The pages behind each number of the shortlist");
        set_footer(*app_,
                   "One row per town, pillar and page, from all the evidence in --db (of the last scan's towns, "
                   "or of --insee): insee, city, pillar, initiative, url, title, terms, strength, fetched_at, "
                   "town_weight. strength is the pillar's strength on the page (each matched term's weight, more in "
                   "the title and headings) times the town weight; town_weight is 1, or below 1 for a directory "
                   "naming many towns; an initiative counts from a town weight of 0.5. Then crawl, warc_filename, "
                   "warc_record_offset, warc_record_length: the Common Crawl record the page was read from (scan "
                   "--cc-records; fetched_at is then Common Crawl's fetch), empty for a page fetched from its site. "
                   "--format jsonl writes what rank --evidence reads on another machine.");
        add_db_option();
        app_->add_option("--insee", insee_, "Only these towns, by INSEE code, comma-separated (56121,11262)")
            ->delimiter(',')
            ->type_name("LIST");
        app_->add_option("--cities", cities_file_,
                         "The town list the scans use, if not the shipped one: an --insee code must be in it or in "
                         "a scan of --db")
            ->type_name("FILE");
        add_output_options(*app_, output_, {"csv", "tsv", "json", "jsonl", "md", "xlsx"});
    }

    int run() override {
        check_output_options(output_);
        const RunSummary last = open_store_and_last_scan();
        std::vector<std::string> insees;
        if (!insee_.empty()) {
            check_codes();
            insees = insee_;
        } else {
            for (const auto& town : store_->run_towns(last.id)) insees.push_back(town.insee);
        }
        const auto evidence = store_->current_evidence(insees);
        write_output(with_archive_columns(evidence_table(evidence), evidence), output_, "evidence");
        return exit_done;
    }

private:
    /// Every --insee code is a town of the list or of a stored scan: a typo is said, as scan says it,
    /// not answered with an empty table.
    void check_codes() const {
        SelectionOptions list_options;
        list_options.cities_file = cities_file_;
        const CityList list = load_city_list(list_options);
        std::set<std::string> known;
        for (const auto& city : list.cities) known.insert(city.insee);
        for (const auto& run : store_->runs())
            for (const auto& town : store_->run_towns(run.id)) known.insert(town.insee);
        std::vector<std::string> errors;
        const std::string source = cities_file_ ? std::filesystem::path(*cities_file_).filename().string() : "cities.csv";
        for (const auto& code : insee_)
            if (!known.count(code)) errors.push_back(fmt::format("--insee {}: no town of {} has this code", code, source));
        if (!errors.empty()) fail(errors, exit_usage);
    }

    std::vector<std::string> insee_;
    std::optional<std::string> cities_file_;
};

}  // namespace

std::unique_ptr<Command> make_scan_command(CLI::App& parent) { return std::make_unique<ScanCommand>(parent); }
std::unique_ptr<Command> make_rank_command(CLI::App& parent) { return std::make_unique<RankCommand>(parent); }
std::unique_ptr<Command> make_evidence_command(CLI::App& parent) { return std::make_unique<EvidenceCommand>(parent); }

}  // namespace sharitories::cli
