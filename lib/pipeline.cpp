#include "pipeline.h"

#include <fmt/chrono.h>
#include <fmt/core.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "fetch/url.h"
#include "html/page_text.h"
#include "text/normalize.h"

namespace sharitories {
namespace {

constexpr std::uint64_t search_tag = 1ULL << 62;  // request ids: searches have this bit, pages do not
constexpr std::size_t queue_capacity = 64;              // pages waiting for a worker: back-pressure beyond,
constexpr std::size_t queue_byte_capacity = 32u << 20;  // or beyond this many bytes of pages

/// One query as the scan follows it through its result pages.
struct SearchState {
    std::string next_page;
    int hits = 0;
    std::set<std::string> urls;
    bool failed = false;
    std::string message;
};

/// A page fetched, waiting to be classified.
struct PageWork {
    FetchResult result;
    std::vector<std::size_t> hint_towns;  // indexes into the scan's towns
    std::string fetched_at;
};

/// A bounded queue between the fetch thread and the workers.
class WorkQueue {
public:
    void push(PageWork work) {
        std::unique_lock lock(mutex_);
        // a page bigger than the byte budget still goes through, alone
        not_full_.wait(lock, [&] {
            return items_.empty() || (items_.size() < queue_capacity && bytes_ + work.result.body.size() <= queue_byte_capacity);
        });
        bytes_ += work.result.body.size();
        items_.push_back(std::move(work));
        not_empty_.notify_one();
    }
    std::optional<PageWork> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
        if (items_.empty()) return std::nullopt;
        PageWork work = std::move(items_.front());
        items_.pop_front();
        bytes_ -= work.result.body.size();
        not_full_.notify_one();
        return work;
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        not_empty_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable not_empty_, not_full_;
    std::deque<PageWork> items_;
    std::size_t bytes_ = 0;
    bool closed_ = false;
};

class Scan {
public:
    Scan(const std::vector<City>& towns, const std::vector<Query>& queries, const SearchProvider& provider, Fetcher& fetcher,
         const ClassifierData& classifier, Store* store, const ScanSettings& settings)
        : towns_(towns), queries_(queries), provider_(provider), fetcher_(fetcher), classifier_(classifier),
          store_(store), settings_(settings), searches_(queries.size()) {
        for (std::size_t i = 0; i < towns.size(); ++i) {
            towns_by_insee_[towns[i].insee] = i;
            towns_by_name_[normalize(towns[i].name)].push_back(i);
        }
        if (!settings_.now) settings_.now = utc_now;
    }

    ScanOutcome run() {
        const int worker_count = settings_.workers > 0 ? settings_.workers
                                                       : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
        std::vector<std::thread> workers;
        // whatever happens on this thread (a store error), the workers are stopped and joined
        struct JoinWorkers {
            WorkQueue& queue;
            std::vector<std::thread>& workers;
            ~JoinWorkers() {
                queue.close();
                for (auto& worker : workers)
                    if (worker.joinable()) worker.join();
            }
        } join{queue_, workers};
        for (int i = 0; i < worker_count; ++i) workers.emplace_back([this] { work(); });

        // two searches in flight: the next one is ready when the provider's pace allows it
        for (int i = 0; i < 2 && next_query_ < queries_.size(); ++i) submit_search(next_query_++, "");
        fetcher_.run([this](FetchResult result) { on_result(std::move(result)); });

        queue_.close();
        for (auto& worker : workers) worker.join();
        if (worker_error_) std::rethrow_exception(worker_error_);
        // the workers finish in any order: the same scan gives the same rows in the same order
        auto key = [](const Evidence& e) { return std::tie(e.insee, e.pillar, e.url); };
        std::sort(outcome_.evidence.begin(), outcome_.evidence.end(), [&](const Evidence& a, const Evidence& b) {
            return std::tie(a.insee, a.pillar, a.url, b.strength, a.fetched_at) <
                   std::tie(b.insee, b.pillar, b.url, a.strength, b.fetched_at);  // the strongest copy first
        });
        // two addresses redirecting to one page are one piece of evidence
        outcome_.evidence.erase(std::unique(outcome_.evidence.begin(), outcome_.evidence.end(),
                                            [&](const Evidence& a, const Evidence& b) { return key(a) == key(b); }),
                                outcome_.evidence.end());
        outcome_.queries = static_cast<int>(queries_.size());
        for (std::size_t i = 0; i < queries_.size(); ++i) {
            if (searches_[i].failed) ++outcome_.queries_failed;
        }
        return std::move(outcome_);
    }

private:
    void log(const std::string& line) const {
        if (settings_.log) settings_.log(line);
    }

