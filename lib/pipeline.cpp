#include "pipeline.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "fetch/retry_policy.h"
#include "fetch/url.h"
#include "scan/classify_pool.h"
#include "scan/page_freshness.h"
#include "scan/plan.h"
#include "scan/provider_rotation.h"
#include "scan/recorder.h"
#include "scan/search_queue.h"

namespace sharitories {

void ScanControl::stop(int signal) {
    int none = 0;
    signal_.compare_exchange_strong(none, signal);
    std::lock_guard lock(mutex_);
    if (fetcher_) fetcher_->cancel();
}

void ScanControl::attach(Fetcher* fetcher) {
    std::lock_guard lock(mutex_);
    fetcher_ = fetcher;
    if (stopping() && fetcher) fetcher->cancel();
}

std::string canary_query(const std::string& town_name) { return "\"" + town_name + "\""; }

namespace {

constexpr std::uint64_t search_tag = 1ULL << 62;  // request ids: searches have this bit, pages do not
constexpr int failed_attempts_per_query = 2;      // a query failing twice in a run is left for the next

bool is_skip(FetchError error) {
    return error == FetchError::robots || error == FetchError::bad_content_type || error == FetchError::too_large ||
           error == FetchError::blocked_private || error == FetchError::blocked_scheme;
}

/// One step of the crawl: routes results between the pieces.
class Crawl {
public:
    Crawl(const ScanInputs& inputs, const std::vector<ProviderChoice>& providers, Fetcher& fetcher, Store& store,
          const ScanSettings& settings, ScanControl* control, std::int64_t run, CrawlPlan plan)
        : inputs_(inputs),
          providers_(providers),
          fetcher_(fetcher),
          settings_(settings),
          control_(control),
          recorder_(store, run),
          plan_(std::move(plan)),
          queue_(plan_, settings.results, settings.budget),
          rotation_(slots(store)) {}

    void run(const std::vector<StoredHit>& unread, ScanReport& report) {
        report_ = &report;
        for (std::size_t p = 0; p < rotation_.size(); ++p) {
            if (rotation_[p].cooldown_until > now())
                log(fmt::format("{} is left alone until {} ({}): not asked this run before then", rotation_[p].name,
                                to_iso(rotation_[p].cooldown_until), rotation_[p].reason));
        }
        ClassifyPool pool(settings_.workers, inputs_.classifier,
                          [this](const PageRecord& page, std::vector<Evidence> evidence) { recorder_.page(page, evidence); });
        pool_ = &pool;
        // pages an earlier run's answers listed but that were never read (a killed run), or are older
        // than --max-age
        for (const auto& hit : unread) submit_page(hit.url);
        if (!page_urls_.empty())
            log(fmt::format("{} pages found by earlier searches are fetched first", page_urls_.size()));
        pump();
        fetcher_.run([this](FetchResult result) { on_result(std::move(result)); });
        pool.finish();
        pool_ = nullptr;
        recorder_.flush();
        report.evidence_rows = recorder_.evidence_rows();
        report.searches = queue_.spent();
        if (stopping()) return;
        if (queue_.waiting() == 0 && queue_.in_flight() == 0) {
            if (plan_.due_queries() > 0 && report.blocked + report.failed == 0) report.notes.push_back("every due search was answered");
        } else if (queue_.budget_exhausted()) {
            report.notes.push_back(fmt::format("the search budget ({} requests) is spent", queue_.budget()));
        } else {
            no_provider_left_ = true;
            report.notes.push_back(no_provider_note());
        }
    }

    bool no_provider_left() const { return no_provider_left_; }
    bool silence_found() const { return silence_found_; }

private:
    struct InFlightSearch {
        SearchQueue::Task task;
        std::size_t provider;
    };

    SystemTime now() const { return settings_.now ? settings_.now() : std::chrono::system_clock::now(); }
    bool stopping() const { return control_ && control_->stopping(); }
    void log(const std::string& line) const {
        if (settings_.log) settings_.log(line);
    }
    const SearchProvider& provider(std::size_t p) const { return *providers_[p].provider; }

