#include "store/store.h"

#include <sqlite3.h>

#include <fmt/core.h>

namespace sharitories {
namespace {

constexpr const char* schema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA user_version = 1;
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'running',
    towns INTEGER NOT NULL DEFAULT 0,
    queries INTEGER NOT NULL DEFAULT 0,
    queries_failed INTEGER NOT NULL DEFAULT 0,
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    pages_failed INTEGER NOT NULL DEFAULT 0,
    evidence INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS run_towns (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    insee TEXT NOT NULL,
    name TEXT NOT NULL,
    departement TEXT NOT NULL,
    population INTEGER NOT NULL,
    PRIMARY KEY (run_id, insee)
);
CREATE TABLE IF NOT EXISTS queries (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    insee TEXT NOT NULL,
    pillar TEXT NOT NULL,
    grp INTEGER NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    hits INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (run_id, insee, pillar, grp)
);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    run_id INTEGER NOT NULL,
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    charset TEXT NOT NULL,
    etag TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    error TEXT NOT NULL,
    error_detail TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    insee TEXT NOT NULL,
    city TEXT NOT NULL,
    pillar TEXT NOT NULL,
    initiative TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    terms TEXT NOT NULL,
    strength REAL NOT NULL,
    town_weight REAL NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (run_id, insee, pillar, url)
);
CREATE INDEX IF NOT EXISTS evidence_by_town ON evidence (run_id, insee);
)sql";

/// One prepared statement, finalised with its scope.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK)
            throw StoreError(fmt::format("database: {} (in: {})", sqlite3_errmsg(db), sql));
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const std::string& value) {
        sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int index, std::int64_t value) {
        sqlite3_bind_int64(statement_, index, value);
        return *this;
    }
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value) {
        sqlite3_bind_double(statement_, index, value);
        return *this;
    }

    /// Steps once: true while a row is available.
    bool step() {
        int code = sqlite3_step(statement_);
        if (code == SQLITE_ROW) return true;
        if (code == SQLITE_DONE) return false;
        throw StoreError(fmt::format("database: {}", sqlite3_errmsg(db_)));
    }
    void run() {
        while (step()) {
        }
    }
    void reset() {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }

    std::string text(int column) const {
        const auto* value = sqlite3_column_text(statement_, column);
        return value ? reinterpret_cast<const char*>(value) : "";
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
    double real(int column) const { return sqlite3_column_double(statement_, column); }

private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

std::vector<std::string> split_terms(const std::string& joined) {
    std::vector<std::string> terms;
    std::size_t pos = 0;
    while (pos <= joined.size() && !joined.empty()) {
        auto end = joined.find('\x1f', pos);
        if (end == std::string::npos) end = joined.size();
        terms.push_back(joined.substr(pos, end - pos));
        pos = end + 1;
    }
    return terms;
}

std::string join_terms(const std::vector<std::string>& terms) {
    std::string joined;
    for (const auto& term : terms) joined += (joined.empty() ? "" : "\x1f") + term;  // a separator no term holds
    return joined;
}

RunSummary read_run(const Statement& row) {
    return {row.integer(0),
            row.text(1),
            row.text(2),
            row.text(3),
            static_cast<int>(row.integer(4)),
            static_cast<int>(row.integer(5)),
            static_cast<int>(row.integer(6)),
            static_cast<int>(row.integer(7)),
            static_cast<int>(row.integer(8)),
            static_cast<int>(row.integer(9))};
}

constexpr const char* run_columns =
    "id, started_at, finished_at, status, towns, queries, queries_failed, pages_fetched, pages_failed, evidence";

std::string_view status_name(SearchStatus status) {
    switch (status) {
        case SearchStatus::ok: return "ok";
        case SearchStatus::no_results: return "no-results";
        case SearchStatus::blocked: return "blocked";
        case SearchStatus::error: return "error";
    }
    return "error";
}

}  // namespace

