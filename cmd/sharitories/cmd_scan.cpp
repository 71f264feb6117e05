// `sharitories scan`: the main job — from the town list to a ranked shortlist, with its evidence
// stored for `rank` and `evidence`. `rank` and `evidence` read that store without the network.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "exit_codes.h"
#include "pipeline.h"
#include "query/query_builder.h"
#include "rank/town_ranking.h"
#include "store/store.h"

namespace sharitories::cli {
namespace {

constexpr const char* default_db = "sharitories.db";

/// An exclusive lock beside the database (FILE.lock), held for the run: cron must not start a
/// second scan on the same database while one runs.
class RunLock {
public:
    explicit RunLock(const std::string& db) {
        const std::string path = db + ".lock";
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) fail({fmt::format("cannot create the lock file {}", path)}, exit_failed);
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0)
            fail({fmt::format("another scan holds the lock on {} ({})", db, path)}, exit_locked);
    }
    ~RunLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

std::unique_ptr<Store> open_store(const std::string& path) {
    try {
        return std::make_unique<Store>(path);
    } catch (const StoreError& error) {
        fail({error.what()}, exit_failed);
    }
}

/// The latest finished run of the store, or a usage error saying there is none yet.
RunSummary latest_run(const Store& store, const std::string& db) {
    auto run = store.latest_finished_run();
    if (!run) fail({fmt::format("{} holds no finished scan yet: run sharitories scan --db {} first", db, db)}, exit_usage);
    return *run;
}

/// What `rank` and `evidence` share: the database option, and the last finished scan in it.
class StoredScanCommand : public Command {
protected:
    void add_db_option() {
        app_->add_option("--db", db_, "SQLite file of the scans")->capture_default_str()->type_name("FILE");
    }

    /// Opens the store and finds its last finished scan, saying which on stderr (a failed later
    /// run leaves the last good one in place); exits with a message if there is none.
    RunSummary open_last_scan() {
        store_ = open_store(db_);
        const RunSummary run = latest_run(*store_, db_);
        std::cerr << fmt::format("sharitories: scan #{} of {} ({}, {} towns)\n", run.id, run.started_at, run.status,
                                 run.towns);
        return run;
    }

    std::string db_ = default_db;
    std::unique_ptr<Store> store_;
    OutputOptions output_;
};

class ScanCommand : public Command {
public:
    explicit ScanCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("scan", "Search, fetch, classify and rank: write the shortlist");
        set_footer(*app_,
                   "For each selected town, sends the searches `sharitories queries` prints to the search "
                   "provider, fetches the pages found (robots.txt, politeness and safety as `sharitories fetch`), "
                   "classifies each page into the four pillars for the towns it is about, counts distinct "
                   "initiatives and writes the ranked shortlist (columns: rank, insee, city, departement, "
                   "population, score, consommation, production, financement, gouvernance, pillars, per_10k, "
                   "top_evidence). score = 10 × pillars + 9 × v / (v + 4) with v = Σ log2(1 + initiatives): "
                   "breadth across the pillars always first, volume second. Everything is stored in --db for `rank` and `evidence`. Progress and a "
                   "summary go to standard error. Providers: searxng (the default with --search-url: a "
                   "SearXNG instance's address, JSON enabled), duckduckgo (the default otherwise, no key; "
                   "slow: one search every 2 s), brave (key in the environment variable BRAVE_API_KEY).");
        add_selection_options(*app_, selection_);
        add_keywords_option(*app_, keywords_dir_);
        app_->add_option("--provider", provider_, "Search provider: searxng|duckduckgo|brave")
            ->check(CLI::IsMember({"searxng", "duckduckgo", "brave"}))
            ->type_name("NAME");
        app_->add_option("--search-url", search_url_,
                         "The search endpoint: a SearXNG instance's base URL (https://searx.example.org); with "
                         "--provider duckduckgo or brave, another address for their API (a proxy, a test server), "
                         "to which brave sends BRAVE_API_KEY")
            ->type_name("URL");
        app_->add_option("--results", settings_.results, "Results read per query")
            ->capture_default_str()
            ->check(CLI::Range(1, 100))
            ->type_name("N");
        app_->add_option("--search-delay-ms", search_delay_ms_,
                         "Least time between two searches (default: 2000 for duckduckgo, 1000 for brave, 0 for "
                         "searxng)")
            ->check(CLI::Range(0, 600'000))
            ->type_name("N");
        app_->add_option("--workers", settings_.workers, "Threads parsing and classifying pages (default: one per core)")
            ->check(CLI::Range(1, 64))
            ->type_name("N");
        app_->add_option("--db", db_, "SQLite file where runs, pages and evidence are kept")
            ->capture_default_str()
            ->type_name("FILE");
        app_->add_option("--top", top_, "Keep only the first N towns of the shortlist (0: all)")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber)
            ->type_name("N");
        add_network_options(*app_, fetch_);
        add_output_options(*app_, output_, {"csv", "tsv", "json", "jsonl", "md"});
    }

