#include "fetch/fetch_types.h"

namespace sharitories {

std::string_view to_string(FetchError error) {
    switch (error) {
        case FetchError::none: return "";
        case FetchError::invalid_url: return "invalid-url";
        case FetchError::blocked_scheme: return "blocked-scheme";
        case FetchError::blocked_private: return "blocked-private";
        case FetchError::robots: return "robots";
        case FetchError::dns: return "dns";
        case FetchError::connect: return "connect";
        case FetchError::tls: return "tls";
        case FetchError::timeout: return "timeout";
        case FetchError::network: return "network";
        case FetchError::too_large: return "too-large";
        case FetchError::headers_too_large: return "headers-too-large";
        case FetchError::too_many_redirects: return "too-many-redirects";
        case FetchError::http_status: return "http-status";
        case FetchError::bad_content_type: return "bad-content-type";
        case FetchError::host_failed: return "host-failed";
        case FetchError::other: return "other";
    }
    return "other";
}

}  // namespace sharitories