struct Store::Database {
    sqlite3* handle = nullptr;
    ~Database() { sqlite3_close(handle); }

    /// Runs `work` in one transaction: all of it is stored, or none.
    template <typename Work>
    void transaction(Work work) {
        exec("BEGIN");
        try {
            work();
            exec("COMMIT");
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }

    void exec(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(handle, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw StoreError("database: " + message);
        }
    }
};

Store::Store(const std::filesystem::path& path) : db_(std::make_unique<Database>()) {
    if (sqlite3_open_v2(path.c_str(), &db_->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        std::string message = db_->handle ? sqlite3_errmsg(db_->handle) : "out of memory";
        throw StoreError(fmt::format("cannot open the database {}: {}", path.string(), message));
    }
    sqlite3_busy_timeout(db_->handle, 5000);
    try {
        db_->exec(schema);
    } catch (const StoreError& error) {
        throw StoreError(fmt::format("{} is not a sharitories database ({})", path.string(), error.what()));
    }
}

Store::~Store() = default;

std::int64_t Store::begin_run(const std::string& started_at, int towns) {
    Statement insert(db_->handle, "INSERT INTO runs (started_at, towns) VALUES (?, ?)");
    insert.bind(1, started_at).bind(2, towns).run();
    return sqlite3_last_insert_rowid(db_->handle);
}

void Store::save_run_towns(std::int64_t run, const std::vector<City>& towns) {
    db_->transaction([&] {
        Statement insert(db_->handle,
                         "INSERT OR REPLACE INTO run_towns (run_id, insee, name, departement, population) VALUES (?, ?, ?, ?, ?)");
        for (const auto& town : towns) {
            insert.bind(1, run).bind(2, town.insee).bind(3, town.name).bind(4, town.departement).bind(5, town.population).run();
            insert.reset();
        }
    });
}

std::vector<City> Store::run_towns(std::int64_t run) const {
    Statement select(db_->handle, "SELECT insee, name, departement, population FROM run_towns WHERE run_id = ? ORDER BY insee");
    select.bind(1, run);
    std::vector<City> towns;
    while (select.step()) {
        City town;
        town.insee = select.text(0);
        town.name = select.text(1);
        town.departement = select.text(2);
        town.population = select.integer(3);
        towns.push_back(std::move(town));
    }
    return towns;
}

void Store::finish_run(const RunSummary& summary) {
    Statement update(db_->handle,
                     "UPDATE runs SET finished_at = ?, status = ?, queries = ?, queries_failed = ?, pages_fetched = ?, "
                     "pages_failed = ?, evidence = ? WHERE id = ?");
    update.bind(1, summary.finished_at)
        .bind(2, summary.status)
        .bind(3, summary.queries)
        .bind(4, summary.queries_failed)
        .bind(5, summary.pages_fetched)
        .bind(6, summary.pages_failed)
        .bind(7, summary.evidence)
        .bind(8, summary.id)
        .run();
}

void Store::save_query(std::int64_t run, const Query& query, SearchStatus status, int hits, const std::string& message) {
    Statement insert(db_->handle,
                     "INSERT OR REPLACE INTO queries (run_id, insee, pillar, grp, text, status, hits, message) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, run)
        .bind(2, query.insee)
        .bind(3, std::string(to_string(query.pillar)))
        .bind(4, query.group)
        .bind(5, query.text)
        .bind(6, std::string(status_name(status)))
        .bind(7, hits)
        .bind(8, message)
        .run();
}

void Store::save_page(std::int64_t run, const FetchResult& result, const std::string& fetched_at) {
    Statement insert(db_->handle,
                     "INSERT INTO pages (url, run_id, final_url, status, content_type, charset, etag, last_modified, "
                     "error, error_detail, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT (url) DO UPDATE SET run_id = excluded.run_id, final_url = excluded.final_url, "
                     "status = excluded.status, content_type = excluded.content_type, charset = excluded.charset, "
                     // a 304 keeps the validators it confirmed
                     "etag = CASE WHEN excluded.status = 304 THEN pages.etag ELSE excluded.etag END, "
                     "last_modified = CASE WHEN excluded.status = 304 THEN pages.last_modified "
                     "ELSE excluded.last_modified END, error = excluded.error, error_detail = excluded.error_detail, "
                     "fetched_at = excluded.fetched_at");
    insert.bind(1, result.requested_url)
        .bind(2, run)
        .bind(3, result.final_url)
        .bind(4, result.status)
        .bind(5, result.content_type)
        .bind(6, result.charset)
        .bind(7, result.etag)
        .bind(8, result.last_modified)
        .bind(9, std::string(to_string(result.error)))
        .bind(10, result.error_detail)
        .bind(11, fetched_at)
        .run();
}

void Store::save_evidence(std::int64_t run, const std::vector<Evidence>& evidence) {
    db_->transaction([&] {
        Statement insert(db_->handle,
                         "INSERT OR REPLACE INTO evidence (run_id, insee, city, pillar, initiative, url, title, terms, "
                         "strength, town_weight, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const auto& row : evidence) {
            insert.bind(1, run)
                .bind(2, row.insee)
                .bind(3, row.city)
                .bind(4, std::string(to_string(row.pillar)))
                .bind(5, row.initiative)
                .bind(6, row.url)
                .bind(7, row.title)
                .bind(8, join_terms(row.terms))
                .bind(9, row.strength)
                .bind(10, row.town_weight)
                .bind(11, row.fetched_at)
                .run();
            insert.reset();
        }
    });
}

std::optional<PageValidators> Store::validators(const std::string& url) const {
    Statement select(db_->handle, "SELECT etag, last_modified FROM pages WHERE url = ? AND error = ''");
    select.bind(1, url);
    if (!select.step()) return std::nullopt;
    PageValidators validators{select.text(0), select.text(1)};
    if (validators.etag.empty() && validators.last_modified.empty()) return std::nullopt;
    return validators;
}

std::optional<RunSummary> Store::latest_finished_run() const {
    Statement select(db_->handle, fmt::format("SELECT {} FROM runs WHERE status IN ('done', 'partial') ORDER BY id DESC "
                                              "LIMIT 1",
                                              run_columns)
                                      .c_str());
    if (!select.step()) return std::nullopt;
    return read_run(select);
}

std::vector<RunSummary> Store::runs() const {
    Statement select(db_->handle, fmt::format("SELECT {} FROM runs ORDER BY id", run_columns).c_str());
    std::vector<RunSummary> runs;
    while (select.step()) runs.push_back(read_run(select));
    return runs;
}

namespace {

constexpr const char* evidence_columns =
    "insee, city, pillar, initiative, url, title, terms, strength, town_weight, fetched_at";

std::vector<Evidence> read_evidence(Statement& select) {
    std::vector<Evidence> rows;
    while (select.step()) {
        Evidence row;
        row.insee = select.text(0);
        row.city = select.text(1);
        row.pillar = parse_pillar(select.text(2)).value_or(Pillar::consommation);
        row.initiative = select.text(3);
        row.url = select.text(4);
        row.title = select.text(5);
        row.terms = split_terms(select.text(6));
        row.strength = select.real(7);
        row.town_weight = select.real(8);
        row.fetched_at = select.text(9);
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

std::vector<Evidence> Store::evidence(std::int64_t run, const std::string& insee) const {
    Statement select(db_->handle,
                     fmt::format("SELECT {} FROM evidence WHERE run_id = ? AND (? = '' OR insee = ?) "
                                 "ORDER BY insee, CASE pillar WHEN 'consommation' THEN 0 WHEN 'production' THEN 1 "
                                 "WHEN 'financement' THEN 2 ELSE 3 END, strength DESC, url",
                                 evidence_columns)
                         .c_str());
    select.bind(1, run).bind(2, insee).bind(3, insee);
    return read_evidence(select);
}


}  // namespace sharitories
