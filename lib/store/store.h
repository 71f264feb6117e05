// The SQLite store (`--db`, default sharitories.db): the crawl's memory, as Apache Nutch's crawl
// database is (DESIGN.md §2). Per query (town, text): the provider last asked, how (hits, no results,
// blocked, failed, silenced), when it was last answered and with which hits; per page: when fetched,
// the outcome, its HTTP validators, a content hash and its verdict (the evidence rows it gave); per
// town, pillar and initiative: first and last seen; per search provider: its cooldown. Runs are kept
// as a journal, each finished run with a snapshot of its result (its shortlist's towns and their
// counted initiatives, for `sharitories changes`). Schema version in `PRAGMA user_version` (4),
// migrated on open from version 3 (no archive sources: its pages were all fetched from their sites),
// 2 (no snapshots: its runs keep none) and 1 (sharitories 0.1's, all of a run's evidence kept per
// run); WAL journal. sqlite3.h is included only in store.cpp; errors
// are thrown as StoreError (a run cannot go on without its store: fatal, handled in cmd/).
// Not thread-safe: one thread at a time (scan/recorder.h serialises the scan's writers).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fetch/fetch_types.h"
#include "model/archive_source.h"
#include "model/city.h"
#include "model/evidence.h"
#include "model/query.h"
#include "model/query_state.h"
#include "model/run_snapshot.h"
#include "search/search_types.h"

namespace sharitories {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RunSummary {
    std::int64_t id = 0;
    std::string started_at;
    std::string finished_at;  ///< "" while running, or if the run was killed
    /// "running", "done", "partial", "failed", "interrupted", or "killed" (found still running by a
    /// later scan: the process died without a word)
    std::string status;
    int towns = 0;            ///< selected
    int queries = 0;          ///< answered during the run
    int queries_failed = 0;   ///< blocked, failed or withdrawn during the run
    int pages_fetched = 0;    ///< fetched with an answer that stands: downloaded (200) or revalidated (304)
    int pages_failed = 0;
    int evidence = 0;         ///< evidence rows recorded during the run
    int searches = 0;         ///< search requests sent (what --budget limits)
    int budget = 0;           ///< 0: no limit
    std::string note;         ///< why the run ended as it did, in words
};

/// What is known of one page (by the URL as requested): its last fetch.
struct PageRecord {
    std::string url;
    std::string final_url;
    int status = 0;
    std::string content_type;
    std::string charset;
    std::string etag;
    std::string last_modified;
    FetchError error = FetchError::none;
    std::string error_detail;
    std::string fetched_at;    ///< ISO 8601 UTC
    std::string content_hash;  ///< of the decoded body; "" when there was none
    int failures = 0;          ///< failed fetches in a row (0 after a success)
    /// The Common Crawl record the page was read from (scan --cc-records: `url` is then the record's
    /// key(), `final_url` the page's address); empty for a page fetched from its site.
    ArchiveSource archive;
};

/// What a previous run learnt about a URL, for a conditional request.
struct PageValidators {
    std::string etag;
    std::string last_modified;
};

/// A hit of an answered query, with what is known of its page (nothing if never fetched).
struct StoredHit {
    std::string insee;
    std::string text;  ///< of the query that found it
    std::string url;
    std::optional<PageRecord> page;
};

/// A search provider's standing between runs.
struct ProviderRecord {
    std::string name;
    std::string cooldown_until;  ///< ISO 8601 UTC; "" or past: available
    int blocks_in_a_row = 0;     ///< reset by an answer; doubles duckduckgo's cooldown
    std::string reason;          ///< the last block, in words
};

class Store {
public:
    static constexpr int schema_version = 4;
    enum class Open {
        create,    ///< create the file if it does not exist (scan)
        existing,  ///< the file must exist (rank, evidence: a typo must not create an empty database)
    };

