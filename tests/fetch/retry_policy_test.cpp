#include <doctest/doctest.h>

#include "fetch/retry_policy.h"

using namespace sharitories;
using namespace std::chrono_literals;

namespace {

FetchResult http(int status, std::string retry_after = "") {
    FetchResult result;
    result.error = FetchError::http_status;
    result.status = status;
    result.retry_after = std::move(retry_after);
    return result;
}

FetchResult failed(FetchError error) {
    FetchResult result;
    result.error = error;
    return result;
}

// Fri, 20 Nov 2026 12:00:00 GMT
const auto noon = std::chrono::system_clock::time_point(std::chrono::seconds(1795176000));

}  // namespace

TEST_CASE("retry: which outcomes are worth another try") {
    for (int status : {408, 425, 429, 500, 502, 503, 504}) CHECK(is_retryable(http(status)));
    for (int status : {400, 401, 403, 404, 410, 501}) CHECK_FALSE(is_retryable(http(status)));
    CHECK(is_retryable(failed(FetchError::timeout)));
    CHECK(is_retryable(failed(FetchError::network)));
    for (auto error : {FetchError::dns, FetchError::connect, FetchError::robots, FetchError::too_large,
                       FetchError::headers_too_large, FetchError::blocked_private, FetchError::none})
        CHECK_FALSE(is_retryable(failed(error)));
    // a response with thousands of headers will have them again next time
    CHECK_FALSE(decide_retry(failed(FetchError::headers_too_large), 1, RetryPolicy{}, noon, 0.5));
}

TEST_CASE("retry: capped exponential backoff with jitter, three attempts in all") {
    RetryPolicy policy;  // 1 s, doubled, capped at 30 s, ±20 %, 3 attempts
    CHECK(decide_retry(http(503), 1, policy, noon, 0.5) == 1000ms);
    CHECK(decide_retry(http(503), 2, policy, noon, 0.5) == 2000ms);
    CHECK_FALSE(decide_retry(http(503), 3, policy, noon, 0.5));
    CHECK(decide_retry(http(503), 1, policy, noon, 0.0) == 800ms);
    CHECK(decide_retry(http(503), 1, policy, noon, 0.999999) == 1200ms);
    policy.max_attempts = 20;
    CHECK(decide_retry(failed(FetchError::timeout), 12, policy, noon, 0.5) == 30'000ms);
    CHECK_FALSE(decide_retry(http(404), 1, policy, noon, 0.5));
}

TEST_CASE("retry: Retry-After in seconds or as an HTTP date, capped") {
    RetryPolicy policy;
    CHECK(decide_retry(http(429, "7"), 1, policy, noon, 0.5) == 7000ms);
    CHECK(decide_retry(http(503, "Fri, 20 Nov 2026 12:00:42 GMT"), 1, policy, noon, 0.5) == 42'000ms);
    CHECK(decide_retry(http(503, "Friday, 20-Nov-26 12:00:10 GMT"), 1, policy, noon, 0.5) == 10'000ms);
    CHECK(decide_retry(http(503, "Fri Nov 20 12:00:05 2026"), 1, policy, noon, 0.5) == 5000ms);
    CHECK(decide_retry(http(503, "Thu, 19 Nov 2026 12:00:00 GMT"), 1, policy, noon, 0.5) == 0ms);
    // an unreadable value falls back to the backoff; a wait beyond the cap is not retried this run
    CHECK(decide_retry(http(429, "bientôt"), 1, policy, noon, 0.5) == 1000ms);
    CHECK_FALSE(decide_retry(http(429, "3600"), 1, policy, noon, 0.5));
    // Brave's X-RateLimit-Reset: seconds until the per-second window and the monthly one reset
    FetchResult brave = http(429);
    brave.rate_limit_reset = "2, 2591998";
    CHECK(decide_retry(brave, 1, policy, noon, 0.5) == 2000ms);
    // still only three attempts
    CHECK_FALSE(decide_retry(http(429, "1"), 3, policy, noon, 0.5));
}

TEST_CASE("retry: a Retry-After date after 2262 is a wait of a year, not an overflow that reads as 0") {
    // issue 10, finding 5: the date minus `now` was taken in system_clock's nanoseconds, which end in 2262
    constexpr auto year = std::chrono::milliseconds(365LL * 24 * 3600 * 1000);
    for (const char* far : {"Sat, 01 Jan 2300 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 12 Apr 2262 00:00:00 GMT"}) {
        INFO(far);
        CHECK(parse_retry_after(far, noon) == year);
        CHECK_FALSE(decide_retry(http(503, far), 1, RetryPolicy{}, noon, 0.5));  // not this run
    }
    CHECK(parse_retry_after("Sat, 20 Nov 2027 12:00:00 GMT", noon) == year);  // a year and a day away
    CHECK(parse_retry_after("Sat, 21 Nov 2026 12:00:00 GMT", noon) == std::chrono::hours(24));
    CHECK(parse_retry_after("99999999999999999999", noon) == year);  // beyond int64: still a number of seconds
    CHECK(parse_retry_after("-99999999999999999999", noon) == std::nullopt);
    CHECK(parse_retry_after("9223372036854775807", noon) == year);
}

TEST_CASE("retry: the server's wish for a cooldown: Retry-After, or the rate-limit window that is used up") {
    CHECK(server_wait(http(429, "120"), noon) == 120'000ms);
    CHECK(server_wait(http(503, "Fri, 20 Nov 2026 13:00:00 GMT"), noon) == 3'600'000ms);
    CHECK_FALSE(server_wait(http(429), noon));
    FetchResult brave = http(429);
    brave.rate_limit_reset = "1, 1419704";
    CHECK(server_wait(brave, noon) == 1000ms);  // no Remaining header: the first window
    brave.rate_limit_remaining = "1, 0";        // the monthly quota is spent
    CHECK(server_wait(brave, noon) == 1'419'704'000ms);
    brave.rate_limit_remaining = "0, 1500";     // one request too many this second
    CHECK(server_wait(brave, noon) == 1000ms);
}

TEST_CASE("retry: a 503 from a server that says SlowDown with it is a throttle, as a 429 is, and waits as long") {
    CHECK(is_throttle(http(429), false));
    CHECK(is_throttle(http(429), true));
    CHECK(is_throttle(http(503), true));  // Common Crawl's data host (Amazon S3): "503 Slow Down"
    CHECK_FALSE(is_throttle(http(503), false));  // elsewhere a 503 is a server in trouble
    CHECK_FALSE(is_throttle(http(500), true));
    CHECK_FALSE(is_throttle(failed(FetchError::timeout), true));
    FetchResult no_status_error = http(503);
    no_status_error.error = FetchError::none;  // a 503 the engine did not take as a failure is none
    CHECK_FALSE(is_throttle(no_status_error, true));
    // the back-off of a SlowDown is never shorter than a 429's: without and with the server's wish
    RetryPolicy policy;
    policy.max_attempts = 8;
    for (int attempt = 1; attempt < policy.max_attempts; ++attempt) {
        for (double random : {0.0, 0.5, 0.999}) {
            const auto throttled = decide_retry(http(429), attempt, policy, noon, random);
            const auto slow_down = decide_retry(http(503), attempt, policy, noon, random);
            REQUIRE(throttled);
            REQUIRE(slow_down);
            CHECK(*slow_down >= *throttled);
        }
    }
    CHECK(decide_retry(http(503, "7"), 1, policy, noon, 0.5) == 7000ms);
    CHECK(decide_retry(http(503, "7"), 1, policy, noon, 0.5) == decide_retry(http(429, "7"), 1, policy, noon, 0.5));
}
