#include "store/store.h"

#include <sqlite3.h>

#include <fmt/core.h>

#include <map>

namespace sharitories {
namespace {

// Schema 4 (2, the runs' snapshots, the pages' archive sources). Timestamps are ISO 8601 UTC text ("2026-11-21T22:00:00Z"): they sort as they compare.
// The tables new in schema 2, each written once: the fresh schema and the migration both use them.
constexpr const char* queries_table = R"sql(
CREATE TABLE queries (
    id INTEGER PRIMARY KEY,
    insee TEXT NOT NULL,
    text TEXT NOT NULL,
    pillar TEXT NOT NULL,
    grp INTEGER NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    answered_at TEXT,
    attempted_at TEXT NOT NULL,
    answer_seq INTEGER NOT NULL DEFAULT 0,
    hits INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    run_id INTEGER,
    UNIQUE (insee, text)
);
)sql";
// a query's text is long (up to 400 characters) and it has ten hits or so: they point to it by id
constexpr const char* query_hits_table = R"sql(
CREATE TABLE query_hits (
    query_id INTEGER NOT NULL REFERENCES queries(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (query_id, url)
);
)sql";
constexpr const char* page_evidence_table = R"sql(
CREATE TABLE page_evidence (
    url TEXT NOT NULL,
    insee TEXT NOT NULL,
    city TEXT NOT NULL,
    pillar TEXT NOT NULL,
    initiative TEXT NOT NULL,
    final_url TEXT NOT NULL,
    title TEXT NOT NULL,
    terms TEXT NOT NULL,
    strength REAL NOT NULL,
    town_weight REAL NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (url, insee, pillar)
);
CREATE INDEX page_evidence_by_town ON page_evidence (insee);
)sql";
constexpr const char* initiatives_table = R"sql(
CREATE TABLE initiatives (
    insee TEXT NOT NULL,
    pillar TEXT NOT NULL,
    initiative TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (insee, pillar, initiative)
);
)sql";
constexpr const char* providers_table = R"sql(
CREATE TABLE providers (
    name TEXT PRIMARY KEY,
    cooldown_until TEXT NOT NULL DEFAULT '',
    blocks_in_a_row INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    last_nonempty_seq INTEGER NOT NULL DEFAULT 0
);
)sql";

/// A new database, at schema 2.
std::string schema_v2() {
    return std::string(R"sql(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'running',
    towns INTEGER NOT NULL DEFAULT 0,
    queries INTEGER NOT NULL DEFAULT 0,
    queries_failed INTEGER NOT NULL DEFAULT 0,
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    pages_failed INTEGER NOT NULL DEFAULT 0,
    evidence INTEGER NOT NULL DEFAULT 0,
    searches INTEGER NOT NULL DEFAULT 0,
    budget INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE run_towns (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    insee TEXT NOT NULL,
    name TEXT NOT NULL,
    departement TEXT NOT NULL,
    population INTEGER NOT NULL,
    PRIMARY KEY (run_id, insee)
);
CREATE TABLE pages (
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
    fetched_at TEXT NOT NULL,
    content_hash TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0
);
)sql") + queries_table + query_hits_table + page_evidence_table + initiatives_table + providers_table;
}

