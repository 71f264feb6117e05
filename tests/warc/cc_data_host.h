// A local stand-in for Common Crawl's data host, on 127.0.0.1 (cpp-httplib): it serves .warc.gz files
// by path and answers a Range request with 206 and exactly those bytes, as data.commoncrawl.org does;
// it keeps the Range headers it received, and can answer "503 Slow Down" (Amazon S3's) first, or
// ignore Range and send the whole file with a 200. Also the Morbihan archive the record-scan tests
// read: French pages of Lorient and Vannes in one gzip member per record, as Common Crawl writes them.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "fetch/test_server.h"
#include "input/cc_records_reader.h"

namespace sharitories::test {

/// A .warc.gz built record by record, and the index's view of each record it holds.
struct WarcFile {
    std::string name;   ///< as warc_filename: crawl-data/CC-MAIN-2024-10/…
    std::string bytes;  ///< gzip members, one per record
    std::vector<CcRecord> records;  ///< the response records, as the columnar index lists them

    /// Appends `record` (a WARC record's text) as one gzip member; `url` non-empty: listed.
    void add(const std::string& record, const std::string& url = "");
    /// The index's CSV of the listed records, as Athena writes it (every field quoted, more columns).
    std::string athena_csv() const;
};

/// crawl-data/CC-MAIN-2024-10/…-00042.warc.gz: a warcinfo record, then pages (listed in this order)
/// La Fabrique (tiers-lieu, Lorient: production), Le Galais (monnaie locale, Lorient: financement),
/// the AMAP du Pays de Vannes (windows-1252: consommation), Vannes' budget participatif (gouvernance),
/// and a page that was a 404 when Common Crawl fetched it (a record, but no page).
WarcFile morbihan_warc();

class CcDataHost {
public:
    CcDataHost();
    /// Serves `file` at /`file.name`.
    void serve(const WarcFile& file);
    /// The first `count` requests are answered 503 SlowDown, as S3 answers the impatient.
    void slow_down_first(int count) { slow_downs_ = count; }
    /// Range is ignored: 200 and the whole file.
    void ignore_range() { ignore_range_ = true; }
    void start() { server_.start(); }
    /// "http://127.0.0.1:PORT/"
    std::string base_url() const { return server_.url("/"); }
    int port() const { return server_.port(); }

    /// The Range headers received, in order ("" for a request without one).
    std::vector<std::string> ranges() const;
    int requests() const;

private:
    TestServer server_;
    std::vector<std::pair<std::string, std::string>> files_;  // path → bytes
    mutable std::mutex mutex_;
    std::vector<std::string> ranges_;
    int slow_downs_ = 0;
    bool ignore_range_ = false;
};

}  // namespace sharitories::test
