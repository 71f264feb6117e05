// Whether an origin is still worth trying this run: failures that say the host itself is unwell (no
// DNS answer, no connection, a timeout, a reset, TLS trouble, a 5xx), counted one per request in a
// row, give the host up past a limit; any other outcome, a 404 included, shows the host alive and
// starts the count again. The one place that says a host is given up, and why.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "fetch/fetch_types.h"

namespace sharitories {

class HostHealth {
public:
    /// Gives a host up after `failure_limit` unwell outcomes in a row (at least 1).
    explicit HostHealth(int failure_limit);

    /// Does this outcome say the host itself is unwell?
    static bool is_host_trouble(const FetchResult& result);

    /// Counts a request's final outcome (after its retries) for `origin`. True only for the outcome
    /// that gives the host up, so that the caller says it once and drops the host's queue.
    bool record(const std::string& origin, const FetchResult& result);

    bool given_up(const std::string& origin) const;

    /// Why a request to a given-up host is refused: "https://a.fr:443 was given up after repeated failures".
    static std::string refusal(std::string_view origin);

    /// The line that reports a host given up, once: its origin, the count and the last error.
    std::string give_up_notice(const std::string& origin) const;

private:
    struct State {
        int consecutive_failures = 0;
        bool given_up = false;
        FetchError last_error = FetchError::none;
    };
    int failure_limit_;
    std::unordered_map<std::string, State> hosts_;  // by origin
};

}  // namespace sharitories