/// From schema 1 (sharitories 0.1: every run a full snapshot — its queries, and its evidence saved
/// when it ended) to 2. A query's standing answer is its latest real answer of a run that ended (a
/// killed 0.1 run saved its queries but never its evidence: its answers are not kept, so those
/// queries are asked again); a town's current evidence is that of the latest ended run that covered
/// it, keyed by the page as requested where the pages table knows it.
std::string migrate_v1_to_v2() {
    return std::string(R"sql(
ALTER TABLE runs ADD COLUMN searches INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN budget INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queries RENAME TO queries_v1;
)sql") + queries_table + R"sql(
INSERT INTO queries (insee, text, pillar, grp, outcome, answered_at, attempted_at, hits, message, run_id)
SELECT insee, text, pillar, grp, outcome, answered_at, attempted_at, hits, message, run_id FROM (
    SELECT q.insee, q.text, q.pillar, q.grp,
           CASE WHEN answered AND q.status = 'ok' THEN 'hits' WHEN answered THEN 'no-results'
                WHEN q.status = 'blocked' THEN 'blocked' ELSE 'failed' END AS outcome,
           CASE WHEN answered THEN r.started_at END AS answered_at,
           r.started_at AS attempted_at, q.hits, q.message, q.run_id,
           ROW_NUMBER() OVER (PARTITION BY q.insee, q.text ORDER BY answered DESC, q.run_id DESC) AS latest
    FROM (SELECT *, status IN ('ok', 'no-results') AND
                    (SELECT finished_at FROM runs WHERE id = run_id) <> '' AS answered FROM queries_v1) q
    JOIN runs r ON r.id = q.run_id)
WHERE latest = 1;
DROP TABLE queries_v1;
)sql" + query_hits_table + page_evidence_table + R"sql(
INSERT OR REPLACE INTO page_evidence
    (url, insee, city, pillar, initiative, final_url, title, terms, strength, town_weight, fetched_at)
SELECT COALESCE((SELECT p.url FROM pages p WHERE p.final_url = e.url ORDER BY p.url LIMIT 1), e.url),
       e.insee, e.city, e.pillar, e.initiative, e.url, e.title, e.terms, e.strength, e.town_weight, e.fetched_at
FROM evidence e
WHERE e.run_id = (SELECT MAX(t.run_id) FROM run_towns t JOIN runs r ON r.id = t.run_id
                  WHERE t.insee = e.insee AND r.finished_at <> '')
ORDER BY e.strength;
)sql" + initiatives_table + R"sql(
INSERT INTO initiatives (insee, pillar, initiative, first_seen, last_seen)
SELECT insee, pillar, initiative, MIN(fetched_at), MAX(fetched_at) FROM evidence
WHERE town_weight >= 0.5 GROUP BY insee, pillar, initiative;
DROP TABLE evidence;
)sql" + providers_table;
}

/// From schema 2 to 3: the snapshot of each finished run (its shortlist's towns and their counted
/// initiatives), which `sharitories changes` compares. A run of an older schema simply has none.
constexpr const char* snapshot_tables = R"sql(
CREATE TABLE run_snapshots (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE
);
CREATE TABLE snapshot_towns (
    run_id INTEGER NOT NULL REFERENCES run_snapshots(run_id) ON DELETE CASCADE,
    insee TEXT NOT NULL,
    city TEXT NOT NULL,
    rank INTEGER NOT NULL,
    consommation INTEGER NOT NULL,
    production INTEGER NOT NULL,
    financement INTEGER NOT NULL,
    gouvernance INTEGER NOT NULL,
    score REAL NOT NULL,
    coverage REAL NOT NULL,
    PRIMARY KEY (run_id, insee)
) WITHOUT ROWID;
CREATE TABLE snapshot_initiatives (
    run_id INTEGER NOT NULL REFERENCES run_snapshots(run_id) ON DELETE CASCADE,
    insee TEXT NOT NULL,
    pillar TEXT NOT NULL,
    initiative TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (run_id, insee, pillar, initiative)
) WITHOUT ROWID;
)sql";

/// From schema 3 to 4: a page read from a Common Crawl record (scan --cc-records) says which; a
/// page fetched from its site, every page of an older database, has '' and 0 there.
constexpr const char* archive_columns = R"sql(
ALTER TABLE pages ADD COLUMN crawl TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN warc_filename TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN warc_record_offset INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN warc_record_length INTEGER NOT NULL DEFAULT 0;
)sql";

/// What brings a database of schema `version` (0: a new file) to the current one, step by step.
std::string schema_upgrade(int version) {
    std::string sql;
    if (version == 0) sql += schema_v2();
    if (version == 1) sql += migrate_v1_to_v2();
    if (version < 3) sql += snapshot_tables;
    if (version < 4) sql += archive_columns;
    return sql;
}

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
    /// Ready for new bindings (a cached statement is reset before each use).
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
    bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

/// A cached statement lent for one use: reset when the use ends, so that no half-read query keeps
/// a read transaction open between uses.
class Prepared {
public:
    explicit Prepared(Statement& statement) : statement_(&statement) {}
    ~Prepared() { statement_->reset(); }
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;

