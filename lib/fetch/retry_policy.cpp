#include "fetch/retry_policy.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

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

bool is_throttle(const FetchResult& result, bool slow_down_503) {
    if (result.error != FetchError::http_status) return false;
    return result.status == 429 || (slow_down_503 && result.status == 503);
}

std::optional<Millis> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    value = trim(value);
    if (value.empty()) return std::nullopt;
    std::int64_t seconds = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    // a wait is at most a year: further is "not this run" all the same, and the arithmetic stays far
    // from overflowing (a date after 2262 does not fit system_clock's nanoseconds)
    constexpr std::int64_t year_seconds = 365LL * 24 * 3600;
    if (end == value.data() + value.size()) {
        // delay-seconds is 1*DIGIT (RFC 9110 §10.2.3): more digits than an int64 holds is a long wait
        if (error == std::errc::result_out_of_range && value.front() != '-') return Millis(year_seconds * 1000);
        if (error == std::errc{}) return seconds < 0 ? std::nullopt : std::optional(Millis(std::min(seconds, year_seconds) * 1000));
    }
    auto date = parse_http_date(value);
    if (!date) return std::nullopt;
    const std::int64_t now_seconds = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
    if (*date <= now_seconds) return Millis(0);
    if (*date >= now_seconds + year_seconds) return Millis(year_seconds * 1000);
    const auto now_millis = std::chrono::floor<Millis>(now).time_since_epoch();
    return std::max(Millis(0), Millis(*date * 1000) - now_millis);
}

namespace {

/// The comma-separated values of a rate-limit header, trimmed: "1, 1419704" → {"1", "1419704"}.
std::vector<std::string_view> windows(std::string_view header) {
    std::vector<std::string_view> values;
    if (trim(header).empty()) return values;
    while (true) {
        const auto comma = header.find(',');
        values.push_back(trim(header.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return values;
}

}  // namespace

std::optional<Millis> server_wait(const FetchResult& result, std::chrono::system_clock::time_point now) {
    if (!result.retry_after.empty()) {
        if (auto wait = parse_retry_after(result.retry_after, now)) return wait;
    }
    const auto resets = windows(result.rate_limit_reset);
    if (resets.empty()) return std::nullopt;
    const auto remaining = windows(result.rate_limit_remaining);
    std::string_view reset = resets.front();
    for (std::size_t i = 0; i < resets.size() && i < remaining.size(); ++i) {
        if (remaining[i] == "0") {
            reset = resets[i];
            break;
        }
    }
    return parse_retry_after(reset, now);
}

std::optional<Millis> decide_retry(const FetchResult& result, int attempts, const RetryPolicy& policy,
                                   std::chrono::system_clock::time_point now, double random01) {
    if (!is_retryable(result) || attempts >= policy.max_attempts) return std::nullopt;
    if (auto wait = server_wait(result, now)) {
        if (*wait > policy.max_retry_after) return std::nullopt;  // the server wants more than a run can give
        return *wait;
    }
    const double exponent = std::min(attempts - 1, 20);
    const double backoff = std::min<double>(static_cast<double>(policy.base_delay.count()) * std::pow(2.0, exponent),
                                            static_cast<double>(policy.max_delay.count()));
    const double factor = 1.0 + policy.jitter * (2.0 * random01 - 1.0);
    return Millis(static_cast<Millis::rep>(std::llround(backoff * factor)));
}

}  // namespace sharitories
