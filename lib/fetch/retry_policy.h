// Retries as decisions, not sleeps (DESIGN.md §3, after curl's retrycheck()): given a failed result
// and how many attempts were made, say whether to try again and after how long. The engine puts the
// request back in its queue with that not-before time. Randomness (jitter) and the wall clock (for a
// Retry-After date) are passed in, so the decision is a pure function.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "fetch/fetch_types.h"
#include "fetch/host_scheduler.h"

namespace sharitories {

struct RetryPolicy {
    int max_attempts = 3;                ///< the first try included
    Millis base_delay{1000};             ///< backoff before the second attempt; doubled each time
    Millis max_delay{30'000};            ///< cap of the backoff
    Millis max_retry_after{120'000};     ///< a server asking to wait longer is not retried this run
    double jitter = 0.2;                 ///< the backoff varies by ± this fraction
};

/// 408, 425, 429, 500, 502, 503, 504, timeouts and connection resets: worth another try.
bool is_retryable(const FetchResult& result);

/// The server asked the client to slow down: a 429, or a 503 from a server that says "slow down"
/// with it (`slow_down_503`: Amazon S3's 503 SlowDown, which Common Crawl's data host answers the
/// impatient — FetchRequest::slow_down_503). Retried as decide_retry says, as a 429 is (a 503
/// waits exactly as long), and the engine holds the whole host for that wait (HostScheduler::hold),
/// not only the request refused.
bool is_throttle(const FetchResult& result, bool slow_down_503);

/// How long to wait before the next attempt, or nullopt not to retry. The server's wish comes first:
/// Retry-After, else the first value of X-RateLimit-Reset (Brave's API), else the backoff. `attempts` is the number made
/// so far (1 after the first); `random01` is uniform in [0, 1), for the jitter.
std::optional<Millis> decide_retry(const FetchResult& result, int attempts, const RetryPolicy& policy,
                                   std::chrono::system_clock::time_point now, double random01);

/// How long the server asked the client to wait, if it said: Retry-After (seconds or an HTTP date),
/// else X-RateLimit-Reset — seconds until each rate-limit window resets ("1, 1419704" for Brave's
/// per-second and per-month windows): the window that X-RateLimit-Remaining says is used up ("0" in
/// the same position), else the first.
std::optional<Millis> server_wait(const FetchResult& result, std::chrono::system_clock::time_point now);

/// A Retry-After value — delay-seconds or an HTTP date (RFC 9110 §10.2.3) — as a wait from `now`;
/// nullopt if unreadable. A date in the past is a wait of zero.
std::optional<Millis> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

/// An HTTP date (IMF-fixdate, RFC 850 or asctime) in seconds since the epoch; nullopt if unreadable.
std::optional<std::int64_t> parse_http_date(std::string_view value);

}  // namespace sharitories
