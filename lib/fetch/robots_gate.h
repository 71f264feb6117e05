// robots.txt as a gate in front of an origin (RFC 9309 §2.3.1): what the fetch of /robots.txt means
// — a 2xx gives its rules; a 4xx or too many redirects, no rules (all allowed); a 5xx or no answer
// at all, everything disallowed for this run — and then each URL's verdict. Jobs that arrive while
// robots.txt is on its way wait in the gate. Parsing and matching are robots.h's.
// Departs from the RFC on one point: a 429 is read as an overloaded server, like a 5xx (crawling it
// anyway would add to the load), not as a 4xx.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/fetch_types.h"
#include "fetch/host_scheduler.h"
#include "fetch/robots.h"
#include "fetch/url.h"

namespace sharitories {

/// A Crawl-delay of an hour would stall a night's run: a minute at most is honoured.
inline constexpr Millis max_crawl_delay{60'000};

/// Whose robots.txt: an origin, kept apart for jobs allowed on private addresses and jobs not
/// allowed there, so that neither kind decides whether the other may read it.
struct RobotsKey {
    std::string origin;  ///< "https://www.example.org:443"
    bool private_allowed = false;

    auto operator<=>(const RobotsKey&) const = default;
};

/// "https://www.example.org:443/robots.txt": where `url`'s origin keeps its robots.txt.
std::string robots_url(const Url& url);

/// What an origin's robots.txt says for this run, once its fetch is over.
struct RobotsOutcome {
    RobotsRules rules;
    /// Set when robots.txt could not be read: nothing is fetched from the origin, for this reason
    /// (the host's own trouble — dns, connect … — when there is one: it tells a user more than "robots").
    std::optional<FetchRefusal> unavailable;
};

/// §2.3.1: the outcome of fetching robots.txt. `result` is that fetch's result, its body as
/// received (the first robots_max_bytes); `product_token` names our group ("sharitories").
RobotsOutcome read_robots_outcome(const FetchResult& result, std::string_view product_token);

/// May a URL with this target ("/a/b?c") be fetched? nullopt if so, else why not.
std::optional<FetchRefusal> robots_verdict(const RobotsOutcome& outcome, std::string_view target);

/// The gap between two requests that robots.txt asks for (Crawl-delay), at most max_crawl_delay.
std::optional<Millis> crawl_gap(const RobotsOutcome& outcome);

/// The gate's memory: per RobotsKey, unknown → being fetched (jobs waiting) → known.
class RobotsGate {
public:
    using JobId = std::uint64_t;

    struct Decision {
        enum class Step {
            go,            ///< robots.txt allows it
            refuse,        ///< robots.txt disallows it or could not be read: `refusal` says which
            wait,          ///< held until robots.txt is known (settle() gives it back)
            fetch_robots,  ///< held, and robots.txt is not asked for yet: the caller fetches it, once
        };
        Step step = Step::go;
        std::optional<FetchRefusal> refusal;
    };

    /// A job for a URL with this target, under `key`.
    Decision admit(const RobotsKey& key, JobId job, std::string_view target);

    /// robots.txt for `key` is known: its outcome kept for later jobs, and the jobs that waited for
    /// it given back, in the order they came, to be admitted again.
    std::vector<JobId> settle(const RobotsKey& key, RobotsOutcome outcome);

    /// What is known for `key`; nullptr while unknown or being fetched.
    const RobotsOutcome* outcome(const RobotsKey& key) const;

private:
    struct Entry {
        std::optional<RobotsOutcome> outcome;  // known
        bool fetching = false;
        std::vector<JobId> waiting;
    };
    std::map<RobotsKey, Entry> entries_;
};

}  // namespace sharitories