    int run() override {
        check_output_options(output_);
        const auto started = std::chrono::steady_clock::now();
        auto list = load_city_list(selection_);
        auto towns = select(list, selection_);
        auto keywords = load_keyword_set(keywords_dir_);
        AmbiguousNames ambiguous(keywords.ambiguous_names, list.cities);
        auto queries = build_queries(towns, keywords.keywords, ambiguous);
        auto provider = make_search_provider();

        fetch_.log = [](const std::string& line) { std::cerr << "sharitories: note: " << line << '\n'; };
        const auto delay = search_delay_ms_ ? std::chrono::milliseconds(*search_delay_ms_) : provider->default_delay();
        fetch_.origin_limits.push_back({provider->origin(), {.max_in_flight = 1, .min_gap = delay}});
        auto fetcher = make_curl_fetcher(fetch_);

        RunLock lock(db_);
        auto store = open_store(db_);
        ClassifierData classifier(keywords, list.cities);
        settings_.log = [](const std::string& line) { std::cerr << "sharitories: " << line << '\n'; };
        RunSummary summary;
        ScanOutcome outcome;
        try {
            summary.id = store->begin_run(utc_now(), static_cast<int>(towns.size()));
            summary.started_at = utc_now();
            store->save_run_towns(summary.id, towns);
            settings_.run_id = summary.id;
            std::cerr << fmt::format("sharitories: scanning {} towns with {} queries ({}), database {}\n", towns.size(),
                                     queries.size(), provider->name(), db_);
            outcome = run_scan(towns, queries, *provider, *fetcher, classifier, store.get(), settings_);
            store->save_evidence(summary.id, outcome.evidence);
            summary.finished_at = utc_now();
            // more than half the searches failed (no network, a provider blocking): the shortlist would
            // say more about the failure than about the towns
            const bool mostly_failed = outcome.queries > 0 && outcome.queries_failed * 2 > outcome.queries;
            summary.status = mostly_failed ? "failed" : outcome.queries_failed > 0 ? "partial" : "done";
            summary.queries = outcome.queries;
            summary.queries_failed = outcome.queries_failed;
            summary.pages_fetched = outcome.pages_fetched;
            summary.pages_failed = outcome.pages_failed;
            summary.evidence = static_cast<int>(outcome.evidence.size());
            store->finish_run(summary);
        } catch (const std::exception& error) {  // the store, or a worker's failure
            fail({error.what()}, exit_failed);
        }

        // most searches failed (no network, a provider down): yesterday's shortlist is better than this
        const bool run_failed = summary.status == "failed";
        if (!run_failed) write_output(shortlist_table(rank_towns(towns, outcome.evidence), top_), output_);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        constexpr std::size_t problems_shown = 10;
        for (std::size_t i = 0; i < outcome.problems.size() && i < problems_shown; ++i)
            std::cerr << "sharitories: " << outcome.problems[i] << '\n';
        if (outcome.problems.size() > problems_shown)
            std::cerr << fmt::format("sharitories: … and {} more failed searches (see the queries table of {})\n",
                                     outcome.problems.size() - problems_shown, db_);
        std::cerr << fmt::format("sharitories: {} town{}, {} queries ({} failed), pages {} fetched / {} skipped / {} "
                                 "failed, {} evidence rows, {:.0f} s\n",
                                 towns.size(), towns.size() == 1 ? "" : "s", outcome.queries, outcome.queries_failed,
                                 outcome.pages_fetched, outcome.pages_skipped, outcome.pages_failed,
                                 outcome.evidence.size(), seconds);
        if (run_failed) {
            std::cerr << "sharitories: error: more than half the searches failed: no shortlist written\n";
            return exit_failed;
        }
        return outcome.queries_failed > 0 ? exit_partial : exit_done;
    }

private:
    std::unique_ptr<SearchProvider> make_search_provider() const {
        std::string name = provider_.empty() ? (search_url_.empty() ? "duckduckgo" : "searxng") : provider_;
        if (name == "searxng") {
            if (search_url_.empty()) fail({"--provider searxng needs --search-url, the instance's address"}, exit_usage);
            return make_provider(ProviderKind::searxng, search_url_, "", settings_.results);
        }
        if (name == "brave") {
            const char* key = std::getenv("BRAVE_API_KEY");
            if (key == nullptr || *key == '\0')
                fail({"--provider brave needs an API key in the environment variable BRAVE_API_KEY"}, exit_usage);
            return make_provider(ProviderKind::brave, search_url_, key, settings_.results);
        }
        return make_provider(ProviderKind::duckduckgo, search_url_, "", settings_.results);
    }

