// The record stage: everything a run learns goes to the store as it completes, so that a run killed
// at any moment loses only what was in flight. An answered search (the scarce resource) is committed
// at once; pages and their evidence are committed in batches (64 pages, or a quarter of a second
// after the batch's first page: cheaper than a transaction each, and a crash loses no more than
// that). Thread-safe: the fetch thread and the classify workers write through one Recorder.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace sharitories {

class Recorder {
public:
    Recorder(Store& store, std::int64_t run);
    /// Commits what is pending (a failure there is lost, as a crash would lose it).
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    void answer(const Query& query, const std::string& provider, const std::vector<SearchHit>& hits,
                const std::string& at, const std::string& message);
    void attempt(const Query& query, const std::string& provider, QueryOutcome outcome, const std::string& at,
                 const std::string& message);
    void note_nonempty_answer(const std::string& provider);
    int withdraw_silent_answers(const std::string& provider);
    void save_provider(const ProviderRecord& provider);

    /// A page and its verdict, batched.
    void page(const PageRecord& page, const std::vector<Evidence>& evidence);
    /// Commits the batch if it is old enough (called as results come in).
    void tick();
    /// Commits whatever is pending.
    void flush();

    std::optional<PageRecord> known_page(const std::string& url) const;
    int evidence_rows() const;

private:
    using Clock = std::chrono::steady_clock;
    void commit_locked();
    void commit_if_due_locked();

    Store& store_;
    std::int64_t run_;
    mutable std::mutex mutex_;
    int pending_pages_ = 0;
    Clock::time_point batch_started_{};
    int evidence_rows_ = 0;
};

}  // namespace sharitories