    void submit_search(std::size_t index, const std::string& next_page, std::chrono::milliseconds delay = {}) {
        FetchRequest request = provider_.request(queries_[index].text, next_page);
        request.id = search_tag | index;
        request.delay = delay;
        fetcher_.submit(std::move(request));
    }

    void on_result(FetchResult result) {
        if (result.id & search_tag) on_search(static_cast<std::size_t>(result.id & ~search_tag), result);
        else on_page(std::move(result));
    }

    void on_search(std::size_t index, const FetchResult& result) {
        SearchState& state = searches_[index];
        const Query& query = queries_[index];
        SearchPage page = provider_.parse(result, state.next_page, state.hits + 1);
        if (!page.message.empty() && page.status == SearchStatus::ok) log(std::string(provider_.name()) + ": " + page.message);
        bool more = false;
        if (page.status == SearchStatus::ok) {
            consecutive_blocked_ = 0;
            int new_urls = 0;
            for (const auto& hit : page.hits) {
                if (state.hits >= settings_.results) break;
                if (!state.urls.insert(hit.url).second) continue;  // an engine repeating itself
                ++state.hits;
                ++new_urls;
                submit_page(hit.url, query.insee);
            }
            // a page that brings nothing new ends the query: the engine has no more to give
            more = state.hits < settings_.results && !page.next_page.empty() && new_urls > 0;
            state.next_page = page.next_page;
        } else if (page.status == SearchStatus::no_results) {
            consecutive_blocked_ = 0;  // an answer, if an empty one
        } else if (page.status == SearchStatus::blocked && consecutive_blocked_ + 1 < settings_.blocked_limit) {
            // back off: the same page again, after a wait that doubles with each block in a row
            ++consecutive_blocked_;
            const auto wait = settings_.blocked_backoff * (1 << (consecutive_blocked_ - 1));
            log(fmt::format("{} blocked a search: waiting {} s before asking again", provider_.name(),
                            std::chrono::duration_cast<std::chrono::seconds>(wait).count()));
            submit_search(index, state.next_page, wait);
            return;
        } else {
            state.failed = true;
            state.message = page.message;
            outcome_.problems.push_back(fmt::format("{} ({}): search failed: {}", query.city, query.insee, page.message));
            if (++consecutive_blocked_ == settings_.blocked_limit) {
                log(fmt::format("{} failed or blocked {} searches in a row (last: {}): no more searches this run",
                                provider_.name(), consecutive_blocked_, page.message));
            }
        }
        if (more) {
            submit_search(index, state.next_page);
            return;
        }
        if (store_) store_->save_query(settings_.run_id, query, state.failed ? page.status : (state.hits ? SearchStatus::ok : SearchStatus::no_results),
                                       state.hits, state.message);
        ++searches_done_;
        if (searches_done_ % 20 == 0 || searches_done_ == queries_.size())
            log(fmt::format("searches {}/{}, pages {} fetched", searches_done_, queries_.size(), outcome_.pages_fetched));
        if (next_query_ < queries_.size()) {
            if (consecutive_blocked_ >= settings_.blocked_limit) {
                for (; next_query_ < queries_.size(); ++next_query_) {
                    searches_[next_query_].failed = true;
                    searches_[next_query_].message = "not sent: the search provider kept failing or blocking";
                    if (store_)
                        store_->save_query(settings_.run_id, queries_[next_query_], SearchStatus::error, 0,
                                           searches_[next_query_].message);
                }
            } else {
                submit_search(next_query_++, "");
            }
        }
    }

