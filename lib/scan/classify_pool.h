// The classify stage: a pool of worker threads that turn page text into evidence, fed through a
// bounded queue (at most 64 pages or 32 MiB wait: the fetcher is held back beyond that, so memory
// stays flat however many pages a night reads). The pages may come from any source — the fetch
// engine, a stored copy — and each result goes to a callback, on the worker's thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "classify/page_classifier.h"
#include "model/evidence.h"
#include "store/store.h"

namespace sharitories {

struct PageToClassify {
    PageRecord record;  ///< the fetch; its content hash is filled in by the worker
    std::string html;   ///< UTF-8
};

class ClassifyPool {
public:
    /// Called on a worker thread for each page, with the page's evidence (possibly none).
    using Done = std::function<void(const PageRecord&, std::vector<Evidence>)>;

    /// `workers` threads (0: one per core); `classifier` must outlive the pool.
    ClassifyPool(int workers, const ClassifierData& classifier, Done done);
    ~ClassifyPool();
    ClassifyPool(const ClassifyPool&) = delete;
    ClassifyPool& operator=(const ClassifyPool&) = delete;

    /// Queues a page; waits while the queue is full. Rethrows a worker's failure (the store's).
    void push(PageToClassify page);
    /// No more pages: waits for the queued ones; rethrows the first failure of a worker.
    void finish();

private:
    void work();
    void rethrow_failure();

    const ClassifierData& classifier_;
    Done done_;
    std::mutex mutex_;
    std::condition_variable not_empty_, not_full_;
    std::deque<PageToClassify> queue_;
    std::size_t bytes_ = 0;
    bool closed_ = false;
    std::exception_ptr failure_;
    std::vector<std::thread> workers_;
};

}  // namespace sharitories
