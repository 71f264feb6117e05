#include "fetch/host_health.h"

#include <algorithm>

namespace sharitories {

HostHealth::HostHealth(int failure_limit) : failure_limit_(std::max(1, failure_limit)) {}

bool HostHealth::is_host_trouble(const FetchResult& result) {
    switch (result.error) {
        case FetchError::dns:
        case FetchError::connect:
        case FetchError::timeout:
        case FetchError::network:
        case FetchError::tls:
            return true;
        case FetchError::http_status: return result.status >= 500;
        default: return false;
    }
}

bool HostHealth::record(const std::string& origin, const FetchResult& result) {
    State& state = hosts_[origin];
    if (!is_host_trouble(result)) {
        state.consecutive_failures = 0;
        return false;
    }
    ++state.consecutive_failures;
    state.last_error = result.error;
    if (state.given_up || state.consecutive_failures < failure_limit_) return false;
    state.given_up = true;
    return true;
}

bool HostHealth::given_up(const std::string& origin) const {
    auto found = hosts_.find(origin);
    return found != hosts_.end() && found->second.given_up;
}

std::string HostHealth::refusal(std::string_view origin) {
    return std::string(origin) + " was given up after repeated failures";
}

std::string HostHealth::give_up_notice(const std::string& origin) const {
    auto found = hosts_.find(origin);
    const State state = found == hosts_.end() ? State{} : found->second;
    return "giving up " + origin + " for this run after " + std::to_string(state.consecutive_failures) +
           " failed requests (last: " + std::string(to_string(state.last_error)) + ")";
}

}  // namespace sharitories
