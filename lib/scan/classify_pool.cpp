#include "scan/classify_pool.h"

#include <algorithm>

#include "classify/attribution.h"
#include "html/page_text.h"
#include "text/content_hash.h"

namespace sharitories {
namespace {

constexpr std::size_t queue_capacity = 64;              // pages waiting for a worker: back-pressure beyond,
constexpr std::size_t queue_byte_capacity = 32u << 20;  // or beyond this many bytes of pages

}  // namespace

ClassifyPool::ClassifyPool(int workers, const ClassifierData& classifier, Done done)
    : classifier_(classifier), done_(std::move(done)) {
    const int count = workers > 0 ? workers : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    for (int i = 0; i < count; ++i) workers_.emplace_back([this] { work(); });
}

ClassifyPool::~ClassifyPool() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    not_empty_.notify_all();
    for (auto& worker : workers_)
        if (worker.joinable()) worker.join();
}

void ClassifyPool::push(PageToClassify page) {
    std::unique_lock lock(mutex_);
    // a page bigger than the byte budget still goes through, alone
    not_full_.wait(lock, [&] {
        return failure_ || queue_.empty() ||
               (queue_.size() < queue_capacity && bytes_ + page.html.size() <= queue_byte_capacity);
    });
    if (failure_) std::rethrow_exception(failure_);
    bytes_ += page.html.size();
    queue_.push_back(std::move(page));
    not_empty_.notify_one();
}

void ClassifyPool::finish() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    not_empty_.notify_all();
    for (auto& worker : workers_)
        if (worker.joinable()) worker.join();
    rethrow_failure();
}

void ClassifyPool::rethrow_failure() {
    std::lock_guard lock(mutex_);
    if (failure_) std::rethrow_exception(failure_);
}

void ClassifyPool::work() {
    while (true) {
        PageToClassify page;
        {
            std::unique_lock lock(mutex_);
            not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
            if (queue_.empty()) return;
            page = std::move(queue_.front());
            queue_.pop_front();
            bytes_ -= page.html.size();
        }
        not_full_.notify_one();
        try {
            page.record.content_hash = content_hash(page.html);
            const PageText text = extract_page_text(page.html);
            page.html = std::string();  // the text is all that is needed now
            done_(page.record, page_evidence(text, page.record.final_url, classifier_, page.record.fetched_at));
        } catch (...) {  // kept for the feeding thread: an exception must not end a thread
            std::lock_guard lock(mutex_);
            if (!failure_) failure_ = std::current_exception();
            not_full_.notify_all();
        }
    }
}

}  // namespace sharitories
