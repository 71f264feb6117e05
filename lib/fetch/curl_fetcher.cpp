// The fetch engine on libcurl's multi interface, in the shape of curl's 10-at-a-time.c: one thread
// admits what was submitted, starts what the scheduler lets start, polls, and reads what finished.
// Connections are reused and HTTP/2 multiplexed where offered; the multi handle shares one DNS cache.
// Every decision is a pure piece this file only wires: politeness (host_scheduler.h), retries
// (retry_policy.h), robots.txt (robots_gate.h), a host given up (host_health.h), redirects, followed
// here hop by hop and each hop admitted like a new request (redirect_policy.h), what a response must
// be to be kept (content_acceptance.h); one transfer's libcurl options and callbacks, the address
// checks among them, are curl_transfer.h's.
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>
#include <utility>

#include "fetch/content_acceptance.h"
#include "fetch/curl_handles.h"
#include "fetch/curl_transfer.h"
#include "fetch/fetcher.h"
#include "fetch/host_health.h"
#include "fetch/redirect_policy.h"
#include "fetch/robots.h"
#include "fetch/robots_gate.h"
#include "fetch/url.h"

namespace sharitories {
namespace {

using Clock = std::chrono::steady_clock;
using JobId = HostScheduler::JobId;

constexpr Millis max_poll_wait{1000};

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

enum class JobKind {
    request,     ///< a caller's request: its result goes to the caller
    robots_txt,  ///< the engine's own fetch of an origin's robots.txt: its result settles the gate
};

/// One request as the engine follows it, through retries and redirect hops.
struct Job {
    JobKind kind = JobKind::request;
    FetchRequest request;  // as asked: its URL stays the requested one
    Hop hop;               // what the current hop sends, and where
    int attempts = 0;      // for the current hop
    std::optional<Clock::time_point> first_start;
    Clock::time_point not_before;  // the request's own delay (FetchRequest::delay)
    RobotsKey robots_for;          // a robots_txt job: whose robots.txt it reads

    BodyRule body_rule() const {
        return kind == JobKind::robots_txt ? BodyRule::robots_txt : sharitories::body_rule(request.content);
    }
};

class CurlFetcher final : public Fetcher {
public:
    explicit CurlFetcher(FetchOptions options)
        : options_(std::move(options)),
          scheduler_(options_.concurrency, options_.per_host),
          health_(options_.host_failure_limit),
          multi_(curl_multi_init()),
          resolve_(options_.resolve),
          pool_(static_cast<std::size_t>(std::max(1, options_.concurrency))),
          random_(std::random_device{}()) {
        if (options_.user_agent.empty()) options_.user_agent = default_user_agent();
        robots_token_ = product_token(options_.user_agent);
        settings_ = {.user_agent = options_.user_agent,
                     .timeout = options_.timeout,
                     .connect_timeout = options_.connect_timeout,
                     .stall_timeout = options_.stall_timeout,
                     .limits = {.max_body_bytes = options_.max_body_bytes}};
        curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
        // The scheduler enforces the limits; curl's, at twice them, are only a safety net (and leave
        // the tests to see the scheduler's).
        curl_multi_setopt(multi_.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options_.concurrency) * 2);
        curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                          static_cast<long>(options_.per_host.max_in_flight) * 2);
        curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(options_.concurrency) * 2);
        for (const auto& [origin, limits] : options_.origin_limits) scheduler_.set_limits(origin, limits);
    }

    ~CurlFetcher() override { abandon_transfers(); }

    void submit(FetchRequest request) override {
        {
            std::lock_guard lock(inbox_mutex_);
            inbox_.push_back(std::move(request));
        }
        curl_multi_wakeup(multi_.get());
    }

    void run(const std::function<void(FetchResult)>& on_result) override {
        on_result_ = &on_result;
        struct Reset {
            const std::function<void(FetchResult)>*& pointer;
            ~Reset() { pointer = nullptr; }
        } reset{on_result_};  // also if on_result throws
        while (!cancelled_) {
            admit_inbox();
            while (auto start = scheduler_.pop_ready(Clock::now())) start_transfer(start->job);
            if (running_.empty() && jobs_.empty() && inbox_empty()) return;
            // wakes on socket activity, curl's own timers, a submit(), or the scheduler's next start
            curl_multi_poll(multi_.get(), nullptr, 0, poll_wait_ms(), nullptr);
            int still_running = 0;
            curl_multi_perform(multi_.get(), &still_running);
            collect_finished();
        }
        abandon_everything();
    }

    void cancel() override {
        cancelled_ = true;
        curl_multi_wakeup(multi_.get());
    }

