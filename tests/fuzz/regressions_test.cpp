// What scripts/fuzz found (issue 10), each input as the target saved it, as a test of the ordinary
// test binary: the invariant its target checks, on that input. Kept in one file apart from the
// pieces' own tests, so that the fixes, made on other branches, merge without conflict here.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>

#include "fetch/charset.h"
#include "fetch/retry_policy.h"
#include "fetch/robots.h"
#include "fetch/url.h"
#include "fuzz/fuzz_support.h"
#include "html/page_text.h"
#include "search/brave.h"
#include "search/duckduckgo.h"
#include "warc/warc_reader.h"

using namespace sharitories;
using namespace std::chrono_literals;

TEST_CASE("fuzz_robots: /robots.txt is allowed however its path is percent-encoded (RFC 9309 §2.2.2)") {
    const auto rules = parse_robots("User-agent: *\nDisallow: /\n", "sharitories");
    CHECK(rules.allowed("/robots.txt"));
    CHECK(rules.allowed("/%72%6f%62%6f%74%73%2e%74%78%74"));
}

TEST_CASE("fuzz_charset: a label iconv reads loosely does not let invalid UTF-8 through") {
    // "utf\xEF" "8" is no WHATWG label; glibc's iconv took it for UTF-8 and kept F4 90 80 80 (past U+10FFFF)
    // and "utf-8\0", whose NUL iconv_open does not see: the label is not "utf-8", yet iconv opens UTF-8
    const std::string body = "\xC3( \xED\xA0\x80 \xF4\x90\x80\x80 \xE2\x82";
    for (std::string_view label : {std::string_view("utf\xEF" "8"), std::string_view("utf-8\0", 6)}) {
        for (bool is_html : {true, false}) {
            const auto decoded = decode_body(body, label, is_html);
            CHECK(fuzz::is_valid_utf8(decoded.text));
        }
    }
}

TEST_CASE("fuzz_page_text: the pre-pass removes what Gumbo would not show, nothing else") {
    for (const char* html : {
             "<script><!--<script>a</script>b</script><p>c</p>",  // a script's escape states: "b" left in
             "<<!-->!",                    // a comment just after a '<' that opens no tag: "<!" dropped
             "<m=\" h=\"C><script>\">/*",  // an attribute name starting with '=': "/*" taken for a script
         }) {
        INFO(html);
        CHECK(extract_page_text(html, true).text == extract_page_text(html, false).text);
    }
}

TEST_CASE("fuzz_brave: a more_results_available that is not a boolean is no exception") {
    const std::string body = R"({"query":{"more_results_available":null},"web":{"results":[{"url":"https://a.fr/"}]}})";
    SearchPage page;
    CHECK_NOTHROW(page = parse_brave(200, body, 0));
    CHECK(page.status == SearchStatus::ok);
    CHECK(page.hits.size() == 1);
}

TEST_CASE("fuzz_url: percent_encode and percent_decode of an empty view read nothing past it") {
    // curl_easy_escape and curl_easy_unescape take a length of 0 for "up to the NUL": an empty
    // view into a longer text was encoded, or decoded, as the rest of that text
    const std::string text = "x%41&rut=1";
    CHECK(percent_encode(std::string_view(text).substr(1, 0)).empty());
    CHECK(percent_decode(std::string_view(text).substr(1, 0)).empty());
}

TEST_CASE("fuzz_url: an empty query is in both the target and the text, or in neither") {
    // curl gives the query "" but leaves the '?' out of the whole URL: the target said "/amap?",
    // the text, parsed again, "/amap"
    const auto url = parse_url("https://www.lorient.fr/amap?");
    REQUIRE(url.has_value());
    const auto again = parse_url(url->text);
    REQUIRE(again.has_value());
    CHECK(again->target == url->target);
    CHECK(again->text == url->text);
}

TEST_CASE("fuzz_retry_after: delay-seconds past what an int64 holds is a long wait, not an unreadable one") {
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1795176000));  // 2026-11-20
    const auto wait = parse_retry_after("99999999999999999999", now);
    REQUIRE(wait.has_value());
    CHECK(*wait >= RetryPolicy{}.max_retry_after);
}

TEST_CASE("fuzz_retry_after: a date far ahead is a long wait, and no retry this run (no overflow)") {
    // seconds since the epoch that overflow system_clock's nanoseconds: UB, then a wait of 0 or less
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1795176000));  // 2026-11-20
    const RetryPolicy policy;
    for (const char* date : {"Fri, 31 Dec 9999 23:59:59 GMT", "Sun, 06 Nov 2300 08:49:37 GMT", "1Feb 2910"}) {
        INFO(date);
        const auto wait = parse_retry_after(date, now);
        REQUIRE(wait.has_value());
        CHECK(*wait >= policy.max_retry_after);
        FetchResult result;
        result.error = FetchError::http_status;
        result.status = 503;
        result.retry_after = date;
        CHECK_FALSE(decide_retry(result, 1, policy, now, 0.5).has_value());
    }
}

TEST_CASE("fuzz_duckduckgo: a result whose redirect leads nowhere (uddg=&rut=) is no hit") {
    const std::string html = "<div class=\"results\"><div class=\"result\"><a class=\"result__a\" "
                             "href=\"//duckduckgo.com/l/?uddg=&amp;rut=\">Tiers-lieu</a></div>"
                             "<div class=\"result\"><a class=\"result__a\" href=\"https://www.lorient.fr/\">Lorient</a></div></div>";
    const auto page = parse_duckduckgo(200, html, 1);
    REQUIRE(page.hits.size() == 1);
    CHECK(page.hits[0].url == "https://www.lorient.fr/");
    CHECK(page.hits[0].rank == 1);
}

TEST_CASE("fuzz_url: a reference whose host decodes to bytes no URL may hold resolves to nothing") {
    const auto base = parse_url("https://www.lorient.fr/vie-locale/");
    REQUIRE(base.has_value());
    for (const char* reference : {"//%7f\x8E\xC5\xCF\xCE\xFE\xFF" "e", "//%7fe/agenda"}) {
        INFO(reference);
        const auto resolved = resolve_url(*base, reference);
        if (resolved) CHECK(parse_url(resolved->text).has_value());
    }
    CHECK(resolve_url(*base, "//www.vannes.fr/agenda")->text == "https://www.vannes.fr/agenda");
    const auto parsed = parse_url("https://wwow0x%7f.ienttps://www.lorient.fr/agenda");
    if (parsed) CHECK(parse_url(parsed->text).has_value());
}

TEST_CASE("fuzz_warc: input that ends inside a version line is one problem, then the end (it looped)") {
    for (const std::string input : {"WARC/1.0WC", "WARC/1.0\r\nWARC-Type: response", "\r\n\r\nWARC/", "garbage"}) {
        WarcReader reader(memory_source(input));
        WarcRecord record;
        WarcProblem problem;
        int problems = 0, steps = 0;
        for (WarcReader::Step step; (step = reader.next(record, problem)) != WarcReader::Step::end && steps < 10; ++steps)
            problems += step == WarcReader::Step::problem;
        CHECK_MESSAGE(steps < 10, input);
        CHECK(problems == 1);
    }
}
