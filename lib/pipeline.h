// The scan, wired (DESIGN.md §2): queries → search provider → result URLs, deduplicated across
// queries → fetch → page text → classification against the towns → evidence. The fetch engine runs
// on the calling thread; pages are parsed and classified on a pool of worker threads fed through a
// bounded queue (a page is dropped once classified: only its evidence is kept, so memory stays flat
// however many pages a scan reads; the queue holds at most 64 pages or 32 MiB). Searches go out one after another, each as the previous one
// ends, so that a provider that blocks or cannot be reached (three times in a row) is left alone for
// the rest of the run instead of being asked thousands of times.
//
// Which towns a page is classified for: the towns whose searches found it (a hint), and every
// selected town the page names — so a page found by Lorient's search that is really about Vannes
// counts for Vannes, whichever search found it first.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "classify/page_classifier.h"
#include "fetch/fetcher.h"
#include "model/city.h"
#include "model/evidence.h"
#include "model/query.h"
#include "search/search_provider.h"
#include "store/store.h"

namespace sharitories {

struct ScanSettings {
    int results = 10;        ///< hits wanted per query (--results)
    int workers = 0;         ///< parse threads; 0: one per core
    int blocked_limit = 3;   ///< searches blocked or failed in a row before searching stops for the run
    /// A blocked search (a CAPTCHA, a 429) is asked again after this, doubled at each block in a row.
    std::chrono::milliseconds blocked_backoff{60'000};
    std::int64_t run_id = 0; ///< the store's run the queries, pages and evidence belong to
    std::function<void(const std::string&)> log;          ///< progress and notes, one line each
    std::function<std::string()> now;                     ///< ISO 8601 UTC; the wall clock if unset
};

struct ScanOutcome {
    std::vector<Evidence> evidence;
    int queries = 0;
    int queries_failed = 0;  ///< blocked, errors, or never sent because the provider blocked
    int pages_fetched = 0;
    int pages_skipped = 0;   ///< refused by robots.txt, not a page, too large …
    int pages_failed = 0;    ///< network errors and HTTP errors
    std::vector<std::string> problems;  ///< per-town or per-query failures, in words
};

ScanOutcome run_scan(const std::vector<City>& towns, const std::vector<Query>& queries, const SearchProvider& provider,
                     Fetcher& fetcher, const ClassifierData& classifier, Store* store, const ScanSettings& settings);

/// The current UTC time as 2026-11-21T22:00:00Z.
std::string utc_now();

}  // namespace sharitories
