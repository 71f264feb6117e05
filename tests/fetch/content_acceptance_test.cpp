#include <doctest/doctest.h>

#include "fetch/content_acceptance.h"
#include "fetch/robots.h"

using namespace sharitories;

namespace {

FetchResult answered(int status) {
    FetchResult result;
    result.status = status;
    return result;
}

}  // namespace

TEST_CASE("content acceptance: each kind of request has its body rule and cap") {
    CHECK(body_rule(ContentPolicy::page) == BodyRule::page);
    CHECK(body_rule(ContentPolicy::api) == BodyRule::api);
    const ResponseLimits limits{.max_body_bytes = 64 * 1024};
    CHECK(body_cap(BodyRule::page, limits) == 64 * 1024);
    CHECK(body_cap(BodyRule::api, limits) == 64 * 1024);
    CHECK(body_cap(BodyRule::robots_txt, limits) == robots_max_bytes);
}

TEST_CASE("content acceptance: response headers past their limit, in lines or in bytes") {
    const ResponseLimits limits;  // 1000 lines, 256 KiB
    CHECK_FALSE(check_headers(1, 17, limits));
    CHECK_FALSE(check_headers(1000, 256 * 1024, limits));
    const auto lines = check_headers(1001, 1001 * 20, limits);
    REQUIRE(lines);
    CHECK(*lines == FetchRefusal{FetchError::headers_too_large, "too many response headers: more than 1000 lines"});
    const auto bytes = check_headers(65, 256 * 1024 + 1, limits);
    REQUIRE(bytes);
    CHECK(*bytes == FetchRefusal{FetchError::headers_too_large, "response headers over 262144 bytes"});
    const ResponseLimits tight{.max_header_lines = 10, .max_header_bytes = 100};
    CHECK(check_headers(11, 50, tight)->error == FetchError::headers_too_large);
    CHECK(check_headers(3, 101, tight)->error == FetchError::headers_too_large);
}

TEST_CASE("content acceptance: a page that is not one is refused at its first bytes") {
    const auto pdf = open_body(BodyRule::page, 200, "application/pdf");
    CHECK(pdf.stop);
    REQUIRE(pdf.refusal);
    CHECK(*pdf.refusal == FetchRefusal{FetchError::bad_content_type, "application/pdf is not a page (HTML, XHTML or text)"});
    for (const char* type : {"text/html; charset=utf-8", "application/xhtml+xml", "text/plain", "TEXT/HTML", ""}) {
        INFO(type);
        const auto page = open_body(BodyRule::page, 200, type);
        CHECK_FALSE(page.stop);  // read on; without a type, accept_body looks at the bytes
    }
    // an API or robots.txt takes any type
    CHECK_FALSE(open_body(BodyRule::api, 200, "application/json").stop);
    CHECK_FALSE(open_body(BodyRule::robots_txt, 200, "application/octet-stream").stop);
}

TEST_CASE("content acceptance: a page's error or redirect body is not read, an API's is") {
    for (int status : {301, 404, 500}) {
        INFO(status);
        const auto page = open_body(BodyRule::page, status, "application/pdf");
        CHECK(page.stop);
        CHECK_FALSE(page.refusal);  // not an error of its own: the status says what happened
        CHECK_FALSE(open_body(BodyRule::api, status, "text/html").stop);  // SearXNG's or a block page's words
    }
}

TEST_CASE("content acceptance: a body over the cap is too large, robots.txt is cut there") {
    const auto within = take_body(BodyRule::page, 900, 100, 1000);
    CHECK(within.keep == 100);
    CHECK_FALSE(within.stop);
    const auto over = take_body(BodyRule::page, 900, 101, 1000);
    CHECK(over.keep == 0);
    CHECK(over.stop);
    REQUIRE(over.refusal);
    CHECK(*over.refusal == FetchRefusal{FetchError::too_large, "body over 1000 bytes (after decompression)"});
    CHECK(take_body(BodyRule::api, 0, 1001, 1000).refusal->error == FetchError::too_large);

    const auto cut = take_body(BodyRule::robots_txt, 900, 500, 1000);  // RFC 9309 §2.5: the rest ignored
    CHECK(cut.keep == 100);
    CHECK(cut.stop);
    CHECK_FALSE(cut.refusal);
}

TEST_CASE("content acceptance: the final status — 2xx kept, 304 only to a conditional request") {
    auto ok = answered(200);
    judge_status(ok, false);
    CHECK(ok.ok());
    auto revalidated = answered(304);
    judge_status(revalidated, true);
    CHECK(revalidated.ok());
    CHECK(revalidated.not_modified);
    auto plain = answered(304);
    judge_status(plain, false);
    CHECK(plain.error == FetchError::http_status);
    CHECK(plain.error_detail == "HTTP 304");
    CHECK_FALSE(plain.not_modified);
    for (int status : {100, 301, 404, 503}) {
        auto failed = answered(status);
        judge_status(failed, true);
        CHECK(failed.error == FetchError::http_status);
        CHECK(failed.error_detail == "HTTP " + std::to_string(status));
    }
}

TEST_CASE("content acceptance: a page's body is decoded, its charset said") {
    auto result = answered(200);
    accept_body(result, BodyRule::page, "text/html; charset=ISO-8859-1", "<p>Coop\xE9rative</p>");
    CHECK(result.ok());
    CHECK(result.content_type == "text/html");
    CHECK(result.charset == "windows-1252");
    CHECK(result.body == "<p>Coopérative</p>");
}

TEST_CASE("content acceptance: no Content-Type is kept only when the body looks like HTML") {
    auto html = answered(200);
    accept_body(html, BodyRule::page, "", "\n<!DOCTYPE HTML><html><body>AMAP</body></html>");
    CHECK(html.ok());
    CHECK(html.content_type.empty());
    auto other = answered(200);
    accept_body(other, BodyRule::page, "", "%PDF-1.7 ...");
    CHECK(other.error == FetchError::bad_content_type);
    CHECK(other.error_detail == "no Content-Type and the body does not look like HTML");
}

TEST_CASE("content acceptance: an empty body of another type is still not a page") {
    auto result = answered(200);
    accept_body(result, BodyRule::page, "image/png", "");
    CHECK(result.error == FetchError::bad_content_type);
    CHECK(result.content_type == "image/png");
}

TEST_CASE("content acceptance: an API's and robots.txt's bodies are kept as received") {
    const std::string bytes = "{\"r\":\"caf\xE9\"}";  // not UTF-8: not ours to mend
    auto api = answered(200);
    accept_body(api, BodyRule::api, "application/json", bytes);
    CHECK(api.body == bytes);
    CHECK(api.charset.empty());
    auto robots = answered(200);
    accept_body(robots, BodyRule::robots_txt, "text/plain", "User-agent: *\n");
    CHECK(robots.body == "User-agent: *\n");
}

TEST_CASE("content acceptance: a failed or not-modified response keeps no body, but says its type") {
    auto failed = answered(404);
    judge_status(failed, false);
    accept_body(failed, BodyRule::api, "text/html", "<h1>Not found</h1>");
    CHECK(failed.body.empty());
    CHECK(failed.content_type == "text/html");
    auto same = answered(304);
    judge_status(same, true);
    accept_body(same, BodyRule::page, "text/html", "");
    CHECK(same.ok());
    CHECK(same.body.empty());
}