    /// Opens the database at `path`, migrating an older schema; throws StoreError naming the file.
    explicit Store(const std::filesystem::path& path, Open open = Open::create);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // --- runs ----------------------------------------------------------------------------------
    std::int64_t begin_run(const std::string& started_at, int towns, int budget);
    /// The towns a run selected, so that `rank` lists them all, zeros included.
    void save_run_towns(std::int64_t run, const std::vector<City>& towns);
    std::vector<City> run_towns(std::int64_t run) const;
    void finish_run(const RunSummary& summary);
    /// Runs still marked running, which only a dead process can have left while the caller holds
    /// the scan lock, are marked killed; returns how many.
    int close_abandoned_runs();
    std::optional<RunSummary> latest_run() const;
    std::vector<RunSummary> runs() const;

    // --- snapshots (schema 3) --------------------------------------------------------------------
    /// Keeps what a finished run (done or partial) left — its shortlist's towns and their counted
    /// initiatives — replacing any it had, in one transaction; throws StoreError for a run that is
    /// not finished (an interrupted, failed or killed run has no snapshot).
    void record_snapshot(std::int64_t run, const RunSnapshot& snapshot);
    /// A run's snapshot; none for a run that did not finish, or that finished before schema 3.
    std::optional<RunSnapshot> snapshot(std::int64_t run) const;
    /// The runs that have a snapshot, in order.
    std::vector<std::int64_t> snapshot_runs() const;

    // --- queries ---------------------------------------------------------------------------------
    std::vector<QueryState> query_states() const;
    /// A real answer: hits (or none: no results), replacing the query's previous answer.
    void record_answer(std::int64_t run, const Query& query, const std::string& provider,
                       const std::vector<SearchHit>& hits, const std::string& at, const std::string& message);
    /// An attempt that got no answer (blocked or failed): the previous answer, if any, stands.
    void record_attempt(std::int64_t run, const Query& query, const std::string& provider, QueryOutcome outcome,
                        const std::string& at, const std::string& message);
    /// `provider` has just answered something (a canary): its empty answers so far are not in doubt.
    void note_nonempty_answer(const std::string& provider);
    /// `provider` was found silently blocking: its empty answers since its last non-empty one are
    /// withdrawn (marked silenced, due again); returns how many.
    int withdraw_silent_answers(const std::string& provider);
    /// The hit URLs of a query's standing answer, by rank.
    std::vector<std::string> hits(const std::string& insee, const std::string& text) const;
    /// The hits of the answered queries of these towns (all towns if empty), with their pages.
    std::vector<StoredHit> answered_hits(const std::vector<std::string>& insees) const;

    // --- pages and evidence ----------------------------------------------------------------------
    std::optional<PageRecord> page(const std::string& url) const;
    /// A page's fetch and verdict: its previous evidence rows are replaced by `evidence`, and the
    /// initiatives they count for are marked seen. A failed fetch keeps the previous verdict; a 304
    /// (status 304, no error) is confirm_page.
    void record_page(std::int64_t run, const PageRecord& page, const std::vector<Evidence>& evidence);
    /// A 304 to a conditional request: the page is as it was, so its verdict stands — its evidence
    /// rows are kept as they are — and is confirmed now: the page's fetch is dated `page.fetched_at`
    /// and `run` (status 304, no error, no failures; its validators kept, or replaced by those the
    /// 304 sent), and the initiatives its evidence counts for are seen then (last_seen).
    void confirm_page(std::int64_t run, const PageRecord& page);
    std::optional<PageValidators> validators(const std::string& url) const;
    /// The evidence the store holds now, whichever run found it, for these towns (all if empty):
    /// one row per town, pillar and page address (the strongest when two requested URLs led to
    /// one page), by town, pillar order, strength.
    std::vector<Evidence> current_evidence(const std::vector<std::string>& insees = {}) const;
    std::vector<InitiativeSeen> initiatives(const std::string& insee = "") const;

    // --- search providers ------------------------------------------------------------------------
    std::vector<ProviderRecord> providers() const;
    void save_provider(const ProviderRecord& provider);

    // --- batching ----------------------------------------------------------------------------------
    /// Writes after begin_batch() are committed together by commit_batch() (one transaction: cheaper
    /// than one each, and a crash loses at most the batch). Without a batch each write commits alone.
    void begin_batch();
    void commit_batch();
    bool in_batch() const;

private:
    struct Database;
    std::unique_ptr<Database> db_;
};

}  // namespace sharitories
