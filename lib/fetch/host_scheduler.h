// Politeness as a pure decision: which queued request may start now, given per-host limits on
// requests in flight and on the gap between request starts, and a global cap. Time is passed in, so
// tests drive the clock; the engine asks pop_ready(now) and sleeps until next_ready_time().
// A host is an origin (scheme, host, port), as robots.txt scopes it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sharitories {

using SteadyTime = std::chrono::steady_clock::time_point;
using Millis = std::chrono::milliseconds;

struct HostLimits {
    int max_in_flight = 2;  ///< requests to one host at once
    Millis min_gap{1000};   ///< between two request starts to one host
};

class HostScheduler {
public:
    using JobId = std::uint64_t;

    HostScheduler(int max_in_flight_total, HostLimits per_host);

    /// Queues a job for `host`, not to start before `not_before` (a retry's backoff).
    void push(const std::string& host, JobId job, SteadyTime not_before);

    struct Start {
        std::string host;
        JobId job;
    };
    /// A job that may start at `now`, counted as started then; nullopt if none may.
    /// Among hosts, the one that has been ready longest goes first.
    std::optional<Start> pop_ready(SteadyTime now);

    /// A started job of `host` is over (whatever its outcome).
    void finish(const std::string& host);

    /// Raises the gap for `host` (robots.txt Crawl-delay); never below the host's limits.
    void set_min_gap(const std::string& host, Millis gap);

    /// Gives `host` its own limits, below or above the defaults (a search provider's pace).
    void set_limits(const std::string& host, HostLimits limits);

    /// No job of `host` starts before `until` (a server that asked to slow down: every request to it
    /// waits, not only the one it refused); a shorter hold than one in force changes nothing.
    void hold(const std::string& host, SteadyTime until);

    /// When pop_ready() may next succeed if nothing finishes before; nullopt if no job is queued or
    /// every queued job waits for a request in flight to finish.
    std::optional<SteadyTime> next_ready_time() const;

    /// Removes the queued jobs of `host` (a host given up) and returns them.
    std::vector<JobId> drop_host(const std::string& host);

    std::size_t queued() const { return queued_; }
    int in_flight() const { return in_flight_; }

private:
    struct Host {
        std::multimap<std::pair<SteadyTime, std::uint64_t>, JobId> queue;  // by (not_before, arrival)
        int in_flight = 0;
        std::optional<SteadyTime> last_start;
        Millis min_gap{0};
        int max_in_flight = 1;
        Millis floor_gap{0};  // what set_min_gap may not go below
        std::optional<SteadyTime> held_until;  // hold(): nothing starts before
        std::optional<SteadyTime> indexed_at;  // its key in ready_index_, if listed there
    };

    Host& host_state(const std::string& host);
    /// Keeps `ready_index_` in step with a host's queue, in-flight count and last start.
    void reindex(const std::string& host, Host& state);

    int max_in_flight_total_;
    HostLimits defaults_;
    std::unordered_map<std::string, Host> hosts_;
    /// Hosts with a queued job and room in flight, by the earliest time their next job may start.
    std::set<std::pair<SteadyTime, std::string>> ready_index_;
    std::uint64_t arrivals_ = 0;
    std::size_t queued_ = 0;
    int in_flight_ = 0;
};

}  // namespace sharitories