    template <typename Value>
    Prepared& bind(int index, const Value& value) {
        statement_->bind(index, value);
        return *this;
    }
    bool step() { return statement_->step(); }
    void run() { statement_->run(); }
    const Statement& row() const { return *statement_; }
    std::string text(int column) const { return statement_->text(column); }
    std::int64_t integer(int column) const { return statement_->integer(column); }
    double real(int column) const { return statement_->real(column); }

private:
    Statement* statement_;
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

constexpr const char* run_columns =
    "id, started_at, finished_at, status, towns, queries, queries_failed, pages_fetched, pages_failed, evidence, "
    "searches, budget, note";

RunSummary read_run(const Statement& row) {
    auto number = [&](int column) { return static_cast<int>(row.integer(column)); };
    return {row.integer(0), row.text(1), row.text(2),  row.text(3),  number(4),  number(5),  number(6),
            number(7),      number(8),   number(9),    number(10),   number(11), row.text(12)};
}

constexpr const char* page_columns =
    "url, final_url, status, content_type, charset, etag, last_modified, error, error_detail, fetched_at, "
    "content_hash, failures, crawl, warc_filename, warc_record_offset, warc_record_length";

FetchError parse_fetch_error(const std::string& name) {
    for (int i = 0; i <= static_cast<int>(FetchError::other); ++i) {
        const auto error = static_cast<FetchError>(i);
        if (to_string(error) == name) return error;
    }
    return FetchError::other;
}

/// An archive source whose columns (crawl, warc_filename, warc_record_offset, warc_record_length)
/// start at `first`.
ArchiveSource read_archive_source(const Statement& row, int first) {
    return {row.text(first), row.text(first + 1), static_cast<std::uint64_t>(row.integer(first + 2)),
            static_cast<std::uint64_t>(row.integer(first + 3))};
}

/// A page row whose columns start at `first` (page_columns, in order).
PageRecord read_page(const Statement& row, int first) {
    PageRecord page;
    page.url = row.text(first);
    page.final_url = row.text(first + 1);
    page.status = static_cast<int>(row.integer(first + 2));
    page.content_type = row.text(first + 3);
    page.charset = row.text(first + 4);
    page.etag = row.text(first + 5);
    page.last_modified = row.text(first + 6);
    page.error = parse_fetch_error(row.text(first + 7));
    page.error_detail = row.text(first + 8);
    page.fetched_at = row.text(first + 9);
    page.content_hash = row.text(first + 10);
    page.failures = static_cast<int>(row.integer(first + 11));
    page.archive = read_archive_source(row, first + 12);
    return page;
}

constexpr const char* evidence_columns =
    "insee, city, pillar, initiative, final_url, title, terms, strength, town_weight, fetched_at";

Evidence read_evidence(const Statement& row) {
    Evidence evidence;
    evidence.insee = row.text(0);
    evidence.city = row.text(1);
    evidence.pillar = parse_pillar(row.text(2)).value_or(Pillar::consommation);
    evidence.initiative = row.text(3);
    evidence.url = row.text(4);
    evidence.title = row.text(5);
    evidence.terms = split_terms(row.text(6));
    evidence.strength = row.real(7);
    evidence.town_weight = row.real(8);
    evidence.fetched_at = row.text(9);
    evidence.archive = read_archive_source(row, 10);  // its page's (see current_evidence)
    return evidence;
}

/// "url, final_url" → "p.url, p.final_url"
std::string qualified(std::string_view columns, std::string_view alias) {
    std::string list;
    while (!columns.empty()) {
        const auto comma = columns.find(", ");
        list += fmt::format("{}{}.{}", list.empty() ? "" : ", ", alias, columns.substr(0, comma));
        columns = comma == std::string_view::npos ? std::string_view{} : columns.substr(comma + 2);
    }
    return list;
}

/// "?, ?, ?" for `count` values, to bind a list of towns.
std::string placeholders(std::size_t count) {
    std::string list;
    for (std::size_t i = 0; i < count; ++i) list += i ? ", ?" : "?";
    return list;
}

}  // namespace

struct Store::Database {
    sqlite3* handle = nullptr;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache;  // prepared once, reset per use
    bool in_batch = false;
    int savepoints = 0;

    ~Database() {
        cache.clear();  // statements first: a connection with live statements does not close
        sqlite3_close(handle);
    }

    /// A cached prepared statement, ready for bindings, for one use.
    Prepared prepare(const std::string& sql) {
        auto found = cache.find(sql);
        if (found == cache.end()) found = cache.emplace(sql, std::make_unique<Statement>(handle, sql.c_str())).first;
        return Prepared(*found->second);
    }

    /// Runs `work` atomically: all of it is stored, or none. A savepoint, so that it nests inside
    /// a batch; outside one it commits on its own.
    template <typename Work>
    void atomically(Work work) {
        const std::string name = fmt::format("write{}", savepoints++);
        exec(("SAVEPOINT " + name).c_str());
        try {
            work();
            exec(("RELEASE " + name).c_str());
        } catch (...) {
            exec(("ROLLBACK TO " + name).c_str());
            exec(("RELEASE " + name).c_str());
            --savepoints;
            throw;
        }
        --savepoints;
    }

    void exec(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(handle, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error ? error : "unknown error";
            sqlite3_free(error);
            throw StoreError("database: " + message);
        }
    }

    int user_version() {
        Statement select(handle, "PRAGMA user_version");
        return select.step() ? static_cast<int>(select.integer(0)) : 0;
    }

