// The network as an interface (DESIGN.md §3): the pipeline asks a Fetcher for URLs and gets one
// FetchResult per request; tests give a fake or a local server. make_curl_fetcher() builds the real
// engine, on libcurl's multi interface.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fetch/fetch_types.h"
#include "fetch/host_scheduler.h"
#include "fetch/retry_policy.h"

namespace sharitories {

struct FetchOptions {
    int concurrency = 32;   ///< requests in flight, all hosts together (--concurrency)
    HostLimits per_host;    ///< 2 in flight, 1000 ms between starts (--per-host-delay-ms)
    RetryPolicy retry;
    std::chrono::milliseconds timeout{30'000};          ///< whole request (--timeout-s)
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds stall_timeout{15'000};    ///< no byte received for this long: abort
    std::size_t max_body_bytes = default_max_body_bytes;
    int max_redirects = 5;
    std::string user_agent;                ///< also gives the robots.txt product token
    std::vector<std::string> resolve;      ///< HOST:PORT:ADDR, as curl's --resolve
    bool allow_private_hosts = false;      ///< every target may be on a private address
    int host_failure_limit = 3;            ///< consecutive failed requests before a host is given up
    /// Origins ("https://html.duckduckgo.com:443") with limits of their own: a search provider's pace.
    std::vector<std::pair<std::string, HostLimits>> origin_limits;
    std::function<void(const std::string&)> log;  ///< one line per notable event (a host given up)
};

class Fetcher {
public:
    virtual ~Fetcher() = default;

    /// Queues a request. Safe from any thread, and from inside the result callback. A request
    /// submitted from another thread after run() has returned waits for the next run().
    virtual void submit(FetchRequest request) = 0;

    /// Fetches until every request submitted (before or during the run) has its result, calling
    /// `on_result` on the calling thread once per request. A redirect to another origin drops the
    /// request's extra headers and validators: they were meant for the first origin only.
    virtual void run(const std::function<void(FetchResult)>& on_result) = 0;

    /// Safe from any thread, a signal watcher's included: run() returns soon after, without results
    /// for the requests still queued or in flight, and every later run() returns at once.
    virtual void cancel() = 0;
};

std::unique_ptr<Fetcher> make_curl_fetcher(FetchOptions options);

/// "sharitories/0.1.0 (+https://…)": the default User-Agent (DESIGN.md §6).
std::string default_user_agent();

}  // namespace sharitories