    std::vector<ProviderSlot> slots(const Store& store) const {
        std::map<std::string, ProviderRecord> known;
        for (auto& record : store.providers()) known.emplace(record.name, record);
        std::vector<ProviderSlot> slots;
        for (const auto& choice : providers_) {
            ProviderSlot slot;
            slot.name = std::string(choice.provider->name());
            slot.concurrency = std::max(1, choice.concurrency);
            slot.allowance = choice.allowance;
            if (auto found = known.find(slot.name); found != known.end()) {
                slot.cooldown_until = parse_iso(found->second.cooldown_until).value_or(SystemTime{});
                slot.blocks_in_a_row = found->second.blocks_in_a_row;
                slot.reason = found->second.reason;
            }
            slots.push_back(std::move(slot));
        }
        return slots;
    }

    std::string no_provider_note() const {
        std::string note = "searching stopped with work due: ";
        for (std::size_t p = 0; p < rotation_.size(); ++p) {
            const ProviderSlot& slot = rotation_[p];
            note += p ? "; " : "";
            if (slot.given_up) note += fmt::format("{} failed {} searches in a row", slot.name, slot.failures_in_a_row);
            else if (slot.exhausted()) note += fmt::format("{} has had its {} searches of the night", slot.name, slot.allowance);
            else note += fmt::format("{} is left alone until {} ({})", slot.name, to_iso(slot.cooldown_until), slot.reason);
        }
        return note;
    }

    // --- searches ---------------------------------------------------------------------------------

    /// How long provider `p` must be waited for before it may be sent a request: 0 if it may now,
    /// the rest of its cooldown if that ends within max_cooldown_wait; nullopt if it is out of reach.
    std::optional<std::chrono::milliseconds> wait_for(std::size_t p) const {
        const SystemTime at = now();
        if (rotation_.usable(p, at)) return std::chrono::milliseconds(0);
        const SystemTime free_at = rotation_[p].cooldown_until;
        if (free_at - at > settings_.max_cooldown_wait || !rotation_.usable(p, free_at)) return std::nullopt;
        return std::chrono::ceil<std::chrono::milliseconds>(free_at - at);
    }

    /// Starts as many searches as the active provider, the plan and the budget allow.
    void pump() {
        while (!stopping()) {
            std::optional<std::size_t> p = rotation_.active(now());
            std::chrono::milliseconds delay{0};
            if (!p) {
                // every provider cooling down: wait for the first free one if it is soon
                const auto free_at = rotation_.next_free(now());
                if (!free_at) return;
                for (std::size_t i = 0; i < rotation_.size() && !p; ++i)
                    if (rotation_[i].cooldown_until == *free_at) p = i;
                const auto wait = wait_for(*p);
                if (!wait) return;
                delay = *wait;
                recorder_.flush();  // no result may come for a while: what is pending is committed now
            }
            // a provider that has just failed gets no new search while others are in flight: the
            // next answer tells whether it is down (and no more requests pile up on it meanwhile)
            if (!rotation_.has_room(*p) || (rotation_[*p].failures_in_a_row > 0 && rotation_[*p].in_flight > 0)) return;
            auto task = queue_.start();
            if (!task) return;
            send(*task, *p, delay);
        }
    }

    void send(const SearchQueue::Task& task, std::size_t p, std::chrono::milliseconds delay = {}) {
        const Query& query = inputs_.queries[task.query];
        FetchRequest request = provider(p).request(task.canary ? canary_query(query.city) : query.text, task.next_page);
        request.id = search_tag | next_search_id_++;
        request.max_attempts = 1;  // each request counts against the budget; a block is handled here
        request.delay = delay;
        searches_.emplace(request.id, InFlightSearch{task, p});
        rotation_.sent(p);
        if (task.canary) ++report_->canaries;
        fetcher_.submit(std::move(request));
    }

    void on_search(const FetchResult& result) {
        auto node = searches_.extract(result.id);
        const InFlightSearch search = node.mapped();
        const std::size_t p = search.provider;
        const SearchQueue::Task& task = search.task;
        rotation_.returned(p);
        const SearchPage page = provider(p).read_answer(result, task.next_page, task.first_rank);
        const Query& query = inputs_.queries[task.query];
        const std::string name(provider(p).name());
        const std::string at = to_iso(now());

        if (task.canary) {
            on_canary(task, page, result, p);
        } else if (page.status == SearchStatus::ok || page.status == SearchStatus::no_results) {
            answered(p);
            if (!page.message.empty() && said_.insert(name + page.message).second) log(name + ": " + page.message);
            auto step = queue_.on_page(task, page);
            if (step.answered) {
                recorder_.answer(query, name, step.hits, at, step.message);
                ++report_->answered;
                for (const auto& hit : step.hits) submit_page(hit.url);
            }
            if (step.town_finished) town_finished();
            if (step.follow_up) follow(*step.follow_up, p);
        } else if (page.status == SearchStatus::blocked) {
            ++report_->blocked;
            recorder_.attempt(query, name, QueryOutcome::blocked, at, page.message);
            block(p, page, result, page.message);
            queue_.give_back(task);
        } else {
            ++report_->failed;
            recorder_.attempt(query, name, QueryOutcome::failed, at, page.message);
            report_->problems.push_back(fmt::format("{} ({}): search failed: {}", query.city, query.insee, page.message));
            failed(p, page.message);
            if (++failures_of_[task.query] < failed_attempts_per_query) queue_.give_back(task);
            else queue_.drop(task);
        }
        pump();
    }