    bool has_tables() {
        Statement select(handle, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'");
        return select.step() && select.integer(0) > 0;
    }
};

Store::Store(const std::filesystem::path& path, Open open) : db_(std::make_unique<Database>()) {
    if (open == Open::existing && !std::filesystem::exists(path))
        throw StoreError(fmt::format("the database {} does not exist (run a scan with --db {} first)", path.string(),
                                     path.string()));
    const int flags = SQLITE_OPEN_READWRITE | (open == Open::create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.c_str(), &db_->handle, flags, nullptr) != SQLITE_OK) {
        std::string message = db_->handle ? sqlite3_errmsg(db_->handle) : "out of memory";
        throw StoreError(fmt::format("cannot open the database {}: {}", path.string(), message));
    }
    sqlite3_busy_timeout(db_->handle, 5000);
    int version = 0;
    try {
        db_->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
        version = db_->user_version();
        if (version == 0 && db_->has_tables()) throw StoreError("its tables are not sharitories' (schema version 0)");
    } catch (const StoreError& error) {
        throw StoreError(fmt::format("{} is not a sharitories database ({})", path.string(), error.what()));
    }
    if (version > schema_version)
        throw StoreError(fmt::format("{} was written by a newer sharitories (schema version {}; this one reads up to {}): "
                                     "use that version, or another --db",
                                     path.string(), version, schema_version));
    if (version == schema_version) return;
    // a new file, or an older schema: created or migrated in one transaction
    db_->exec("BEGIN IMMEDIATE");
    try {
        db_->exec(schema_upgrade(version).c_str());
        db_->exec(fmt::format("PRAGMA user_version = {}", schema_version).c_str());
        db_->exec("COMMIT");
    } catch (const StoreError& error) {
        db_->exec("ROLLBACK");
        throw StoreError(fmt::format("cannot {} {}: {}", version == 0 ? "create the database in" : "upgrade the database",
                                     path.string(), error.what()));
    }
}

Store::~Store() {
    if (db_ && db_->in_batch) {
        try {
            db_->exec("COMMIT");
        } catch (const StoreError&) {  // nothing to do: the batch is lost, as a crash would lose it
        }
    }
}

// --- runs ------------------------------------------------------------------------------------------

std::int64_t Store::begin_run(const std::string& started_at, int towns, int budget) {
    db_->prepare("INSERT INTO runs (started_at, towns, budget) VALUES (?, ?, ?)")
        .bind(1, started_at)
        .bind(2, towns)
        .bind(3, budget)
        .run();
    return sqlite3_last_insert_rowid(db_->handle);
}

void Store::save_run_towns(std::int64_t run, const std::vector<City>& towns) {
    db_->atomically([&] {
        for (const auto& town : towns) {
            db_->prepare("INSERT OR REPLACE INTO run_towns (run_id, insee, name, departement, population) VALUES (?, ?, ?, ?, ?)")
                .bind(1, run)
                .bind(2, town.insee)
                .bind(3, town.name)
                .bind(4, town.departement)
                .bind(5, town.population)
                .run();
        }
    });
}

std::vector<City> Store::run_towns(std::int64_t run) const {
    auto select = db_->prepare("SELECT insee, name, departement, population FROM run_towns WHERE run_id = ? ORDER BY insee");
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
    db_->prepare("UPDATE runs SET finished_at = ?, status = ?, queries = ?, queries_failed = ?, pages_fetched = ?, "
                 "pages_failed = ?, evidence = ?, searches = ?, note = ? WHERE id = ?")
        .bind(1, summary.finished_at)
        .bind(2, summary.status)
        .bind(3, summary.queries)
        .bind(4, summary.queries_failed)
        .bind(5, summary.pages_fetched)
        .bind(6, summary.pages_failed)
        .bind(7, summary.evidence)
        .bind(8, summary.searches)
        .bind(9, summary.note)
        .bind(10, summary.id)
        .run();
}