    void submit_page(const std::string& url_text, const std::string& insee) {
        auto url = parse_url(url_text);
        if (!url) return;
        const std::size_t town = towns_by_insee_.at(insee);
        auto [it, inserted] = pages_.try_emplace(url->text);
        auto& hints = it->second;
        if (std::find(hints.begin(), hints.end(), town) == hints.end()) hints.push_back(town);
        if (!inserted) return;  // already asked for: the page will be classified once, for all its towns
        FetchRequest request;
        request.url = url->text;
        request.id = next_page_id_++;
        page_urls_.push_back(url->text);
        // Pages are fetched whole, not conditionally: a 304 would need the previous run's verdict for
        // this page and for every town now selected, which the store does not keep per page yet.
        fetcher_.submit(std::move(request));
    }

    void on_page(FetchResult result) {
        const std::string fetched_at = settings_.now();
        if (store_) store_->save_page(settings_.run_id, result, fetched_at);
        if (!result.ok()) {
            const bool skipped = result.error == FetchError::robots || result.error == FetchError::bad_content_type ||
                                 result.error == FetchError::too_large || result.error == FetchError::blocked_private ||
                                 result.error == FetchError::blocked_scheme;
            ++(skipped ? outcome_.pages_skipped : outcome_.pages_failed);
            return;
        }
        ++outcome_.pages_fetched;
        std::vector<std::size_t> hints = pages_.at(page_urls_[result.id]);
        queue_.push(PageWork{std::move(result), std::move(hints), fetched_at});
    }

    void work() {
        while (auto item = queue_.pop()) {
            try {
                classify(*item);
            } catch (...) {  // kept for the main thread: an exception must not end a thread
                std::lock_guard lock(evidence_mutex_);
                if (!worker_error_) worker_error_ = std::current_exception();
            }
        }
    }

    void classify(const PageWork& work) {
        const PageText page = extract_page_text(work.result.body);
        std::set<std::size_t> candidates(work.hint_towns.begin(), work.hint_towns.end());
        const std::string text = normalize(page.title) + " | " + normalize(page.text);
        for (const auto& match : classifier_.town_names().find(text)) {
            auto named = towns_by_name_.find(classifier_.town_name(match.term));
            if (named != towns_by_name_.end()) candidates.insert(named->second.begin(), named->second.end());
        }
        std::vector<Evidence> found;
        for (std::size_t index : candidates) {
            const City& town = towns_[index];
            const PageVerdict verdict = classify_page(page, work.result.final_url, town, classifier_);
            if (!verdict.initiative) continue;
            for (Pillar pillar : verdict.pillars()) {
                const auto p = static_cast<std::size_t>(pillar);
                found.push_back({town.insee, town.name, pillar, *verdict.initiative, work.result.final_url, page.title,
                                 verdict.terms[p], verdict.strength[p] * verdict.town.weight, verdict.town.weight,
                                 work.fetched_at});
            }
        }
        std::lock_guard lock(evidence_mutex_);
        outcome_.evidence.insert(outcome_.evidence.end(), found.begin(), found.end());
    }

    const std::vector<City>& towns_;
    const std::vector<Query>& queries_;
    const SearchProvider& provider_;
    Fetcher& fetcher_;
    const ClassifierData& classifier_;
    Store* store_;
    ScanSettings settings_;

    std::unordered_map<std::string, std::size_t> towns_by_insee_;
    std::unordered_map<std::string, std::vector<std::size_t>> towns_by_name_;
    std::vector<SearchState> searches_;
    std::size_t next_query_ = 0;
    std::size_t searches_done_ = 0;
    int consecutive_blocked_ = 0;
    std::unordered_map<std::string, std::vector<std::size_t>> pages_;  // URL → hint towns
    std::vector<std::string> page_urls_;                               // page request id → URL
    std::uint64_t next_page_id_ = 0;

    WorkQueue queue_;
    std::mutex evidence_mutex_;
    std::exception_ptr worker_error_;
    ScanOutcome outcome_;
};

}  // namespace

std::string utc_now() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
}

ScanOutcome run_scan(const std::vector<City>& towns, const std::vector<Query>& queries, const SearchProvider& provider,
                     Fetcher& fetcher, const ClassifierData& classifier, Store* store, const ScanSettings& settings) {
    Scan scan(towns, queries, provider, fetcher, classifier, store, settings);
    return scan.run();
}

}  // namespace sharitories