    /// A canary came back: heard (the town's empty answers stand), silent (the provider is taken as
    /// blocked, and its empty answers since its last non-empty one are withdrawn), or unanswered (a
    /// block or an error: handled as such; nothing is known of the silence, the answers stand).
    void on_canary(const SearchQueue::Task& task, const SearchPage& page, const FetchResult& result, std::size_t p) {
        const std::string name(provider(p).name());
        const Query& query = inputs_.queries[task.query];
        const auto step = queue_.on_page(task, page);
        switch (step.canary) {
            case SearchQueue::Step::Canary::heard:
                answered(p);
                recorder_.note_nonempty_answer(name);
                return;
            case SearchQueue::Step::Canary::unanswered:
                report_->problems.push_back(fmt::format("{}: the check of {}'s empty answers ({} alone) got no answer "
                                                        "({}): they stand, unverified",
                                                        name, query.city, canary_query(query.city), page.message));
                if (page.status == SearchStatus::blocked) {
                    ++report_->blocked;
                    block(p, page, result, page.message);
                } else {
                    ++report_->failed;
                    failed(p, page.message);
                }
                return;
            case SearchQueue::Step::Canary::silent:
            case SearchQueue::Step::Canary::none:
                break;
        }
        silence_found_ = true;
        const std::string reason = fmt::format("silent: every search for {} came back empty, and so did {} alone{}",
                                               query.city, canary_query(query.city),
                                               page.message.empty() ? "" : " (" + page.message + ")");
        const int withdrawn = recorder_.withdraw_silent_answers(name);
        report_->withdrawn += withdrawn;
        report_->problems.push_back(fmt::format("{}: {}; its {} empty answer{} since its last result are asked again",
                                                name, reason, withdrawn, withdrawn == 1 ? "" : "s"));
        block(p, page, result, reason);
    }

    /// An error from provider `p`: said when it gives the provider up for the run.
    void failed(std::size_t p, const std::string& message) {
        if (rotation_.failed(p))
            log(fmt::format("{} failed {} searches in a row (last: {}): not asked again this run", rotation_[p].name,
                            rotation_[p].failures_in_a_row, message));
    }

    /// An answer from provider `p`: its errors in a row are over, and a block count kept in the
    /// store is reset (the next block starts its cooldown afresh).
    void answered(std::size_t p) {
        if (rotation_.answered(p, now())) recorder_.save_provider({rotation_[p].name, "", 0, ""});
    }

    /// Sends a query's next page or a town's canary to the provider that answered (after a short
    /// cooldown if it began one), unless it can no longer take it (a long cooldown, its allowance
    /// spent): then the query starts again on whichever provider is next, and a canary is not asked.
    void follow(const SearchQueue::Task& task, std::size_t p) {
        if (const auto wait = wait_for(p); wait && !stopping()) {
            send(task, p, *wait);
            return;
        }
        queue_.unsent(task);
        if (task.canary && !stopping())
            log(fmt::format("{} is not asked to check {}'s empty answers ({}): they stand, unverified", rotation_[p].name,
                            inputs_.queries[task.query].city, rotation_[p].reason.empty() ? "its allowance is spent"
                                                                                           : rotation_[p].reason));
    }

