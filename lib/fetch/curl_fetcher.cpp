// The fetch engine on libcurl's multi interface: one thread drives curl_multi_poll over every
// transfer; connections are reused and HTTP/2 multiplexed where offered, and the multi handle shares
// one DNS cache. Politeness (HostScheduler), retries (decide_retry) and robots.txt (RobotsRules) are
// pure pieces this file only wires. Redirects are followed here, hop by hop, rather than by curl, so
// that every hop is checked for its scheme, scheduled on its own host and checked against that
// host's robots.txt. The address actually connected to is checked twice: before connecting
// (CURLOPT_OPENSOCKETFUNCTION) and before each request, reused connections included
// (CURLOPT_PREREQFUNCTION), so a DNS answer that changes between a check and the connect cannot
// slip through.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "fetch/address_policy.h"
#include "fetch/content_acceptance.h"
#include "fetch/curl_handles.h"
#include "fetch/fetcher.h"
#include "fetch/host_health.h"
#include "fetch/redirect_policy.h"
#include "fetch/robots.h"
#include "fetch/robots_gate.h"
#include "fetch/url.h"
#include "text/utf8.h"

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
    FetchRequest request;         // as asked: its URL stays the requested one
    Hop hop;                      // what the current hop sends, and where
    int attempts = 0;             // for the current hop
    std::optional<Clock::time_point> first_start;
    Clock::time_point not_before;  // the request's own delay (FetchRequest::delay)
    RobotsKey robots_for;          // a robots_txt job: whose robots.txt it reads
};

/// One transfer in flight: the easy handle and what its callbacks collect.
struct Transfer {
    JobId job = 0;
    curl::Easy easy;
    curl::List headers;
    BodyRule rule = BodyRule::page;
    bool allow_private = false;
    std::size_t cap = 0;
    std::string body;
    std::string etag, last_modified, location, retry_after, rate_limit_reset, rate_limit_remaining;
    bool body_opened = false;
    bool body_stopped = false;  // on purpose: see stop_refusal
    std::optional<FetchRefusal> stop_refusal;  // why, if that ends the request (too_large …)
    bool blocked_private = false;
    std::string blocked_address;
};

std::string_view header_value(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':') return {};
    if (ascii_lower(line.substr(0, name.size())) != name) return {};
    std::string_view value = line.substr(name.size() + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    return value;
}

FetchError error_for(CURLcode code, const Transfer& transfer) {
    switch (code) {
        case CURLE_OK: return FetchError::none;
        case CURLE_COULDNT_RESOLVE_HOST: return FetchError::dns;
        case CURLE_COULDNT_CONNECT:
            return transfer.blocked_private ? FetchError::blocked_private : FetchError::connect;
        case CURLE_ABORTED_BY_CALLBACK: return transfer.blocked_private ? FetchError::blocked_private : FetchError::other;
        case CURLE_OPERATION_TIMEDOUT: return FetchError::timeout;
        case CURLE_WRITE_ERROR:
            if (transfer.body_stopped) return transfer.stop_refusal ? transfer.stop_refusal->error : FetchError::none;
            return FetchError::other;
        case CURLE_UNSUPPORTED_PROTOCOL: return FetchError::blocked_scheme;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
            return FetchError::tls;
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return FetchError::network;
        default: return FetchError::other;
    }
}

