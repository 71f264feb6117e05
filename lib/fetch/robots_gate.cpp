#include "fetch/robots_gate.h"

#include <algorithm>
#include <utility>

namespace sharitories {

std::string robots_url(const Url& url) {
    return url.scheme + "://" + url.host + ":" + std::to_string(url.port) + "/robots.txt";
}

RobotsOutcome read_robots_outcome(const FetchResult& result, std::string_view product_token) {
    RobotsOutcome outcome;
    if (result.ok()) {
        outcome.rules = parse_robots(result.body, product_token);
        return outcome;
    }
    const bool client_error = result.error == FetchError::http_status && result.status >= 400 &&
                              result.status < 500 && result.status != 429;
    if (client_error || result.error == FetchError::too_many_redirects) {
        outcome.rules = RobotsRules::allow_all();
        return outcome;
    }
    outcome.rules = RobotsRules::disallow_all();
    if (result.error == FetchError::blocked_private) {
        // robots.txt is on an address this job may not reach: so is every page of the origin
        outcome.unavailable = FetchRefusal{FetchError::blocked_private, result.error_detail};
        return outcome;
    }
    const bool unreachable = result.error != FetchError::http_status && result.error != FetchError::other;
    const std::string why = result.error_detail.empty() ? std::string(to_string(result.error)) : result.error_detail;
    outcome.unavailable = FetchRefusal{unreachable ? result.error : FetchError::robots,
                                       "robots.txt unreachable: " + why + "; nothing is fetched from this host this run"};
    return outcome;
}

std::optional<FetchRefusal> robots_verdict(const RobotsOutcome& outcome, std::string_view target) {
    if (outcome.unavailable) return outcome.unavailable;
    if (!outcome.rules.allowed(target)) {
        // a URL past the limit is refused whatever robots.txt says (robots.h): said as such, and not
        // quoted whole in the log
        if (const auto length = normalise_robots_path(target).size(); length > robots_max_target_bytes)
            return FetchRefusal{FetchError::robots, "a URL path of " + std::to_string(length) + " bytes (more than " +
                                                        std::to_string(robots_max_target_bytes) + ") is not fetched"};
        return FetchRefusal{FetchError::robots, "robots.txt disallows " + std::string(target)};
    }
    return std::nullopt;
}

std::optional<Millis> crawl_gap(const RobotsOutcome& outcome) {
    auto delay = outcome.rules.crawl_delay();
    if (!delay) return std::nullopt;
    return std::min<Millis>(*delay, max_crawl_delay);
}

RobotsGate::Decision RobotsGate::admit(const RobotsKey& key, JobId job, std::string_view target) {
    Entry& entry = entries_[key];
    if (entry.outcome) {
        auto refusal = robots_verdict(*entry.outcome, target);
        return {refusal ? Decision::Step::refuse : Decision::Step::go, std::move(refusal)};
    }
    entry.waiting.push_back(job);
    if (entry.fetching) return {Decision::Step::wait, std::nullopt};
    entry.fetching = true;
    return {Decision::Step::fetch_robots, std::nullopt};
}

std::vector<RobotsGate::JobId> RobotsGate::settle(const RobotsKey& key, RobotsOutcome outcome) {
    Entry& entry = entries_[key];
    entry.outcome = std::move(outcome);
    entry.fetching = false;
    return std::exchange(entry.waiting, {});
}

const RobotsOutcome* RobotsGate::outcome(const RobotsKey& key) const {
    auto found = entries_.find(key);
    return found == entries_.end() || !found->second.outcome ? nullptr : &*found->second.outcome;
}

}  // namespace sharitories