    /// Puts provider `p` in a cooldown that the store keeps for the next runs. Requests sent before
    /// the block that come back blocked too belong to the same episode: they do not count again.
    void block(std::size_t p, const SearchPage& page, const FetchResult& result, const std::string& reason) {
        const SystemTime at = now();
        std::optional<std::chrono::seconds> asked = page.block_lasts;
        if (!asked) {
            if (auto wait = server_wait(result, at)) asked = std::chrono::ceil<std::chrono::seconds>(*wait);
        }
        const bool cooling = rotation_[p].cooldown_until > at;
        const int blocks = rotation_[p].blocks_in_a_row + (cooling ? 0 : 1);
        const bool new_episode = rotation_.blocked(p, at, at + provider(p).cooldown(blocks, asked), reason);
        const ProviderSlot& slot = rotation_[p];
        recorder_.save_provider({slot.name, to_iso(slot.cooldown_until), slot.blocks_in_a_row, slot.reason});
        if (!new_episode) return;
        const auto next = rotation_.active(at);
        log(fmt::format("{} blocked a search ({}): left alone until {}{}", slot.name, reason, to_iso(slot.cooldown_until),
                        next ? "; " + rotation_[*next].name + " takes over" : std::string("")));
    }

    void town_finished() {
        ++report_->towns_finished;
        report_progress(true);
    }

    void report_progress(bool town_just_finished) const {
        if (!settings_.progress) return;
        ScanProgress progress;
        progress.towns_done = report_->towns_finished;
        progress.towns = static_cast<int>(plan_.towns.size());
        progress.searches = queue_.spent();
        progress.budget = queue_.budget();
        progress.pages = report_->pages_fetched + report_->pages_revalidated;
        progress.errors = report_->blocked + report_->failed + report_->pages_failed;
        progress.town_finished = town_just_finished;
        settings_.progress(progress);
    }

    // --- pages ------------------------------------------------------------------------------------

    /// Fetches a page a search found, unless this run has it already or the store's copy is fresh;
    /// a stale copy with validators is revalidated (a conditional request).
    void submit_page(const std::string& url_text) {
        auto url = parse_url(url_text);
        if (!url || stopping()) return;
        if (!asked_.insert(url->text).second) return;  // asked for already: classified once, for every town it names
        const std::optional<PageRecord> page = recorder_.known_page(url->text);
        PageFetchPlan plan = plan_page_fetch(page, now(), settings_.max_age);
        if (plan.freshness == PageFreshness::fresh) {
            ++report_->pages_fresh;
            return;
        }
        FetchRequest request;
        request.url = url->text;
        request.if_none_match = std::move(plan.if_none_match);
        request.if_modified_since = std::move(plan.if_modified_since);
        request.id = page_urls_.size();
        page_urls_.push_back(url->text);
        earlier_failures_.push_back(page ? page->failures : 0);
        fetcher_.submit(std::move(request));
    }

    void on_page(FetchResult result) {
        const std::string url = page_urls_.at(result.id);
        PageRecord record;
        record.url = url;
        record.final_url = result.final_url.empty() ? url : result.final_url;
        record.status = result.status;
        record.content_type = result.content_type;
        record.charset = result.charset;
        record.etag = result.etag;
        record.last_modified = result.last_modified;
        record.error = result.error;
        record.error_detail = result.error_detail;
        record.fetched_at = to_iso(now());
        if (!result.ok()) {
            record.failures = is_passing_failure(result.error, result.status) ? earlier_failures_.at(result.id) + 1 : 0;
            recorder_.page(record, {});
            ++(is_skip(result.error) ? report_->pages_skipped : report_->pages_failed);
            return;
        }
        if (result.not_modified) {
            // a 304 (the fetcher says so only for a conditional request): the stored verdict stands,
            // evidence rows and all; the store dates the page and its initiatives now
            record.status = 304;
            recorder_.page(record, {});
            ++report_->pages_revalidated;
            return;
        }
        ++report_->pages_fetched;
        pool_->push({std::move(record), std::move(result.body)});
    }

    void on_result(FetchResult result) {
        recorder_.tick();
        if (result.id & search_tag) on_search(result);
        else on_page(std::move(result));
        report_progress(false);
    }

    const ScanInputs& inputs_;
    const std::vector<ProviderChoice>& providers_;
    Fetcher& fetcher_;
    const ScanSettings& settings_;
    ScanControl* control_;
    Recorder recorder_;
    CrawlPlan plan_;
    SearchQueue queue_;
    ProviderRotation rotation_;
    ClassifyPool* pool_ = nullptr;
    ScanReport* report_ = nullptr;