    SelectionOptions selection_;
    std::string keywords_dir_;
    std::string provider_;
    std::string search_url_;
    std::optional<int> search_delay_ms_;
    std::string db_ = default_db;
    std::size_t top_ = 0;
    ScanSettings settings_;
    FetchOptions fetch_;
    OutputOptions output_;
};

class RankCommand : public StoredScanCommand {
public:
    explicit RankCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("rank", "Re-score the last scan's evidence: the shortlist, without the network");
        set_footer(*app_,
                   "Reads the last finished scan of --db and writes its shortlist again (same columns as scan), "
                   "for instance in another format or with --top.");
        add_db_option();
        app_->add_option("--top", top_, "Keep only the first N towns (0: all)")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber)
            ->type_name("N");
        add_output_options(*app_, output_, {"csv", "tsv", "json", "jsonl", "md"});
    }

    int run() override {
        check_output_options(output_);
        const RunSummary run = open_last_scan();
        write_output(shortlist_table(rank_towns(store_->run_towns(run.id), store_->evidence(run.id)), top_), output_);
        return exit_done;
    }

private:
    std::size_t top_ = 0;
};

class EvidenceCommand : public StoredScanCommand {
public:
    explicit EvidenceCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("evidence", "The pages behind each number of the last scan");
        set_footer(*app_,
                   "One row per town, pillar and page of the last finished scan of --db: insee, city, pillar, "
                   "initiative, url, title, terms, strength, fetched_at. strength is the pillar's strength on "
                   "the page (each matched term's weight, more in the title and headings) times the town weight "
                   "(below 1 for a directory naming many towns); an initiative counts from a town weight of 0.5.");
        add_db_option();
        app_->add_option("--insee", insee_, "Only this town (INSEE code)")->type_name("CODE");
        add_output_options(*app_, output_, {"csv", "tsv", "json", "jsonl", "md"});
    }

    int run() override {
        check_output_options(output_);
        const RunSummary run = open_last_scan();
        write_output(evidence_table(store_->evidence(run.id, insee_)), output_);
        return exit_done;
    }

private:
    std::string insee_;
};

}  // namespace

std::unique_ptr<Command> make_scan_command(CLI::App& parent) { return std::make_unique<ScanCommand>(parent); }
std::unique_ptr<Command> make_rank_command(CLI::App& parent) { return std::make_unique<RankCommand>(parent); }
std::unique_ptr<Command> make_evidence_command(CLI::App& parent) { return std::make_unique<EvidenceCommand>(parent); }

}  // namespace sharitories::cli
