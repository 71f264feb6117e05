// Retry-After (lib/fetch/retry_policy.h), delay-seconds or an HTTP date, for any value.
// Invariants: no undefined behaviour for any date (UBSan aborts on an overflow); a wait is never
// negative; a server asking for at least the policy's max_retry_after — delay-seconds, however many
// digits, or a date that far in the future — gets a wait of at least that (never 0, never "unreadable"),
// and decide_retry does not retry this run when that is longer than max_retry_after.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fetch/retry_policy.h"
#include "input/delimited_text.h"
#include "fuzz_support.h"

namespace {

using namespace std::chrono;

/// 2026-06-01T12:00:00Z, a plausible "now" (the wall clock is an input of the function, not read).
const system_clock::time_point now = sys_days{year{2026} / June / 1} + hours{12};

/// Whether `text` is delay-seconds (1*DIGIT) of at least `limit` seconds, whatever its length.
bool delay_at_least(std::string_view text, std::int64_t limit) {
    text = sharitories::trim(text);
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return false;
    while (text.size() > 1 && text.front() == '0') text.remove_prefix(1);
    if (text.size() > 18) return true;
    return std::stoll(std::string(text)) >= limit;
}

/// "-12", "42" (blanks around allowed): what std::from_chars reads whole as an integer.
bool is_signed_number(std::string_view text) {
    text = sharitories::trim(text);
    if (!text.empty() && text.front() == '-') text.remove_prefix(1);
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto value = fuzz::as_text(data, size);
    const sharitories::RetryPolicy policy;
    const auto about = [&] { return "Retry-After: \"" + fuzz::escape(value) + "\""; };

    const auto wait = sharitories::parse_retry_after(value, now);
    if (wait) FUZZ_CHECK(wait->count() >= 0, about() + " gave " + std::to_string(wait->count()) + " ms");

    const std::int64_t limit_seconds = duration_cast<seconds>(policy.max_retry_after).count();
    const std::int64_t now_seconds = duration_cast<seconds>(now.time_since_epoch()).count();
    // a number, signed or not, is read as delay-seconds and never as a date (curl_getdate would take
    // "-21201120" for one): a negative number is unreadable, not a date
    const auto date = is_signed_number(value) ? std::nullopt : sharitories::parse_http_date(value);
    // asks for at least `limit` seconds: as delay-seconds, or as a date at least that far
    const auto asks = [&](std::int64_t limit) {
        return delay_at_least(value, limit) || (date && *date >= now_seconds + limit);
    };
    const auto said = [&] {
        return about() + (date ? " (date " + std::to_string(*date) + ")" : std::string()) + " gave " +
               (wait ? std::to_string(wait->count()) + " ms" : std::string("no wait"));
    };
    if (asks(limit_seconds)) FUZZ_CHECK(wait.has_value() && *wait >= policy.max_retry_after, said());
    if (asks(limit_seconds + 1)) {  // longer than a run can give: not retried
        sharitories::FetchResult result;
        result.error = sharitories::FetchError::http_status;
        result.status = 503;
        result.retry_after = std::string(value);
        const auto retry = sharitories::decide_retry(result, 1, policy, now, 0.5);
        FUZZ_CHECK(!retry.has_value(), said() + ", retried after " + std::to_string(retry->count()) + " ms");
    }
    return 0;
}