    std::unordered_map<std::uint64_t, InFlightSearch> searches_;
    std::uint64_t next_search_id_ = 0;
    std::map<std::size_t, int> failures_of_;  // failed attempts this run, by query
    std::set<std::string> said_;              // provider messages logged once
    std::set<std::string> asked_;                                      // page URLs asked for this run
    std::vector<std::string> page_urls_;                               // page request id → URL
    std::vector<int> earlier_failures_;                                // page request id → failures before
    bool no_provider_left_ = false;
    bool silence_found_ = false;
};

}  // namespace

ScanReport run_scan(const ScanInputs& inputs, const std::vector<ProviderChoice>& providers, Fetcher& fetcher,
                    Store& store, const ScanSettings& settings, ScanControl* control) {
    const auto clock = [&] { return settings.now ? settings.now() : std::chrono::system_clock::now(); };
    auto log = [&](const std::string& line) {
        if (settings.log) settings.log(line);
    };
    const ControlAttachment attachment(control, fetcher);
    if (const int killed = store.close_abandoned_runs())
        log(fmt::format("{} earlier run{} ended without finishing (killed?): what {} recorded is kept, and this run "
                        "goes on from there",
                        killed, killed == 1 ? "" : "s", killed == 1 ? "it" : "they"));

    ScanReport report;
    report.run.started_at = to_iso(clock());
    report.run.towns = static_cast<int>(inputs.selected.size());
    report.run.budget = settings.budget;
    const std::string stale_before = to_iso(clock() - std::chrono::days(settings.refresh_days));
    CrawlPlan plan = plan_due_work(inputs.selected, inputs.queries, store.query_states(), stale_before);
    report.due_before = plan.due_queries();
    std::vector<std::string> insees;
    for (const auto& town : inputs.selected) insees.push_back(town.insee);
    // the pages an answer of the current plan listed that were never read, or are older than
    // --max-age (a changed keyword file leaves old answers behind: their pages keep their evidence,
    // but are not read again)
    std::set<std::pair<std::string, std::string>> planned;
    for (const auto& query : inputs.queries) planned.emplace(query.insee, query.text);
    std::vector<StoredHit> unread;
    for (auto& hit : store.answered_hits(insees))
        if (planned.count({hit.insee, hit.text}) &&
            plan_page_fetch(hit.page, clock(), settings.max_age).freshness != PageFreshness::fresh)
            unread.push_back(std::move(hit));

    report.run.id = store.begin_run(report.run.started_at, report.run.towns, settings.budget);
    store.save_run_towns(report.run.id, inputs.selected);
    std::size_t partly = 0;
    for (const auto& town : plan.towns) partly += town.why == TownWork::Why::partly_done;
    log(fmt::format("{} queries due in {} towns ({} partly done), {}", report.due_before, plan.towns.size(), partly,
                    settings.budget ? fmt::format("budget {} searches", settings.budget) : std::string("no search budget")));

    Crawl crawl(inputs, providers, fetcher, store, settings, control, report.run.id, std::move(plan));
    try {
        crawl.run(unread, report);
    } catch (const std::exception& error) {
        report.run.status = "failed";
        report.run.finished_at = to_iso(clock());
        report.run.note = std::string("stopped by an error: ") + error.what();
        store.finish_run(report.run);
        throw;
    }

    const CrawlPlan after = plan_due_work(inputs.selected, inputs.queries, store.query_states(), stale_before);
    report.due_after = after.due_queries();
    report.towns_due_after = after.towns.size();
    if (report.due_before == 0) report.notes.push_back("nothing was due");
    if (control && control->stopping()) {
        report.status = RunStatus::interrupted;
        report.notes.push_back("interrupted by a signal");
    } else if (report.failed > 0 && report.failed > report.answered) {
        report.status = RunStatus::failed;  // most searches failed: the shortlist would say more about the failure
    } else if (report.failed + report.blocked > 0 || crawl.silence_found() || crawl.no_provider_left()) {
        report.status = RunStatus::partial;
    }
    static constexpr const char* status_names[] = {"done", "partial", "failed", "interrupted"};
    report.run.status = status_names[static_cast<int>(report.status)];
    report.run.finished_at = to_iso(clock());
    report.run.queries = report.answered;
    report.run.queries_failed = report.failed + report.blocked + report.withdrawn;
    report.run.pages_fetched = report.pages_fetched + report.pages_revalidated;  // both leave a verdict standing
    report.run.pages_failed = report.pages_failed;
    report.run.evidence = report.evidence_rows;
    report.run.searches = report.searches;
    for (const auto& note : report.notes) report.run.note += (report.run.note.empty() ? "" : "; ") + note;
    store.finish_run(report.run);
    return report;
}

}  // namespace sharitories
