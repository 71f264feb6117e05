// scan --cc-records' wiring (scan/record_scan.h) against a local Common Crawl data host: each record
// asked for with a Range of exactly its bytes, read, classified as a fetched page and recorded with
// its record as source and its WARC-Date; "503 Slow Down" waited out; a server that ignores Range is
// that record's error; a record recorded once is not fetched again. No timing is asserted.
#include <doctest/doctest.h>

#include <fmt/core.h>

#include <set>

#include "fetch/fetcher.h"
#include "scan/record_scan.h"
#include "test_support.h"
#include "warc/cc_data_host.h"
#include "warc/warc_builder.h"

using namespace sharitories;
using namespace std::chrono_literals;
using sharitories::test::CcDataHost;
using sharitories::test::contains;
using sharitories::test::TempDir;

namespace {

/// Loopback-friendly: no politeness gap, short back-offs (the policy, not the test, decides them).
FetchOptions test_options() {
    FetchOptions options;
    options.per_host = {.max_in_flight = 2, .min_gap = 0ms};
    options.retry.base_delay = 20ms;
    options.retry.jitter = 0;
    options.timeout = 10'000ms;
    options.user_agent = "sharitories-test/1.0";
    return options;
}

std::vector<City> morbihan() { return {test::shipped_town("56121"), test::shipped_town("56260")}; }

const ClassifierData& classifier() {
    static const ClassifierData data(test::shipped_keywords(), test::shipped_towns());
    return data;
}

RecordScanReport scan(const std::vector<CcRecord>& records, const CcDataHost& host, Store& store) {
    const auto towns = morbihan();
    auto fetcher = make_curl_fetcher(test_options());
    RecordScanSettings settings;
    settings.base_url = host.base_url();
    settings.workers = 2;
    return run_record_scan({towns, records, classifier()}, *fetcher, store, settings);
}

std::string range_of(const CcRecord& record) {
    const auto& source = record.source;
    return fmt::format("bytes={}-{}", source.warc_record_offset,
                       source.warc_record_offset + source.warc_record_length - 1);
}

const Evidence* find(const std::vector<Evidence>& rows, const std::string& insee, Pillar pillar) {
    for (const auto& row : rows)
        if (row.insee == insee && row.pillar == pillar) return &row;
    return nullptr;
}

}  // namespace

TEST_CASE("record scan: each record fetched by a Range of exactly its bytes, classified, recorded with its source") {
    const auto warc = test::morbihan_warc();
    REQUIRE(warc.records.size() == 5);
    CcDataHost host;
    host.serve(warc);
    host.start();
    TempDir dir;
    Store store(dir.path() / "scan.db");

    const auto report = scan(warc.records, host, store);
    CHECK(report.status == RunStatus::done);
    CHECK(report.records == 5);
    CHECK(report.fetched == 4);
    CHECK(report.not_pages == 1);  // the 404 Common Crawl met: a record, no page
    CHECK(report.failed == 0);
    CHECK(report.known == 0);
    CHECK(report.evidence_rows >= 4);
    // what the data host received: one Range each, exactly the record's bytes
    std::multiset<std::string> expected, received;
    for (const auto& record : warc.records) expected.insert(range_of(record));
    for (const auto& range : host.ranges()) received.insert(range);
    CHECK(received == expected);

    const auto evidence = store.current_evidence({"56121", "56260"});
    const Evidence* fabrique = find(evidence, "56121", Pillar::production);
    REQUIRE(fabrique);
    CHECK(fabrique->url == "https://www.lafabrique-lorient.fr/");
    CHECK(fabrique->fetched_at == "2024-02-21T08:15:02Z");  // the record's WARC-Date, not now
    CHECK(fabrique->archive == warc.records[0].source);
    CHECK(fabrique->archive.crawl == "CC-MAIN-2024-10");
    const Evidence* galais = find(evidence, "56121", Pillar::financement);
    REQUIRE(galais);
    CHECK(galais->archive == warc.records[1].source);
    const Evidence* amap = find(evidence, "56260", Pillar::consommation);
    REQUIRE(amap);
    CHECK(amap->title == "AMAP du Pays de Vannes : paniers de légumes");  // windows-1252, decoded as a fetched page
    const Evidence* budget = find(evidence, "56260", Pillar::gouvernance);
    REQUIRE(budget);
    CHECK(budget->fetched_at == "2024-02-24T09:00:00Z");  // WARC 1.1's fraction of a second dropped
    // the record without a page is known as such, not as a failure
    const auto gone = store.page(warc.records[4].source.key());
    REQUIRE(gone);
    CHECK(gone->error == FetchError::bad_content_type);
    CHECK(contains(gone->error_detail, "HTTP 404"));

    const auto run = store.latest_run();
    REQUIRE(run);
    CHECK(run->id == report.run.id);
    CHECK(run->status == "done");
    CHECK(run->searches == 0);
    CHECK(run->pages_fetched == 5);
    CHECK(store.run_towns(run->id).size() == 2);

    SUBCASE("a second run fetches nothing again") {
        const auto again = scan(warc.records, host, store);
        CHECK(again.known == 5);
        CHECK(again.fetched + again.not_pages + again.failed == 0);
        CHECK(host.requests() == 5);
        CHECK(again.status == RunStatus::done);
        CHECK(store.current_evidence({"56121", "56260"}).size() == evidence.size());
    }
}

