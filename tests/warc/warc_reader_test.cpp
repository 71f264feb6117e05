// WARC/WET reading (lib/warc): records from gzip-per-record, whole-file gzip and plain files, their
// offsets, and every way an archive goes wrong — a record cut short, a damaged member, garbage
// between records, a header without Content-Length, a record past the block cap.
#include <doctest/doctest.h>

#include <algorithm>

#include "classify/page_classifier.h"
#include "test_support.h"
#include "warc/archive_evidence.h"
#include "warc/gzip_members.h"
#include "warc/http_response.h"
#include "warc/record_page.h"
#include "warc/wet_text.h"
#include "warc/warc_reader.h"
#include "warc/warc_builder.h"

using namespace sharitories;
using test::conversion_record;
using test::gzip_member;
using test::response_record;

namespace {

struct ReadBack {
    std::vector<WarcRecord> records;
    std::vector<WarcProblem> problems;
};

ReadBack read_all(const std::string& bytes, WarcLimits limits = {}, InflateEngine engine = default_inflate_engine()) {
    WarcReader reader(memory_source(bytes), limits, engine);
    ReadBack out;
    WarcRecord record;
    WarcProblem problem;
    for (int guard = 0; guard < 1000; ++guard) {
        const auto step = reader.next(record, problem);
        if (step == WarcReader::Step::end) return out;
        if (step == WarcReader::Step::record) out.records.push_back(record);
        else out.problems.push_back(problem);
    }
    FAIL("the reader never reached the end");
    return out;
}

std::string lorient_page() { return test::read_file(test::source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html"); }
std::string bretagne_page() {
    return test::read_file(test::source_dir() / "tests/fixtures/pages/reseau-tiers-lieux-bretagne.html");
}

const ClassifierData& classifier() {
    static const ClassifierData data(test::shipped_keywords(), test::shipped_towns());
    return data;
}

/// Common Crawl's layout: a warcinfo record, then request/response/metadata, one gzip member each.
struct Archive {
    std::string bytes;
    std::vector<std::uint64_t> offsets;  ///< of each member
    void add(const std::string& record) {
        offsets.push_back(bytes.size());
        bytes += gzip_member(record);
    }
};

Archive lorient_archive() {
    Archive archive;
    archive.add(test::warcinfo_record("CC-MAIN-2024-10", "CC-MAIN-20240305-00042.warc.gz"));
    archive.add(test::warc_record("request",
                                  {{"WARC-Target-URI", "https://www.lafabrique-lorient.fr/ateliers/"},
                                   {"WARC-Date", "2024-03-05T10:12:00Z"},
                                   {"Content-Type", "application/http; msgtype=request"}},
                                  "GET /ateliers/ HTTP/1.1\r\nHost: www.lafabrique-lorient.fr\r\n\r\n"));
    archive.add(response_record("https://www.lafabrique-lorient.fr/ateliers/", "2024-03-05T10:12:01Z", lorient_page()));
    archive.add(response_record("https://www.tiers-lieux-bretagne.org/reseau/", "2024-03-05T10:13:30Z", bretagne_page()));
    return archive;
}

}  // namespace

TEST_CASE("warc: a gzip-per-record file gives every record, each at its member's offset") {
    const Archive archive = lorient_archive();
    const auto read = read_all(archive.bytes);
    CHECK(read.problems.empty());
    REQUIRE(read.records.size() == 4);
    CHECK(read.records[0].type() == "warcinfo");
    CHECK(read.records[1].type() == "request");
    CHECK(read.records[2].type() == "response");
    CHECK(read.records[2].target_uri() == "https://www.lafabrique-lorient.fr/ateliers/");
    CHECK(read.records[2].date() == "2024-03-05T10:12:01Z");
    CHECK(read.records[2].field("content-type") == "application/http; msgtype=response");  // names without case
    for (std::size_t i = 0; i < 4; ++i) CHECK(read.records[i].offset == archive.offsets[i]);
    // the block is exactly the HTTP response, byte for byte
    CHECK(read.records[2].block.ends_with(lorient_page()));
    CHECK(read.records[2].content_length == read.records[2].block.size());
    CHECK_FALSE(read.records[2].block_cut);
}

TEST_CASE("warc: the same records from an uncompressed file and from a file compressed whole") {
    std::string plain;
    std::vector<std::uint64_t> offsets;
    for (const auto& record : {test::warcinfo_record("CC-MAIN-2024-10", "x.warc"),
                               response_record("https://www.lafabrique-lorient.fr/", "2024-03-05T10:12:01Z", lorient_page()),
                               conversion_record("https://www.lorient.bzh/", "2024-03-05T11:00:00Z",
                                                 "Ville de Lorient\nLe budget participatif revient en 2024.")}) {
        offsets.push_back(plain.size());
        plain += record;
    }
    const auto from_plain = read_all(plain);
    CHECK(from_plain.problems.empty());
    REQUIRE(from_plain.records.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(from_plain.records[i].offset == offsets[i]);  // byte offsets
    const auto from_whole = read_all(gzip_member(plain));
    CHECK(from_whole.problems.empty());
    REQUIRE(from_whole.records.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(from_whole.records[i].block == from_plain.records[i].block);
        CHECK(from_whole.records[i].offset == 0);  // one member holds them all
    }
}

TEST_CASE("warc: a last record cut short is reported after the whole ones, never returned") {
    const Archive archive = lorient_archive();
    // the last member loses its second half, as a download stopped mid-way
    const std::size_t cut = archive.offsets[3] + (archive.bytes.size() - archive.offsets[3]) / 2;
    const auto read = read_all(archive.bytes.substr(0, cut));
    REQUIRE(read.records.size() == 3);
    CHECK(read.records[2].target_uri() == "https://www.lafabrique-lorient.fr/ateliers/");
    REQUIRE(read.problems.size() == 1);
    CHECK(read.problems[0].offset == archive.offsets[3]);
    CHECK(test::contains(read.problems[0].message, "cut short"));

    // uncompressed, cut inside the block: "n of m bytes"
    const std::string plain = response_record("https://www.lafabrique-lorient.fr/", "2024-03-05T10:12:01Z", lorient_page());
    const auto read_plain = read_all(plain.substr(0, plain.size() - 1000));
    CHECK(read_plain.records.empty());
    REQUIRE(read_plain.problems.size() == 1);
    CHECK(test::contains(read_plain.problems[0].message, "is cut short:"));
    CHECK(test::contains(read_plain.problems[0].message, "bytes"));
}

TEST_CASE("warc: a damaged member is reported and skipped, the records after it are read") {
    Archive archive = lorient_archive();
    // bytes in the middle of the third member's deflate data overwritten
    for (std::size_t i = archive.offsets[2] + 200; i < archive.offsets[2] + 240; ++i) archive.bytes[i] = '\x55';
    const auto read = read_all(archive.bytes);
    REQUIRE(read.problems.size() == 1);
    CHECK(read.problems[0].offset == archive.offsets[2]);
    CHECK(test::contains(read.problems[0].message, "damaged"));
    std::vector<std::string> uris;
    for (const auto& record : read.records) uris.emplace_back(record.target_uri());
    CHECK(std::find(uris.begin(), uris.end(), "https://www.tiers-lieux-bretagne.org/reseau/") != uris.end());
    CHECK(std::find(uris.begin(), uris.end(), "https://www.lafabrique-lorient.fr/ateliers/") != uris.end());  // the request
    CHECK(read.records.back().offset == archive.offsets[3]);
}

TEST_CASE("warc: garbage between members and a record without Content-Length are problems, not the end") {
    Archive archive;
    archive.add(test::warcinfo_record("CC-MAIN-2024-10", "x.warc.gz"));
    archive.bytes += "<html>not an archive</html>";  // bytes that are no gzip member
    archive.add("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.fr/\r\n\r\nHTTP/1.1 200 OK\r\n\r\nhello\r\n\r\n");
    archive.add(response_record("https://www.lafabrique-lorient.fr/", "2024-03-05T10:12:01Z", lorient_page()));
    archive.bytes += std::string(512, '\0');  // padding at the end is no problem
    const auto read = read_all(archive.bytes);
    REQUIRE(read.records.size() == 2);
    CHECK(read.records[1].target_uri() == "https://www.lafabrique-lorient.fr/");
    CHECK(read.records[1].offset == archive.offsets[2]);
    REQUIRE(read.problems.size() == 2);
    CHECK(test::contains(read.problems[0].message, "not a gzip member"));
    CHECK(read.problems[1].offset == archive.offsets[1]);
    CHECK(test::contains(read.problems[1].message, "no valid Content-Length"));
}

TEST_CASE("warc: a record past the block cap keeps its first part, the rest is skipped in bounded memory") {
    std::string huge = "<html><head><title>Archives du conseil citoyen de Lorient</title></head><body>";
    while (huge.size() < (12u << 20)) huge += "<p>Compte rendu de la séance du conseil citoyen, quartier de Kervénanec.</p>\n";
    huge += "</body></html>";
    Archive archive;
    archive.add(response_record("https://www.lorient.bzh/archives/", "2024-03-05T10:12:01Z", huge));
    archive.add(response_record("https://www.lafabrique-lorient.fr/", "2024-03-05T10:12:02Z", lorient_page()));
    const auto read = read_all(archive.bytes, WarcLimits{.max_block_bytes = 1u << 20});
    CHECK(read.problems.empty());
    REQUIRE(read.records.size() == 2);
    CHECK(read.records[0].block_cut);
    CHECK(read.records[0].block.size() == (1u << 20));
    CHECK(read.records[0].content_length > (12u << 20));
    CHECK(read.records[1].target_uri() == "https://www.lafabrique-lorient.fr/");
    CHECK_FALSE(read.records[1].block_cut);
}

TEST_CASE("warc: WARC/1.1, bare LF line ends, folded fields and a bracketed WARC 1.0 target") {
    const std::string record = "WARC/1.1\nWARC-Type: resource\nWARC-Target-URI: <https://www.vannes.fr/agenda>\n"
                               "WARC-Date: 2024-03-05T10:12:01Z\nX-Note: une note\n   sur deux lignes\n"
                               "Content-Length: 5\n\nbonjo\n\n";
    const auto read = read_all(record + record);
    CHECK(read.problems.empty());
    REQUIRE(read.records.size() == 2);
    CHECK(read.records[0].version == "WARC/1.1");
    CHECK(read.records[0].target_uri() == "https://www.vannes.fr/agenda");
    CHECK(read.records[0].field("X-Note") == "une note sur deux lignes");
    CHECK(read.records[0].block == "bonjo");
    CHECK(read.records[1].offset == record.size());
}

TEST_CASE("warc: an HTTP response with chunked transfer and gzip content coding is decoded as a client would") {
    const std::string body = "<html><head><title>Épicerie coopérative</title></head><body>Vannes</body></html>";
    const std::string gz = gzip_member(body);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", gz.size() - 10);
    const std::string chunked = std::string(size) + ";ext=1\r\n" + gz.substr(0, gz.size() - 10) + "\r\na\r\n" +
                                gz.substr(gz.size() - 10) + "\r\n0\r\n\r\n";
    std::string why;
    const auto response = parse_http_response(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n" + chunked,
        1 << 20, why);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == body);
    CHECK(response->header("content-encoding") == "gzip");
    // Common Crawl's own: headers renamed, payload kept decoded
    const auto kept = parse_http_response("HTTP/1.1 200 OK\r\nX-Crawler-Content-Encoding: gzip\r\n\r\n" + body, 1 << 20, why);
    REQUIRE(kept);
    CHECK(kept->body == body);
    CHECK_FALSE(parse_http_response("GET / HTTP/1.1\r\n\r\n", 1 << 20, why));
    CHECK(why == "no HTTP status line");
}

TEST_CASE("warc: a windows-1252 page is decoded as a fetched page is, other records say why they are no page") {
    const std::string latin = "<html><head><title>Jardin partag\xe9 \xe0 Vannes</title></head>"
                              "<body><p>Le jardin partag\xe9 du quartier de M\xe9nimur ouvre ses parcelles.</p></body></html>";
    auto read = read_all(response_record("https://www.vannes.fr/jardins", "2024-03-05T10:12:01Z", latin,
                                         "text/html; charset=ISO-8859-1") +
                         response_record("https://www.vannes.fr/logo.png", "2024-03-05T10:12:02Z", "\x89PNG\r\n", "image/png") +
                         response_record("https://www.vannes.fr/perdu", "2024-03-05T10:12:03Z", "<html>perdu</html>",
                                         "text/html", 404) +
                         test::warcinfo_record("CC-MAIN-2024-10", "x.warc"));
    REQUIRE(read.records.size() == 4);
    std::string why;
    const auto page = record_page(read.records[0], why);
    REQUIRE(page);
    CHECK(page->charset == "windows-1252");
    CHECK(test::contains(page->text, "Jardin partagé à Vannes"));
    CHECK(test::contains(page->text, "Ménimur"));
    CHECK(page->date == "2024-03-05T10:12:01Z");
    CHECK_FALSE(record_page(read.records[1], why));
    CHECK(why == "image/png");
    CHECK_FALSE(record_page(read.records[2], why));
    CHECK(why == "HTTP 404");
    CHECK_FALSE(record_page(read.records[3], why));
    CHECK(why == "a warcinfo record without WARC-Target-URI");
}

TEST_CASE("warc: a WET record's first line is the title, its lines the content, classified as a page") {
    const std::string text =
        "La Fabrique — tiers-lieu à Lorient\n"
        "Accueil\nAteliers\nAgenda\n"
        "La Fabrique, un tiers-lieu au cœur de Lorient\n"
        "Ouvert depuis 2019 dans l'ancienne criée du port, la Fabrique est un tiers-lieu associatif : un espace de "
        "coworking, un fablab avec imprimantes 3D et découpe laser, et un café où se croisent habitants et artisans.\n"
        "La Fabrique, 12 quai des Indes, 56100 Lorient\n";
    const auto read = read_all(gzip_member(conversion_record("https://www.lafabrique-lorient.fr/", "2024-03-05T10:12:01Z", text)));
    REQUIRE(read.records.size() == 1);
    std::string why;
    const auto page = record_page(read.records[0], why);
    REQUIRE(page);
    CHECK_FALSE(page->html);
    const PageText page_text = wet_page_text(page->text);
    CHECK(page_text.title == "La Fabrique — tiers-lieu à Lorient");
    // the layout the lines still show: the menu before the content, its heading, the footer after it
    REQUIRE(page_text.blocks.size() == 6);
    for (std::size_t i = 0; i < 3; ++i) CHECK(page_text.blocks[i].region == Region::navigation);
    REQUIRE(page_text.headings.size() == 1);
    CHECK(page_text.headings[0] == "La Fabrique, un tiers-lieu au cœur de Lorient");
    CHECK(page_text.blocks[3].kind == BlockKind::heading);
    CHECK(page_text.blocks[4].text.starts_with("Ouvert depuis 2019"));
    CHECK(page_text.blocks[4].region == Region::main);
    CHECK(page_text.blocks[5].region == Region::footer);  // the address after the last paragraph
    const auto evidence = record_evidence(*page, classifier());
    REQUIRE_FALSE(evidence.empty());
    bool production = false;
    for (const auto& row : evidence) {
        CHECK(row.insee == "56121");
        CHECK(row.fetched_at == "2024-03-05T10:12:01Z");
        CHECK(row.initiative == "lafabrique-lorient.fr");
        production = production || row.pillar == Pillar::production;
    }
    CHECK(production);
}

TEST_CASE("warc: WET text without a paragraph is all content, a menu between paragraphs is set aside") {
    // a short notice: nothing looks like a paragraph, so nothing is taken for a menu or a footer
    const PageText notice = wet_page_text("Repair café de Vannes\r\nSamedi 14 h\r\nMaison des associations\r\n\r\n");
    CHECK(notice.title == "Repair café de Vannes");
    REQUIRE(notice.blocks.size() == 2);
    for (const auto& block : notice.blocks) CHECK(block.region == Region::main);
    CHECK(wet_page_text("").blocks.empty());

    const PageText article = wet_page_text(
        "Conseil municipal du 12 mars\n"
        "Le conseil municipal de Vannes a voté le budget de l'année et la rénovation des écoles du centre.\n"
        "Budget participatif\nJardins partagés\nConseils de quartier\nAgenda\n"
        "Les travaux de l'école Jules-Ferry commenceront en juillet, pour une durée de huit mois environ.\n"
        "Hôtel de ville de Vannes\n");
    REQUIRE(article.blocks.size() == 7);
    for (std::size_t i = 1; i < 5; ++i) CHECK(article.blocks[i].region == Region::navigation);
    CHECK(article.blocks[6].region == Region::footer);
}

TEST_CASE("warc: zlib and ISA-L read the same records and meet the same problems at the same offsets") {
    if (!has_inflate_engine(InflateEngine::isa_l)) {
        test::skip("this build has no ISA-L (scripts/setup installs libisal-dev)");
        return;
    }
    CHECK(default_inflate_engine() == InflateEngine::isa_l);
    const Archive whole = lorient_archive();
    std::string damaged = whole.bytes;
    for (std::size_t i = whole.offsets[2] + 200; i < whole.offsets[2] + 240; ++i) damaged[i] = '\x55';
    std::string bad_crc = whole.bytes;  // the CRC-32 of the second member, its last bytes but four
    bad_crc[whole.offsets[2] - 8] ^= 0x01;
    const std::vector<std::pair<std::string, std::string>> archives = {
        {"whole", whole.bytes},
        {"damaged", damaged},
        {"bad CRC", bad_crc},
        {"cut", whole.bytes.substr(0, whole.bytes.size() - 300)},
        {"garbage between", whole.bytes.substr(0, whole.offsets[2]) + "not gzip at all" + whole.bytes.substr(whole.offsets[2])},
        {"one member", gzip_member(test::warcinfo_record("CC-MAIN-2024-10", "x") +
                                   response_record("https://www.vannes.fr/", "2024-03-05T10:12:01Z", bretagne_page()))},
    };
    for (const auto& [name, bytes] : archives) {
        INFO(name);
        const auto zlib = read_all(bytes, {}, InflateEngine::zlib);
        const auto isal = read_all(bytes, {}, InflateEngine::isa_l);
        REQUIRE(zlib.records.size() == isal.records.size());
        for (std::size_t i = 0; i < zlib.records.size(); ++i) {
            CHECK(zlib.records[i].block == isal.records[i].block);
            CHECK(zlib.records[i].offset == isal.records[i].offset);
        }
        REQUIRE(zlib.problems.size() == isal.problems.size());
        for (std::size_t i = 0; i < zlib.problems.size(); ++i) CHECK(zlib.problems[i].offset == isal.problems[i].offset);
    }
    // the damaged CRC is a problem of the record it ends, with both
    const auto crc = read_all(bad_crc, {}, InflateEngine::isa_l);
    REQUIRE(crc.problems.size() == 1);
    CHECK(crc.problems[0].offset == whole.offsets[1]);
    CHECK(crc.records.size() == 3);
}
