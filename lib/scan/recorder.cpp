#include "scan/recorder.h"

namespace sharitories {
namespace {

constexpr int batch_pages = 64;
constexpr std::chrono::milliseconds batch_age{250};

}  // namespace

Recorder::Recorder(Store& store, std::int64_t run) : store_(store), run_(run) {}

Recorder::~Recorder() {
    try {
        flush();
    } catch (const StoreError&) {  // nothing more can be done; what was committed stays
    }
}

void Recorder::commit_locked() {
    store_.commit_batch();
    pending_pages_ = 0;
}

void Recorder::commit_if_due_locked() {
    if (pending_pages_ >= batch_pages || (pending_pages_ > 0 && Clock::now() - batch_started_ >= batch_age))
        commit_locked();
}

void Recorder::answer(const Query& query, const std::string& provider, const std::vector<SearchHit>& hits,
                      const std::string& at, const std::string& message) {
    std::lock_guard lock(mutex_);
    store_.record_answer(run_, query, provider, hits, at, message);
    commit_locked();  // an answer costs a search: never left in a batch
}

void Recorder::attempt(const Query& query, const std::string& provider, QueryOutcome outcome, const std::string& at,
                       const std::string& message) {
    std::lock_guard lock(mutex_);
    store_.record_attempt(run_, query, provider, outcome, at, message);
    commit_locked();
}

void Recorder::note_nonempty_answer(const std::string& provider) {
    std::lock_guard lock(mutex_);
    store_.note_nonempty_answer(provider);
    commit_locked();
}

int Recorder::withdraw_silent_answers(const std::string& provider) {
    std::lock_guard lock(mutex_);
    const int withdrawn = store_.withdraw_silent_answers(provider);
    commit_locked();
    return withdrawn;
}

void Recorder::save_provider(const ProviderRecord& provider) {
    std::lock_guard lock(mutex_);
    store_.save_provider(provider);
    commit_locked();
}

void Recorder::page(const PageRecord& page, const std::vector<Evidence>& evidence) {
    std::lock_guard lock(mutex_);
    if (!store_.in_batch()) {
        store_.begin_batch();
        batch_started_ = Clock::now();
    }
    store_.record_page(run_, page, evidence);
    ++pending_pages_;
    if (page.error == FetchError::none) evidence_rows_ += static_cast<int>(evidence.size());
    commit_if_due_locked();
}

void Recorder::tick() {
    std::lock_guard lock(mutex_);
    commit_if_due_locked();
}

void Recorder::flush() {
    std::lock_guard lock(mutex_);
    commit_locked();
}

std::optional<PageRecord> Recorder::known_page(const std::string& url) const {
    std::lock_guard lock(mutex_);
    return store_.page(url);
}

int Recorder::evidence_rows() const {
    std::lock_guard lock(mutex_);
    return evidence_rows_;
}

}  // namespace sharitories