TEST_CASE("record scan: '503 Slow Down' twice, then the record: it arrives, after two back-offs") {
    const auto warc = test::morbihan_warc();
    CcDataHost host;
    host.serve(warc);
    host.slow_down_first(2);
    host.start();
    TempDir dir;
    Store store(dir.path() / "scan.db");
    const std::vector<CcRecord> one{warc.records[0]};
    const auto report = scan(one, host, store);
    CHECK(report.fetched == 1);
    CHECK(report.failed == 0);
    CHECK(report.status == RunStatus::done);
    CHECK(host.requests() == 3);  // two refusals, then the record: three attempts
    for (const auto& range : host.ranges()) CHECK(range == range_of(one[0]));
    CHECK(find(store.current_evidence({"56121"}), "56121", Pillar::production));
}

TEST_CASE("record scan: a server that ignores Range (200, the whole file) is that record's error, tried again next run") {
    const auto warc = test::morbihan_warc();
    CcDataHost host;
    host.serve(warc);
    host.ignore_range();
    host.start();
    TempDir dir;
    Store store(dir.path() / "scan.db");
    const std::vector<CcRecord> one{warc.records[0]};
    const auto report = scan(one, host, store);
    CHECK(report.fetched == 0);
    CHECK(report.failed == 1);
    CHECK(report.status == RunStatus::failed);  // the only record failed: most of the run
    REQUIRE(report.problems.size() == 1);
    CHECK(contains(report.problems[0], "HTTP 200: the server sent the whole file"));
    CHECK(contains(report.problems[0], "ignored the Range request"));
    const auto page = store.page(one[0].source.key());
    REQUIRE(page);
    CHECK(page->error == FetchError::http_status);
    CHECK(page->failures == 1);
    CHECK(store.current_evidence({"56121"}).empty());
    CHECK(record_due(page));  // the next run asks again
}

TEST_CASE("record scan: the request — the data host's file, a Range of the record's bytes, no robots.txt, SlowDown understood") {
    CcRecord record;
    record.url = "https://www.lafabrique-lorient.fr/";
    record.source = {"CC-MAIN-2024-10", "crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz", 1000, 234};
    const auto request = record_request(record, "https://data.commoncrawl.org/", 7);
    CHECK(request.url == "https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz");
    CHECK(request.headers == std::vector<std::string>{"Range: bytes=1000-1233"});
    CHECK(request.id == 7);
    CHECK(request.content == ContentPolicy::api);
    CHECK_FALSE(request.obey_robots);
    CHECK(request.slow_down_503);
    CHECK(record_request(record, "http://mirror.example/cc", 0).url ==
          "http://mirror.example/cc/crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz");
}

TEST_CASE("record scan: what a fetched record must be — a 206 of its length, one WARC record of its URL, a page") {
    const auto warc = test::morbihan_warc();
    const CcRecord& fabrique = warc.records[0];
    const auto slice = warc.bytes.substr(fabrique.source.warc_record_offset, fabrique.source.warc_record_length);
    FetchResult result;
    result.status = 206;
    result.body = slice;
    FetchRefusal refusal;
    const auto page = read_fetched_record(fabrique, result, refusal);
    REQUIRE(page);
    CHECK(page->url == fabrique.url);
    CHECK(page->date == "2024-02-21T08:15:02Z");
    CHECK(contains(page->text, "tiers-lieu au c"));

    SUBCASE("a body of another length") {
        result.body = slice.substr(0, slice.size() - 10);
        CHECK_FALSE(read_fetched_record(fabrique, result, refusal));
        CHECK(refusal.error == FetchError::other);
        CHECK(contains(refusal.detail, fmt::format("sent {} bytes for a record of {} bytes", slice.size() - 10,
                                                   slice.size())));
    }
    SUBCASE("the bytes of another record: a wrong offset in the CSV") {
        CcRecord wrong = warc.records[1];
        wrong.source.warc_record_length = slice.size();
        CHECK_FALSE(read_fetched_record(wrong, result, refusal));
        CHECK(contains(refusal.detail, "the record there is of https://www.lafabrique-lorient.fr/, not of the CSV's URL"));
    }
    SUBCASE("bytes that are no WARC record") {
        result.body = std::string(slice.size(), 'x');
        CHECK_FALSE(read_fetched_record(fabrique, result, refusal));
        CHECK(contains(refusal.detail, "no WARC record in these bytes"));
    }
    SUBCASE("another status than 206") {
        result.status = 204;
        CHECK_FALSE(read_fetched_record(fabrique, result, refusal));
        CHECK(refusal.error == FetchError::http_status);
        CHECK(contains(refusal.detail, "HTTP 204"));
    }
    SUBCASE("the fetch's own error, with its attempts") {
        result.error = FetchError::http_status;
        result.status = 503;
        result.error_detail = "HTTP 503";
        result.attempts = 3;
        CHECK_FALSE(read_fetched_record(fabrique, result, refusal));
        CHECK(refusal.detail == "HTTP 503 (3 attempts)");
    }
}

TEST_CASE("record scan: a record is fetched until read — a page, or none — or until it failed three times") {
    CHECK(record_due(std::nullopt));
    PageRecord page;
    CHECK_FALSE(record_due(page));  // read, a page
    page.error = FetchError::bad_content_type;
    CHECK_FALSE(record_due(page));  // read, no page: an archive does not change
    page.error = FetchError::http_status;
    page.failures = 2;
    CHECK(record_due(page));
    page.failures = 3;
    CHECK_FALSE(record_due(page));
}
