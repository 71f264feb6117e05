// The SQLite store of a scan (`--db`, default sharitories.db): each run and the towns it covers, the
// queries it sent and what they found, each page's fetch result with its HTTP validators (ETag,
// Last-Modified: kept for conditional requests, which the scan does not send yet, see pipeline.cpp),
// and the evidence — so that `rank` and `evidence` work without the network. sqlite3.h is included
// only in store.cpp; errors are thrown as StoreError (a run cannot go on without its store: fatal,
// handled in cmd/).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fetch/fetch_types.h"
#include "model/city.h"
#include "model/evidence.h"
#include "model/query.h"
#include "search/search_types.h"

namespace sharitories {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RunSummary {
    std::int64_t id = 0;
    std::string started_at;
    std::string finished_at;  ///< "" while running or if the run died
    std::string status;       ///< "running", "done", "partial", "failed", "interrupted"
    int towns = 0;
    int queries = 0;
    int queries_failed = 0;
    int pages_fetched = 0;
    int pages_failed = 0;
    int evidence = 0;
};

/// What a previous run learnt about a URL, for a conditional request.
struct PageValidators {
    std::string etag;
    std::string last_modified;
};

class Store {
public:
    /// Opens (creating if needed) the database at `path`; throws StoreError naming the file.
    explicit Store(const std::filesystem::path& path);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    std::int64_t begin_run(const std::string& started_at, int towns);
    /// The towns a run covers, so that `rank` lists them all, zeros included.
    void save_run_towns(std::int64_t run, const std::vector<City>& towns);
    std::vector<City> run_towns(std::int64_t run) const;
    void finish_run(const RunSummary& summary);

    void save_query(std::int64_t run, const Query& query, SearchStatus status, int hits, const std::string& message);
    void save_page(std::int64_t run, const FetchResult& result, const std::string& fetched_at);
    void save_evidence(std::int64_t run, const std::vector<Evidence>& evidence);

    std::optional<PageValidators> validators(const std::string& url) const;
    /// The last run that finished ("done" or "partial"), if any.
    std::optional<RunSummary> latest_finished_run() const;
    std::vector<RunSummary> runs() const;
    /// Evidence of `run`, optionally of one town (INSEE code), by town then pillar then strength.
    std::vector<Evidence> evidence(std::int64_t run, const std::string& insee = "") const;

private:
    struct Database;
    std::unique_ptr<Database> db_;
};

}  // namespace sharitories
