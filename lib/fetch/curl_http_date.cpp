// parse_http_date on curl_getdate(), which reads the three date formats HTTP allows.
#include <curl/curl.h>

#include <string>

#include "fetch/retry_policy.h"

namespace sharitories {

std::optional<std::int64_t> parse_http_date(std::string_view value) {
    const std::string copy(value);
    const time_t seconds = curl_getdate(copy.c_str(), nullptr);
    if (seconds == -1) return std::nullopt;
    return static_cast<std::int64_t>(seconds);
}

}  // namespace sharitories