private:
    struct Running {
        JobId job;
        std::unique_ptr<CurlTransfer> transfer;
    };

    /// After cancel(): transfers in flight are aborted and queued requests dropped, without results.
    void abandon_everything() {
        abandon_transfers();
        jobs_.clear();
        robots_ = RobotsGate();
        scheduler_ = HostScheduler(options_.concurrency, options_.per_host);
        std::lock_guard lock(inbox_mutex_);
        inbox_.clear();
    }

    void abandon_transfers() {
        for (auto& [easy, running] : running_) curl_multi_remove_handle(multi_.get(), easy);
        running_.clear();
    }

    bool inbox_empty() {
        std::lock_guard lock(inbox_mutex_);
        return inbox_.empty();
    }

    int poll_wait_ms() const {
        auto wait = max_poll_wait;
        if (auto next = scheduler_.next_ready_time()) {
            auto until = std::chrono::duration_cast<Millis>(*next - Clock::now());
            wait = std::clamp(until + Millis(1), Millis(0), max_poll_wait);
        }
        return static_cast<int>(wait.count());
    }

    RedirectRules redirect_rules() const { return {options_.max_redirects, options_.allow_private_hosts}; }

    // --- admission: a new request, a redirect hop, a job that waited for robots.txt ------------

    void admit_inbox() {
        std::deque<FetchRequest> arrived;
        {
            std::lock_guard lock(inbox_mutex_);
            arrived.swap(inbox_);
        }
        for (auto& request : arrived) {
            const JobId id = next_job_id_++;
            Job& job = jobs_[id];
            job.request = std::move(request);
            job.not_before = Clock::now() + job.request.delay;
            auto url = parse_url(job.request.url);
            if (!url) {
                finish(id, {FetchError::invalid_url, "not a URL"});
                continue;
            }
            job.hop = first_hop(job.request, std::move(*url), redirect_rules());
            admit(id);
        }
    }

    /// Refused, held for robots.txt, or queued on its host.
    void admit(JobId id) {
        Job& job = jobs_.at(id);
        if (auto refusal = refuse_scheme(job.hop)) return finish(id, std::move(*refusal));
        const std::string origin = job.hop.url.origin();
        if (health_.given_up(origin)) return finish(id, {FetchError::host_failed, HostHealth::refusal(origin)});
        if (job.kind == JobKind::request && job.request.obey_robots) {
            const RobotsKey key{origin, job.hop.allow_private};
            auto decision = robots_.admit(key, id, job.hop.url.target);
            switch (decision.step) {
                case RobotsGate::Decision::Step::fetch_robots: return start_robots_job(job.hop.url, key);
                case RobotsGate::Decision::Step::wait: return;
                case RobotsGate::Decision::Step::refuse: return finish(id, std::move(*decision.refusal));
                case RobotsGate::Decision::Step::go: break;
            }
        }
        scheduler_.push(origin, id, std::max(Clock::now(), job.not_before));
    }

    void start_robots_job(const Url& url, const RobotsKey& key) {
        const JobId id = next_job_id_++;
        Job& job = jobs_[id];
        job.kind = JobKind::robots_txt;
        job.robots_for = key;
        job.request.url = robots_url(url);
        job.request.allow_private = key.private_allowed;
        job.hop = first_hop(job.request, *parse_url(job.request.url), redirect_rules());
        scheduler_.push(key.origin, id, Clock::now());
    }

    // --- transfers ------------------------------------------------------------------------------

    void start_transfer(JobId id) {
        Job& job = jobs_.at(id);
        if (!job.first_start) job.first_start = Clock::now();
        ++job.attempts;
        curl::Easy easy = pool_.take();
        if (!easy) {
            scheduler_.finish(job.hop.url.origin());
            return finish(id, {FetchError::other, "libcurl could not create a transfer (out of memory?)"});
        }
        auto transfer = std::make_unique<CurlTransfer>(std::move(easy), job.hop, job.body_rule(), settings_,
                                                       resolve_.find(job.hop.url));
        if (curl_multi_add_handle(multi_.get(), transfer->handle()) != CURLM_OK) {
            scheduler_.finish(job.hop.url.origin());
            return finish(id, {FetchError::other, "libcurl could not start the transfer"});
        }
        CURL* handle = transfer->handle();
        running_.emplace(handle, Running{id, std::move(transfer)});
    }

    void collect_finished() {
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
            if (message->msg != CURLMSG_DONE) continue;
            CURL* easy = message->easy_handle;
            const CURLcode code = message->data.result;
            curl_multi_remove_handle(multi_.get(), easy);
            auto node = running_.extract(easy);
            TransferOutcome outcome = node.mapped().transfer->finish(code);
            pool_.give_back(node.mapped().transfer->release());
            complete(node.mapped().job, std::move(outcome));
        }
    }

    // --- completion -----------------------------------------------------------------------------

    /// A transfer is over: a redirect to follow, an attempt to retry, or the job's result.
    void complete(JobId id, TransferOutcome outcome) {
        Job& job = jobs_.at(id);
        const std::string origin = job.hop.url.origin();
        scheduler_.finish(origin);
        FetchResult& attempt = outcome.result;
        if (attempt.ok() && is_redirect(attempt.status) && !outcome.location.empty())
            return redirect(id, outcome.location, attempt.status);
        if (attempt.ok()) judge_status(attempt, job.hop.conditional());
        if (retry_later(id, attempt)) return;
        count_host_outcome(origin, attempt);
        accept_body(attempt, job.body_rule(), outcome.content_type, std::move(outcome.body));
        deliver(id, std::move(attempt));
    }

    void redirect(JobId id, const std::string& location, int status) {
        Job& job = jobs_.at(id);
        if (auto refusal = follow_redirect(job.hop, status, location, redirect_rules()))
            return finish(id, std::move(*refusal));
        job.attempts = 0;
        admit(id);
    }

    /// Queues the job again if the attempt is worth another and its host is not given up meanwhile.
    bool retry_later(JobId id, const FetchResult& attempt) {
        Job& job = jobs_.at(id);
        RetryPolicy policy = options_.retry;
        if (job.request.max_attempts > 0) policy.max_attempts = job.request.max_attempts;
        const auto wait = decide_retry(attempt, job.attempts, policy, std::chrono::system_clock::now(),
                                       std::uniform_real_distribution<double>(0, 1)(random_));
        const std::string origin = job.hop.url.origin();
        if (!wait || health_.given_up(origin)) return false;
        const auto at = Clock::now() + *wait;
        // a server that asked to slow down gets no request before then, not only this one again
        if (is_throttle(attempt, job.request.slow_down_503)) scheduler_.hold(origin, at);
        scheduler_.push(origin, id, at);
        return true;
    }

    /// Counts a request's final outcome for its host; a host given up is said once and its queue dropped.
    void count_host_outcome(const std::string& origin, const FetchResult& result) {
        if (!health_.record(origin, result)) return;
        if (options_.log) options_.log(health_.give_up_notice(origin));
        for (JobId dropped : scheduler_.drop_host(origin)) finish(dropped, {FetchError::host_failed, HostHealth::refusal(origin)});
    }

    /// robots.txt is known (or known to be unavailable): the jobs waiting for it are admitted again.
    void robots_settled(const RobotsKey& key, const FetchResult& result) {
        RobotsOutcome outcome = read_robots_outcome(result, robots_token_);
        if (auto gap = crawl_gap(outcome)) scheduler_.set_min_gap(key.origin, *gap);
        for (JobId waiting : robots_.settle(key, std::move(outcome))) admit(waiting);
    }

    void finish(JobId id, FetchRefusal refusal) {
        FetchResult result;
        result.error = refusal.error;
        result.error_detail = std::move(refusal.detail);
        deliver(id, std::move(result));
    }

    /// Fills in what the job knows and hands the result to the caller (or, for a robots.txt job, to
    /// the robots gate); the job is over.
    void deliver(JobId id, FetchResult result) {
        auto node = jobs_.extract(id);
        const Job& job = node.mapped();
        if (job.kind == JobKind::robots_txt) return robots_settled(job.robots_for, result);
        result.id = job.request.id;
        result.requested_url = job.request.url;
        result.final_url = job.hop.url.text.empty() ? job.request.url : job.hop.url.text;
        result.attempts = job.attempts;
        result.redirects = job.hop.redirects;
        if (job.first_start) result.seconds = std::chrono::duration<double>(Clock::now() - *job.first_start).count();
        (*on_result_)(std::move(result));
    }

    FetchOptions options_;
    HostScheduler scheduler_;
    HostHealth health_;
    curl::Multi multi_;
    ResolveTable resolve_;
    EasyPool pool_;
    TransferSettings settings_;
    std::string robots_token_;
    std::mt19937_64 random_;

    std::mutex inbox_mutex_;
    std::deque<FetchRequest> inbox_;

    JobId next_job_id_ = 1;
    std::unordered_map<JobId, Job> jobs_;
    RobotsGate robots_;
    std::unordered_map<CURL*, Running> running_;
    const std::function<void(FetchResult)>* on_result_ = nullptr;
    std::atomic<bool> cancelled_{false};
};

}  // namespace

std::unique_ptr<Fetcher> make_curl_fetcher(FetchOptions options) {
    global_init();
    return std::make_unique<CurlFetcher>(std::move(options));
}

std::string default_user_agent() {
    return std::string("sharitories/") + SHARITORIES_VERSION + " (+" + SHARITORIES_PROJECT_URL + ")";
}

}  // namespace sharitories
