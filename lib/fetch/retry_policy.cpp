#include "fetch/retry_policy.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "input/delimited_text.h"

namespace sharitories {

bool is_retryable(const FetchResult& result) {
    if (result.error == FetchError::timeout || result.error == FetchError::network) return true;
    if (result.error != FetchError::http_status) return false;
    switch (result.status) {
        case 408: case 425: case 429: case 500: case 502: case 503: case 504: return true;
        default: return false;
    }
}

std::optional<Millis> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    value = trim(value);
    if (value.empty()) return std::nullopt;
    std::int64_t seconds = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error == std::errc{} && end == value.data() + value.size()) {
        if (seconds < 0) return std::nullopt;
        return Millis(std::min<std::int64_t>(seconds, 365LL * 24 * 3600) * 1000);
    }
    auto date = parse_http_date(value);
    if (!date) return std::nullopt;
    auto wait = std::chrono::sys_seconds(std::chrono::seconds(*date)) - now;
    return std::max(Millis(0), std::chrono::duration_cast<Millis>(wait));
}

std::optional<Millis> decide_retry(const FetchResult& result, int attempts, const RetryPolicy& policy,
                                   std::chrono::system_clock::time_point now, double random01) {
    if (!is_retryable(result) || attempts >= policy.max_attempts) return std::nullopt;
    // Retry-After, else the first window of X-RateLimit-Reset ("1, 2591998": seconds until each resets)
    const std::string_view asked = !result.retry_after.empty()
                                       ? std::string_view(result.retry_after)
                                       : std::string_view(result.rate_limit_reset).substr(0, result.rate_limit_reset.find(','));
    if (!asked.empty()) {
        if (auto wait = parse_retry_after(asked, now)) {
            if (*wait > policy.max_retry_after) return std::nullopt;  // the server wants more than a run can give
            return *wait;
        }
    }
    const double exponent = std::min(attempts - 1, 20);
    const double backoff = std::min<double>(static_cast<double>(policy.base_delay.count()) * std::pow(2.0, exponent),
                                            static_cast<double>(policy.max_delay.count()));
    const double factor = 1.0 + policy.jitter * (2.0 * random01 - 1.0);
    return Millis(static_cast<Millis::rep>(std::llround(backoff * factor)));
}

}  // namespace sharitories