class CurlFetcher final : public Fetcher {
public:
    explicit CurlFetcher(FetchOptions options)
        : options_(std::move(options)),
          scheduler_(options_.concurrency, options_.per_host),
          health_(options_.host_failure_limit),
          multi_(curl_multi_init()),
          robots_token_(product_token(options_.user_agent)),
          random_(std::random_device{}()) {
        if (options_.user_agent.empty()) {
            options_.user_agent = default_user_agent();
            robots_token_ = product_token(options_.user_agent);
        }
        curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
        // The scheduler enforces the limits; curl's, at twice them, are only a safety net (and leave
        // the tests to see the scheduler's).
        curl_multi_setopt(multi_.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options_.concurrency) * 2);
        curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                          static_cast<long>(options_.per_host.max_in_flight) * 2);
        curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(options_.concurrency) * 2);
        for (const auto& [origin, limits] : options_.origin_limits) scheduler_.set_limits(origin, limits);
        // Each transfer gets only its own host's entry: curl parses the whole list at every start.
        for (const auto& entry : options_.resolve) {
            std::string_view rest(entry);
            if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) rest.remove_prefix(1);
            auto host_end = rest.find(':');
            auto port_end = host_end == std::string_view::npos ? host_end : rest.find(':', host_end + 1);
            if (port_end == std::string_view::npos) continue;  // the CLI checks the form; ignore the rest
            curl::append(resolve_by_host_[ascii_lower(rest.substr(0, port_end))], entry.c_str());
        }
    }

    ~CurlFetcher() override {
        for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_.get(), easy);
    }

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
        while (true) {
            if (cancelled_) {
                abandon_everything();
                return;
            }
            admit_inbox();
            start_ready_transfers();
            if (transfers_.empty() && jobs_.empty() && inbox_empty()) break;
            // wakes on socket activity, curl's own timers, a submit(), or the scheduler's next start
            curl_multi_poll(multi_.get(), nullptr, 0, poll_wait_ms(), nullptr);
            int running = 0;
            curl_multi_perform(multi_.get(), &running);
            collect_finished();
        }
    }

    void cancel() override {
        cancelled_ = true;
        curl_multi_wakeup(multi_.get());
    }

