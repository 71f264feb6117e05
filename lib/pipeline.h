// The scan, wired (DESIGN.md §2): one step of an incremental crawl whose memory is the store, as in
// Apache Nutch's cycle. Plan (scan/plan.h: the queries due, town by town) → search (scan/
// search_queue.h within the budget, scan/provider_rotation.h for failover and cooldowns) → fetch
// (the Fetcher: hits, and pages an earlier run found but never read) → classify (scan/
// classify_pool.h) → record (scan/recorder.h: committed as it completes). This file only routes
// results between those pieces and keeps the run's journal; they do the work.
//
// Silence is suspicious: when every query of a town comes back empty, the town's name alone is
// asked (a canary, whose answer cannot be empty); if that is empty too, the provider is taken as
// blocked, and every empty answer it gave since its last non-empty one is withdrawn (due again).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "classify/page_classifier.h"
#include "fetch/fetcher.h"
#include "model/city.h"
#include "model/query.h"
#include "model/timestamp.h"
#include "search/search_provider.h"
#include "store/store.h"

namespace sharitories {

/// One provider of --provider, in the user's order.
struct ProviderChoice {
    const SearchProvider* provider = nullptr;
    int concurrency = 1;  ///< searches in flight at once (--search-concurrency, else its default)
    int allowance = 0;    ///< requests it may be sent in the run, of the whole budget; 0: no limit of its own
};

/// Where a running scan stands, for a progress line (`ScanSettings::progress`).
struct ScanProgress {
    int towns_done = 0;     ///< towns whose due searches are all answered or given up
    int towns = 0;          ///< towns with searches due at the start
    int searches = 0;       ///< search requests sent
    int budget = 0;         ///< the night's budget; 0: no limit
    int pages = 0;          ///< pages fetched
    int errors = 0;         ///< searches blocked or failed, pages failed
    bool town_finished = false;  ///< reported because a town was just finished
};

struct ScanSettings {
    int results = 10;       ///< hits wanted per query (--results)
    int workers = 0;        ///< classify threads; 0: one per core
    int budget = 0;         ///< search requests the run may send, all providers together; 0: no limit
    int refresh_days = 30;  ///< an answer older than this is due again (--refresh-days)
    /// A page fetched more recently than this is not fetched again; an older one is revalidated
    /// (--max-age; 0: every page found is revalidated).
    std::chrono::seconds max_age = std::chrono::days(7);
    /// A provider free again within this is waited for; beyond, the run ends its searching.
    std::chrono::seconds max_cooldown_wait{120};
    std::function<void(const std::string&)> log;  ///< notes, one line each
    /// Called after every search and page result and when a town is finished (the caller
    /// throttles what it shows).
    std::function<void(const ScanProgress&)> progress;
    std::function<SystemTime()> now;              ///< the wall clock if unset
};

/// Lets another thread (a signal watcher) stop a scan: no new work is taken, transfers in flight
/// are dropped, what was fetched is still classified and recorded, the run is marked interrupted.
class ScanControl {
public:
    /// Safe from any thread; `signal` (SIGINT, SIGTERM) is kept for the exit code.
    void stop(int signal);
    bool stopping() const { return signal_ != 0; }
    int signal() const { return signal_; }
    /// The fetcher a stop cancels; set by run_scan, and reset (nullptr) before it returns.
    void attach(Fetcher* fetcher);

private:
    std::atomic<int> signal_{0};
    std::mutex mutex_;  // a stop and a detach do not cross: cancel() never reaches a fetcher that is gone
    Fetcher* fetcher_ = nullptr;
};

/// `fetcher` attached to `control` (if any) for as long as this lives: a late signal never reaches a
/// fetcher that is gone. Both run_scan and run_record_scan hold one.
class ControlAttachment {
public:
    ControlAttachment(ScanControl* control, Fetcher& fetcher) : control_(control) {
        if (control_) control_->attach(&fetcher);
    }
    ~ControlAttachment() {
        if (control_) control_->attach(nullptr);
    }
    ControlAttachment(const ControlAttachment&) = delete;
    ControlAttachment& operator=(const ControlAttachment&) = delete;

private:
    ScanControl* control_;
};

enum class RunStatus {
    done,         ///< the budget is spent, or nothing is due any more
    partial,      ///< some searches were blocked or failed, a provider fell silent, or due work was left
                  ///< because no provider could take it
    failed,       ///< most searches failed (no network, a provider refusing): no shortlist
    interrupted,  ///< stopped by a signal
};

struct ScanReport {
    RunSummary run;              ///< as recorded in the store
    RunStatus status = RunStatus::done;
    std::size_t due_before = 0;  ///< queries due when the run started
    std::size_t due_after = 0;   ///< and when it ended
    std::size_t towns_due_after = 0;
    int searches = 0;            ///< requests sent, canaries included
    int canaries = 0;
    int answered = 0;            ///< queries answered
    int blocked = 0;             ///< search requests blocked
    int failed = 0;              ///< search requests that failed
    int withdrawn = 0;           ///< empty answers withdrawn after a provider's silence
    int pages_fetched = 0;       ///< downloaded: a body received (a 200), classified anew
    int pages_revalidated = 0;   ///< a 304 to a conditional request: the stored verdict stands
    int pages_skipped = 0;       ///< refused by robots.txt, not a page, too large …
    int pages_failed = 0;        ///< network and HTTP errors
    int pages_fresh = 0;         ///< found again, fetched within --max-age: not fetched
    int evidence_rows = 0;
    int towns_finished = 0;      ///< towns whose due queries were all answered this run
    std::vector<std::string> problems;  ///< per-query failures, in words
    std::vector<std::string> notes;     ///< why the run ended where it did, in words
};

struct ScanInputs {
    const std::vector<City>& selected;   ///< the run's towns
    const std::vector<Query>& queries;   ///< their searches, due or not
    const ClassifierData& classifier;    ///< built from the whole list: a page counts for every town it names
};

/// Runs one step of the crawl for `inputs.selected`, journaled as a run in `store`. Throws
/// StoreError if the store fails (fatal); every other failure is in the report.
ScanReport run_scan(const ScanInputs& inputs, const std::vector<ProviderChoice>& providers, Fetcher& fetcher,
                    Store& store, const ScanSettings& settings, ScanControl* control = nullptr);

/// The search a canary sends: the town's name alone, quoted.
std::string canary_query(const std::string& town_name);

}  // namespace sharitories