void Store::record_snapshot(std::int64_t run, const RunSnapshot& snapshot) {
    db_->atomically([&] {
        auto status = db_->prepare("SELECT status FROM runs WHERE id = ?");
        status.bind(1, run);
        if (!status.step()) throw StoreError(fmt::format("database: no run #{} to keep a snapshot of", run));
        const std::string state = status.text(0);
        if (state != "done" && state != "partial")
            throw StoreError(fmt::format("database: run #{} is {}: only a finished run has a snapshot", run, state));
        db_->prepare("DELETE FROM run_snapshots WHERE run_id = ?").bind(1, run).run();
        db_->prepare("INSERT INTO run_snapshots (run_id) VALUES (?)").bind(1, run).run();
        for (const auto& town : snapshot.towns) {
            db_->prepare("INSERT OR REPLACE INTO snapshot_towns (run_id, insee, city, rank, consommation, production, "
                         "financement, gouvernance, score, coverage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(1, run)
                .bind(2, town.insee)
                .bind(3, town.city)
                .bind(4, town.rank)
                .bind(5, town.initiatives[0])
                .bind(6, town.initiatives[1])
                .bind(7, town.initiatives[2])
                .bind(8, town.initiatives[3])
                .bind(9, town.score)
                .bind(10, town.coverage)
                .run();
        }
        for (const auto& item : snapshot.initiatives) {
            db_->prepare("INSERT OR REPLACE INTO snapshot_initiatives (run_id, insee, pillar, initiative, url) "
                         "VALUES (?, ?, ?, ?, ?)")
                .bind(1, run)
                .bind(2, item.insee)
                .bind(3, std::string(to_string(item.pillar)))
                .bind(4, item.initiative)
                .bind(5, item.url)
                .run();
        }
    });
}

std::optional<RunSnapshot> Store::snapshot(std::int64_t run) const {
    auto exists = db_->prepare("SELECT 1 FROM run_snapshots WHERE run_id = ?");
    exists.bind(1, run);
    if (!exists.step()) return std::nullopt;
    RunSnapshot snapshot;
    auto towns = db_->prepare("SELECT insee, city, rank, consommation, production, financement, gouvernance, score, "
                              "coverage FROM snapshot_towns WHERE run_id = ? ORDER BY rank, insee");
    towns.bind(1, run);
    while (towns.step()) {
        SnapshotTown town;
        town.insee = towns.text(0);
        town.city = towns.text(1);
        town.rank = static_cast<int>(towns.integer(2));
        for (int p = 0; p < 4; ++p) town.initiatives[static_cast<std::size_t>(p)] = static_cast<int>(towns.integer(3 + p));
        town.score = towns.real(7);
        town.coverage = towns.real(8);
        snapshot.towns.push_back(std::move(town));
    }
    auto initiatives = db_->prepare("SELECT insee, pillar, initiative, url FROM snapshot_initiatives WHERE run_id = ? "
                                    "ORDER BY insee, pillar, initiative");
    initiatives.bind(1, run);
    while (initiatives.step()) {
        snapshot.initiatives.push_back({initiatives.text(0),
                                        parse_pillar(initiatives.text(1)).value_or(Pillar::consommation),
                                        initiatives.text(2), initiatives.text(3)});
    }
    return snapshot;
}

std::vector<std::int64_t> Store::snapshot_runs() const {
    auto select = db_->prepare("SELECT run_id FROM run_snapshots ORDER BY run_id");
    std::vector<std::int64_t> runs;
    while (select.step()) runs.push_back(select.integer(0));
    return runs;
}

int Store::close_abandoned_runs() {
    db_->prepare("UPDATE runs SET status = 'killed', note = 'the process ended without finishing the run "
                 "(killed, or the machine stopped); what it had recorded is kept' WHERE status = 'running'")
        .run();
    return sqlite3_changes(db_->handle);
}

std::optional<RunSummary> Store::latest_run() const {
    auto select = db_->prepare(fmt::format("SELECT {} FROM runs ORDER BY id DESC LIMIT 1", run_columns));
    if (!select.step()) return std::nullopt;
    return read_run(select.row());
}

std::vector<RunSummary> Store::runs() const {
    auto select = db_->prepare(fmt::format("SELECT {} FROM runs ORDER BY id", run_columns));
    std::vector<RunSummary> runs;
    while (select.step()) runs.push_back(read_run(select.row()));
    return runs;
}

// --- queries ---------------------------------------------------------------------------------------

std::vector<QueryState> Store::query_states() const {
    auto select = db_->prepare(
        "SELECT insee, text, provider, outcome, answered_at, attempted_at, hits FROM queries ORDER BY insee, text");
    std::vector<QueryState> states;
    while (select.step()) {
        QueryState state;
        state.insee = select.text(0);
        state.text = select.text(1);
        state.provider = select.text(2);
        state.outcome = parse_query_outcome(select.text(3)).value_or(QueryOutcome::failed);
        state.answered_at = select.text(4);
        state.attempted_at = select.text(5);
        state.hits = static_cast<int>(select.integer(6));
        states.push_back(std::move(state));
    }
    return states;
}

void Store::record_answer(std::int64_t run, const Query& query, const std::string& provider,
                          const std::vector<SearchHit>& hits, const std::string& at, const std::string& message) {
    db_->atomically([&] {
        auto next_seq = db_->prepare("SELECT COALESCE(MAX(answer_seq), 0) + 1 FROM queries");
        next_seq.step();
        const std::int64_t seq = next_seq.integer(0);
        db_->prepare("INSERT INTO queries (insee, text, pillar, grp, provider, outcome, answered_at, attempted_at, "
                     "answer_seq, hits, message, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT (insee, text) DO UPDATE SET pillar = excluded.pillar, grp = excluded.grp, "
                     "provider = excluded.provider, outcome = excluded.outcome, answered_at = excluded.answered_at, "
                     "attempted_at = excluded.attempted_at, answer_seq = excluded.answer_seq, hits = excluded.hits, "
                     "message = excluded.message, run_id = excluded.run_id")
            .bind(1, query.insee)
            .bind(2, query.text)
            .bind(3, std::string(to_string(query.pillar)))
            .bind(4, query.group)
            .bind(5, provider)
            .bind(6, std::string(to_string(hits.empty() ? QueryOutcome::no_results : QueryOutcome::hits)))
            .bind(7, at)
            .bind(8, at)
            .bind(9, seq)
            .bind(10, static_cast<int>(hits.size()))
            .bind(11, message)
            .bind(12, run)
            .run();
        auto id = db_->prepare("SELECT id FROM queries WHERE insee = ? AND text = ?");
        id.bind(1, query.insee).bind(2, query.text).step();
        const std::int64_t query_id = id.integer(0);
        db_->prepare("DELETE FROM query_hits WHERE query_id = ?").bind(1, query_id).run();
        for (const auto& hit : hits) {
            db_->prepare("INSERT OR IGNORE INTO query_hits (query_id, rank, url) VALUES (?, ?, ?)")
                .bind(1, query_id)
                .bind(2, hit.rank)
                .bind(3, hit.url)
                .run();
        }
        if (!hits.empty()) {
            db_->prepare("INSERT INTO providers (name, last_nonempty_seq) VALUES (?, ?) "
                         "ON CONFLICT (name) DO UPDATE SET last_nonempty_seq = excluded.last_nonempty_seq")
                .bind(1, provider)
                .bind(2, seq)
                .run();
        }
    });
}

void Store::record_attempt(std::int64_t run, const Query& query, const std::string& provider, QueryOutcome outcome,
                           const std::string& at, const std::string& message) {
    db_->prepare("INSERT INTO queries (insee, text, pillar, grp, provider, outcome, attempted_at, message, run_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (insee, text) DO UPDATE SET "
                 "provider = excluded.provider, outcome = excluded.outcome, attempted_at = excluded.attempted_at, "
                 "message = excluded.message, run_id = excluded.run_id")
        .bind(1, query.insee)
        .bind(2, query.text)
        .bind(3, std::string(to_string(query.pillar)))
        .bind(4, query.group)
        .bind(5, provider)
        .bind(6, std::string(to_string(outcome)))
        .bind(7, at)
        .bind(8, message)
        .bind(9, run)
        .run();
}

void Store::note_nonempty_answer(const std::string& provider) {
    db_->prepare("INSERT INTO providers (name, last_nonempty_seq) VALUES (?, (SELECT COALESCE(MAX(answer_seq), 0) FROM "
                 "queries)) ON CONFLICT (name) DO UPDATE SET last_nonempty_seq = excluded.last_nonempty_seq")
        .bind(1, provider)
        .run();
}

int Store::withdraw_silent_answers(const std::string& provider) {
    db_->prepare("UPDATE queries SET outcome = 'silenced', answered_at = NULL, message = 'an empty answer given while "
                 "the provider was silently blocking: asked again' WHERE provider = ?1 AND outcome = 'no-results' AND "
                 "answer_seq > COALESCE((SELECT last_nonempty_seq FROM providers WHERE name = ?1), 0)")
        .bind(1, provider)
        .run();
    return sqlite3_changes(db_->handle);
}

std::vector<std::string> Store::hits(const std::string& insee, const std::string& text) const {
    auto select = db_->prepare("SELECT h.url FROM query_hits h JOIN queries q ON q.id = h.query_id "
                               "WHERE q.insee = ? AND q.text = ? ORDER BY h.rank, h.url");
    select.bind(1, insee).bind(2, text);
    std::vector<std::string> urls;
    while (select.step()) urls.push_back(select.text(0));
    return urls;
}

std::vector<StoredHit> Store::answered_hits(const std::vector<std::string>& insees) const {
    const std::string filter = insees.empty() ? "" : fmt::format(" AND q.insee IN ({})", placeholders(insees.size()));
    Statement select(db_->handle,
                     fmt::format("SELECT q.insee, q.text, h.url, p.url IS NOT NULL, {} FROM query_hits h "
                                 "JOIN queries q ON q.id = h.query_id "
                                 "LEFT JOIN pages p ON p.url = h.url WHERE q.answered_at IS NOT NULL{} "
                                 "ORDER BY q.insee, h.url, q.text",
                                 qualified(page_columns, "p"), filter)
                         .c_str());
    int index = 1;
    for (const auto& insee : insees) select.bind(index++, insee);
    std::vector<StoredHit> hits;
    while (select.step()) {
        StoredHit hit{select.text(0), select.text(1), select.text(2), std::nullopt};
        if (select.integer(3)) hit.page = read_page(select, 4);
        hits.push_back(std::move(hit));
    }
    return hits;
}

// --- pages and evidence ----------------------------------------------------------------------------

std::optional<PageRecord> Store::page(const std::string& url) const {
    auto select = db_->prepare(fmt::format("SELECT {} FROM pages WHERE url = ?", page_columns));
    select.bind(1, url);
    if (!select.step()) return std::nullopt;
    return read_page(select.row(), 0);
}

void Store::record_page(std::int64_t run, const PageRecord& page, const std::vector<Evidence>& evidence) {
    if (page.status == 304 && page.error == FetchError::none) {
        confirm_page(run, page);  // not modified: the verdict stands, evidence and all
        return;
    }
    db_->atomically([&] {
        db_->prepare("INSERT INTO pages (url, run_id, final_url, status, content_type, charset, etag, last_modified, "
                     "error, error_detail, fetched_at, content_hash, failures, crawl, warc_filename, "
                     "warc_record_offset, warc_record_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT (url) DO UPDATE SET run_id = excluded.run_id, final_url = excluded.final_url, "
                     "status = excluded.status, content_type = excluded.content_type, charset = excluded.charset, "
                     "etag = excluded.etag, last_modified = excluded.last_modified, "
                     "error = excluded.error, error_detail = excluded.error_detail, "
                     "fetched_at = excluded.fetched_at, content_hash = excluded.content_hash, "
                     "failures = excluded.failures, crawl = excluded.crawl, warc_filename = excluded.warc_filename, "
                     "warc_record_offset = excluded.warc_record_offset, "
                     "warc_record_length = excluded.warc_record_length")
            .bind(1, page.url)
            .bind(2, run)
            .bind(3, page.final_url)
            .bind(4, page.status)
            .bind(5, page.content_type)
            .bind(6, page.charset)
            .bind(7, page.etag)
            .bind(8, page.last_modified)
            .bind(9, std::string(to_string(page.error)))
            .bind(10, page.error_detail)
            .bind(11, page.fetched_at)
            .bind(12, page.content_hash)
            .bind(13, page.failures)
            .bind(14, page.archive.crawl)
            .bind(15, page.archive.warc_filename)
            .bind(16, static_cast<std::int64_t>(page.archive.warc_record_offset))
            .bind(17, static_cast<std::int64_t>(page.archive.warc_record_length))
            .run();
        // a failed fetch says nothing about the page's content: its last verdict stands
        if (page.error != FetchError::none) return;
        db_->prepare("DELETE FROM page_evidence WHERE url = ?").bind(1, page.url).run();
        for (const auto& row : evidence) {
            db_->prepare("INSERT OR REPLACE INTO page_evidence (url, insee, city, pillar, initiative, final_url, title, "
                         "terms, strength, town_weight, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(1, page.url)
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
            if (!row.counts()) continue;
            db_->prepare("INSERT INTO initiatives (insee, pillar, initiative, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
                         "ON CONFLICT (insee, pillar, initiative) DO UPDATE SET "
                         "first_seen = MIN(first_seen, excluded.first_seen), "
                         "last_seen = MAX(last_seen, excluded.last_seen)")
                .bind(1, row.insee)
                .bind(2, std::string(to_string(row.pillar)))
                .bind(3, row.initiative)
                .bind(4, row.fetched_at)
                .bind(5, row.fetched_at)
                .run();
        }
    });
}

void Store::confirm_page(std::int64_t run, const PageRecord& page) {
    db_->atomically([&] {
        db_->prepare("UPDATE pages SET run_id = ?2, status = 304, error = '', error_detail = '', fetched_at = ?3, "
                     "failures = 0, etag = CASE WHEN ?4 <> '' THEN ?4 ELSE etag END, "
                     "last_modified = CASE WHEN ?5 <> '' THEN ?5 ELSE last_modified END WHERE url = ?1")
            .bind(1, page.url)
            .bind(2, run)
            .bind(3, page.fetched_at)
            .bind(4, page.etag)
            .bind(5, page.last_modified)
            .run();
        // the initiatives the kept verdict counts for were seen again now (a row is there for each)
        db_->prepare("INSERT INTO initiatives (insee, pillar, initiative, first_seen, last_seen) "
                     "SELECT insee, pillar, initiative, fetched_at, ?2 FROM page_evidence WHERE url = ?1 AND "
                     "town_weight >= ?3 ON CONFLICT (insee, pillar, initiative) DO UPDATE SET "
                     "last_seen = MAX(last_seen, excluded.last_seen)")
            .bind(1, page.url)
            .bind(2, page.fetched_at)
            .bind(3, counting_weight)
            .run();
    });
}

std::optional<PageValidators> Store::validators(const std::string& url) const {
    auto select = db_->prepare("SELECT etag, last_modified FROM pages WHERE url = ? AND error = ''");
    select.bind(1, url);
    if (!select.step()) return std::nullopt;
    PageValidators validators{select.text(0), select.text(1)};
    if (validators.etag.empty() && validators.last_modified.empty()) return std::nullopt;
    return validators;
}

std::vector<Evidence> Store::current_evidence(const std::vector<std::string>& insees) const {
    const std::string filter = insees.empty() ? "" : fmt::format("WHERE insee IN ({})", placeholders(insees.size()));
    // two requested URLs that led to one page are one row: the strongest (a page read from its site
    // and from a Common Crawl record, too); each row with its page's archive source, if any
    Statement select(db_->handle,
                     fmt::format("SELECT {}, COALESCE(p.crawl, ''), COALESCE(p.warc_filename, ''), "
                                 "COALESCE(p.warc_record_offset, 0), COALESCE(p.warc_record_length, 0) "
                                 "FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY insee, pillar, final_url "
                                 "ORDER BY strength DESC, fetched_at DESC, url) AS copy FROM page_evidence {}) e "
                                 "LEFT JOIN pages p ON p.url = e.url "
                                 "WHERE e.copy = 1 ORDER BY e.insee, CASE e.pillar WHEN 'consommation' THEN 0 "
                                 "WHEN 'production' THEN 1 WHEN 'financement' THEN 2 ELSE 3 END, e.strength DESC, "
                                 "e.final_url",
                                 qualified(evidence_columns, "e"), filter)
                         .c_str());
    int index = 1;
    for (const auto& insee : insees) select.bind(index++, insee);
    std::vector<Evidence> rows;
    while (select.step()) rows.push_back(read_evidence(select));
    return rows;
}

std::vector<InitiativeSeen> Store::initiatives(const std::string& insee) const {
    auto select = db_->prepare("SELECT insee, pillar, initiative, first_seen, last_seen FROM initiatives "
                                "WHERE ?1 = '' OR insee = ?1 ORDER BY insee, pillar, initiative");
    select.bind(1, insee);
    std::vector<InitiativeSeen> seen;
    while (select.step()) {
        seen.push_back({select.text(0), parse_pillar(select.text(1)).value_or(Pillar::consommation), select.text(2),
                        select.text(3), select.text(4)});
    }
    return seen;
}

// --- search providers ----------------------------------------------------------------------------

std::vector<ProviderRecord> Store::providers() const {
    auto select = db_->prepare("SELECT name, cooldown_until, blocks_in_a_row, reason FROM providers ORDER BY name");
    std::vector<ProviderRecord> providers;
    while (select.step())
        providers.push_back({select.text(0), select.text(1), static_cast<int>(select.integer(2)), select.text(3)});
    return providers;
}

void Store::save_provider(const ProviderRecord& provider) {
    db_->prepare("INSERT INTO providers (name, cooldown_until, blocks_in_a_row, reason) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT (name) DO UPDATE SET cooldown_until = excluded.cooldown_until, "
                 "blocks_in_a_row = excluded.blocks_in_a_row, reason = excluded.reason")
        .bind(1, provider.name)
        .bind(2, provider.cooldown_until)
        .bind(3, provider.blocks_in_a_row)
        .bind(4, provider.reason)
        .run();
}

// --- batching --------------------------------------------------------------------------------------

void Store::begin_batch() {
    if (db_->in_batch) return;
    db_->exec("BEGIN IMMEDIATE");
    db_->in_batch = true;
}

void Store::commit_batch() {
    if (!db_->in_batch) return;
    db_->in_batch = false;
    db_->exec("COMMIT");
}

bool Store::in_batch() const { return db_->in_batch; }

}  // namespace sharitories