private:
    /// After cancel(): transfers in flight are aborted and queued requests dropped, without results.
    void abandon_everything() {
        for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_.get(), easy);
        transfers_.clear();
        jobs_.clear();
        robots_ = RobotsGate();
        scheduler_ = HostScheduler(options_.concurrency, options_.per_host);
        std::lock_guard lock(inbox_mutex_);
        inbox_.clear();
    }

    // --- admission: a new request or a new redirect hop ---------------------------------------

    bool inbox_empty() {
        std::lock_guard lock(inbox_mutex_);
        return inbox_.empty();
    }

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
                finish(id, FetchError::invalid_url, "not a URL");
                continue;
            }
            job.hop = first_hop(job.request, std::move(*url), redirect_rules());
            admit(id);
        }
    }

    /// Routes a job whose url is set, a new request, a redirect hop or a job that waited for
    /// robots.txt: refused, held for robots.txt, or queued.
    void admit(JobId id) {
        Job& job = jobs_.at(id);
        if (auto refusal = refuse_scheme(job.hop)) {
            finish(id, std::move(*refusal));
            return;
        }
        const std::string origin = job.hop.url.origin();
        if (health_.given_up(origin)) {
            finish(id, FetchError::host_failed, HostHealth::refusal(origin));
            return;
        }
        if (job.kind == JobKind::request && job.request.obey_robots) {
            const RobotsKey key{origin, job.hop.allow_private};
            auto decision = robots_.admit(key, id, job.hop.url.target);
            switch (decision.step) {
                case RobotsGate::Decision::Step::fetch_robots: start_robots_job(job.hop.url, key); return;
                case RobotsGate::Decision::Step::wait: return;
                case RobotsGate::Decision::Step::refuse: finish(id, std::move(*decision.refusal)); return;
                case RobotsGate::Decision::Step::go: break;
            }
        }
        scheduler_.push(origin, id, std::max(Clock::now(), job.not_before));
    }

    void start_robots_job(const Url& url, const RobotsKey& key) {
        const JobId id = next_job_id_++;
        Job& job = jobs_[id];
        job.kind = JobKind::robots_txt;
        job.request.url = robots_url(url);
        job.request.content = ContentPolicy::api;
        job.request.obey_robots = false;
        job.robots_for = key;
        job.hop = first_hop(job.request, *parse_url(job.request.url), redirect_rules());
        job.hop.allow_private = key.private_allowed;
        scheduler_.push(key.origin, id, Clock::now());
    }

    // --- transfers ------------------------------------------------------------------------------

    int poll_wait_ms() const {
        auto wait = max_poll_wait;
        if (auto next = scheduler_.next_ready_time()) {
            auto until = std::chrono::duration_cast<Millis>(*next - Clock::now());
            wait = std::clamp(until + Millis(1), Millis(0), max_poll_wait);
        }
        return static_cast<int>(wait.count());
    }

    void start_ready_transfers() {
        while (auto start = scheduler_.pop_ready(Clock::now())) start_transfer(start->job);
    }

    static curl_socket_t open_socket(void* data, curlsocktype, curl_sockaddr* address) {
        auto* transfer = static_cast<Transfer*>(data);
        if (!transfer->allow_private && !is_public_address(&address->addr)) {
            transfer->blocked_private = true;
            transfer->blocked_address = address_text(&address->addr);
            return CURL_SOCKET_BAD;
        }
        return ::socket(address->family, address->socktype, address->protocol);
    }

    /// Just before the request is sent, on a new or a reused connection: the last word on the address.
    static int before_request(void* data, char* connected_ip, char*, int, int) {
        auto* transfer = static_cast<Transfer*>(data);
        if (transfer->allow_private) return CURL_PREREQFUNC_OK;
        auto parsed = parse_ip(connected_ip);
        if (!parsed || !is_public_address(reinterpret_cast<const sockaddr*>(&*parsed))) {
            transfer->blocked_private = true;
            transfer->blocked_address = connected_ip;
            return CURL_PREREQFUNC_ABORT;
        }
        return CURL_PREREQFUNC_OK;
    }

    static std::optional<sockaddr_storage> parse_ip(const char* text) {
        sockaddr_storage storage{};
        auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
        if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
            v4->sin_family = AF_INET;
            return storage;
        }
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
        if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
            v6->sin6_family = AF_INET6;
            return storage;
        }
        return std::nullopt;
    }

    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
        auto* transfer = static_cast<Transfer*>(user);
        const std::string_view line(data, size * count);
        if (line.starts_with("HTTP/")) {  // a new response (after a 100 Continue, say): start afresh
            transfer->etag.clear();
            transfer->last_modified.clear();
            transfer->location.clear();
            transfer->retry_after.clear();
            transfer->rate_limit_reset.clear();
            transfer->rate_limit_remaining.clear();
        }
        if (auto value = header_value(line, "etag"); !value.empty()) transfer->etag = value;
        if (auto value = header_value(line, "last-modified"); !value.empty()) transfer->last_modified = value;
        if (auto value = header_value(line, "location"); !value.empty()) transfer->location = value;
        if (auto value = header_value(line, "retry-after"); !value.empty()) transfer->retry_after = value;
        if (auto value = header_value(line, "x-ratelimit-reset"); !value.empty()) transfer->rate_limit_reset = value;
        if (auto value = header_value(line, "x-ratelimit-remaining"); !value.empty())
            transfer->rate_limit_remaining = value;
        return size * count;
    }

    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
        auto* transfer = static_cast<Transfer*>(user);
        const std::size_t bytes = size * count;
        if (!transfer->body_opened) {
            transfer->body_opened = true;
            long status = 0;
            curl_easy_getinfo(transfer->easy.get(), CURLINFO_RESPONSE_CODE, &status);
            char* type = nullptr;
            curl_easy_getinfo(transfer->easy.get(), CURLINFO_CONTENT_TYPE, &type);
            if (auto step = open_body(transfer->rule, static_cast<int>(status), type ? type : ""); step.stop)
                return stop_body(*transfer, std::move(step));
        }
        auto step = take_body(transfer->rule, transfer->body.size(), bytes, transfer->cap);
        transfer->body.append(data, step.keep);
        return step.stop ? stop_body(*transfer, std::move(step)) : bytes;
    }

    /// Stops the transfer from the body callback (curl ends it with CURLE_WRITE_ERROR).
    static std::size_t stop_body(Transfer& transfer, BodyStep step) {
        transfer.body_stopped = true;
        transfer.stop_refusal = std::move(step.refusal);
        return 0;
    }

    void start_transfer(JobId id) {
        Job& job = jobs_.at(id);
        if (!job.first_start) job.first_start = Clock::now();
        ++job.attempts;
        auto transfer = std::make_unique<Transfer>();
        transfer->job = id;
        if (!idle_handles_.empty()) {
            transfer->easy = std::move(idle_handles_.back());
            idle_handles_.pop_back();
        } else {
            transfer->easy.reset(curl_easy_init());
        }
        if (!transfer->easy) {
            scheduler_.finish(job.hop.url.origin());
            finish(id, FetchError::other, "libcurl could not create a transfer (out of memory?)");
            return;
        }
        transfer->rule = job.kind == JobKind::robots_txt ? BodyRule::robots_txt : body_rule(job.request.content);
        transfer->allow_private = job.hop.allow_private;
        transfer->cap = body_cap(transfer->rule, {.max_body_bytes = options_.max_body_bytes});
        CURL* easy = transfer->easy.get();

        curl_easy_setopt(easy, CURLOPT_URL, job.hop.url.text.c_str());
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // hop by hop, in admit()
        curl_easy_setopt(easy, CURLOPT_PROXY, "");           // no proxy from the environment: we check the peer
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
        curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
        curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
        curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);  // an HTTP/2 host: one connection, multiplexed
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                         static_cast<long>(std::max<Millis::rep>(1, options_.stall_timeout.count() / 1000)));
        curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &CurlFetcher::open_socket);
        curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, transfer.get());
        curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &CurlFetcher::before_request);
        curl_easy_setopt(easy, CURLOPT_PREREQDATA, transfer.get());
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &CurlFetcher::on_header);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlFetcher::on_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
        curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
        auto pinned = resolve_by_host_.find(job.hop.url.host + ":" + std::to_string(job.hop.url.port));
        if (pinned == resolve_by_host_.end()) pinned = resolve_by_host_.find("*:" + std::to_string(job.hop.url.port));
        if (pinned != resolve_by_host_.end()) curl_easy_setopt(easy, CURLOPT_RESOLVE, pinned->second.get());

        curl::append(transfer->headers, job.request.content == ContentPolicy::page
                                            ? "Accept: text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"
                                            : "Accept: */*");
        curl::append(transfer->headers, "Accept-Language: fr-FR,fr;q=0.9,en;q=0.5");
        if (!job.hop.if_none_match.empty())
            curl::append(transfer->headers, ("If-None-Match: " + job.hop.if_none_match).c_str());
        if (!job.hop.if_modified_since.empty())
            curl::append(transfer->headers, ("If-Modified-Since: " + job.hop.if_modified_since).c_str());
        for (const auto& header : job.hop.headers) curl::append(transfer->headers, header.c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers.get());
        if (job.hop.method == "POST") {
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(job.hop.body.size()));
            curl_easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, job.hop.body.c_str());
        }

        if (curl_multi_add_handle(multi_.get(), easy) != CURLM_OK) {
            scheduler_.finish(job.hop.url.origin());
            finish(id, FetchError::other, "libcurl could not start the transfer");
            return;
        }
        transfers_.emplace(easy, std::move(transfer));
    }

    void collect_finished() {
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
            if (message->msg != CURLMSG_DONE) continue;
            CURL* easy = message->easy_handle;
            const CURLcode code = message->data.result;
            curl_multi_remove_handle(multi_.get(), easy);
            auto node = transfers_.extract(easy);
            Transfer& transfer = *node.mapped();
            complete(transfer, code);
            recycle(std::move(transfer.easy));
        }
    }

    /// Keeps a finished handle for the next transfer: curl_easy_init is a large part of a start.
    void recycle(curl::Easy easy) {
        if (idle_handles_.size() >= static_cast<std::size_t>(options_.concurrency)) return;
        curl_easy_reset(easy.get());
        idle_handles_.push_back(std::move(easy));
    }

    // --- completion -----------------------------------------------------------------------------

    void complete(Transfer& transfer, CURLcode code) {
        const JobId id = transfer.job;
        Job& job = jobs_.at(id);
        const std::string origin = job.hop.url.origin();
        scheduler_.finish(origin);

        FetchResult attempt;
        long status = 0;
        curl_easy_getinfo(transfer.easy.get(), CURLINFO_RESPONSE_CODE, &status);
        attempt.status = static_cast<int>(status);
        curl_off_t total_us = 0;
        curl_easy_getinfo(transfer.easy.get(), CURLINFO_TOTAL_TIME_T, &total_us);
        attempt.transfer_seconds = static_cast<double>(total_us) / 1e6;
        attempt.retry_after = transfer.retry_after;
        attempt.rate_limit_reset = transfer.rate_limit_reset;
        attempt.rate_limit_remaining = transfer.rate_limit_remaining;
        attempt.error = error_for(code, transfer);
        if (attempt.error != FetchError::none) {
            attempt.error_detail = describe(attempt.error, code, transfer);
        } else if (is_redirect(attempt.status) && !transfer.location.empty()) {
            redirect(id, transfer.location, attempt.status);
            return;
        } else {
            judge_status(attempt, job.hop.conditional());
        }

        RetryPolicy policy = options_.retry;
        if (job.request.max_attempts > 0) policy.max_attempts = job.request.max_attempts;
        if (auto wait = decide_retry(attempt, job.attempts, policy, std::chrono::system_clock::now(),
                                     std::uniform_real_distribution<double>(0, 1)(random_));
            wait && !health_.given_up(origin)) {
            scheduler_.push(origin, id, Clock::now() + *wait);
            return;
        }
        count_host_outcome(origin, attempt);
        attempt.etag = transfer.etag;
        attempt.last_modified = transfer.last_modified;
        char* type = nullptr;
        curl_easy_getinfo(transfer.easy.get(), CURLINFO_CONTENT_TYPE, &type);
        accept_body(attempt, transfer.rule, type ? type : "", std::move(transfer.body));
        deliver(id, std::move(attempt));
    }

    std::string describe(FetchError error, CURLcode code, const Transfer& transfer) const {
        switch (error) {
            case FetchError::blocked_private:
                return "refused to connect to the non-public address " + transfer.blocked_address +
                       " (--allow-private-hosts allows it)";
            case FetchError::too_large:
            case FetchError::bad_content_type:
                return transfer.stop_refusal ? transfer.stop_refusal->detail : curl_easy_strerror(code);
            default:
                return curl_easy_strerror(code);
        }
    }

    void redirect(JobId id, const std::string& location, int status) {
        Job& job = jobs_.at(id);
        if (auto refusal = follow_redirect(job.hop, status, location, redirect_rules())) {
            finish(id, std::move(*refusal));
            return;
        }
        job.attempts = 0;
        admit(id);
    }

    RedirectRules redirect_rules() const { return {options_.max_redirects, options_.allow_private_hosts}; }

    /// robots.txt is known (or known to be unavailable): the jobs waiting for it are admitted again.
    void robots_settled(const RobotsKey& key, const FetchResult& result) {
        RobotsOutcome outcome = read_robots_outcome(result, robots_token_);
        if (auto gap = crawl_gap(outcome)) scheduler_.set_min_gap(key.origin, *gap);
        for (JobId waiting : robots_.settle(key, std::move(outcome))) admit(waiting);
    }

    /// Counts a request's final outcome for its host; a host given up is said once and its queue dropped.
    void count_host_outcome(const std::string& origin, const FetchResult& result) {
        if (!health_.record(origin, result)) return;
        if (options_.log) options_.log(health_.give_up_notice(origin));
        for (JobId dropped : scheduler_.drop_host(origin))
            finish(dropped, FetchError::host_failed, HostHealth::refusal(origin));
    }

    void finish(JobId id, FetchError error, std::string detail) { finish(id, FetchRefusal{error, std::move(detail)}); }

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
        Job& job = node.mapped();
        if (job.kind == JobKind::robots_txt) {
            robots_settled(job.robots_for, result);
            return;
        }
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
    std::unordered_map<std::string, curl::List> resolve_by_host_;  // "host:port" → its --resolve entries
    std::string robots_token_;
    std::mt19937_64 random_;

    std::mutex inbox_mutex_;
    std::deque<FetchRequest> inbox_;

    JobId next_job_id_ = 1;
    std::unordered_map<JobId, Job> jobs_;
    RobotsGate robots_;
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
    std::vector<curl::Easy> idle_handles_;  // reset handles, ready for the next transfers
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
