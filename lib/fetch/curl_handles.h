// RAII owners for libcurl's handles, private to lib/fetch/curl_*.cpp (the only files that include
// <curl/curl.h>). Copies are deleted by unique_ptr.
#pragma once

#include <curl/curl.h>

#include <memory>

namespace sharitories::curl {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
    void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Multi = std::unique_ptr<CURLM, MultiDeleter>;
using List = std::unique_ptr<curl_slist, ListDeleter>;

/// Appends `line` to `list` (curl_slist_append may return a new head).
inline void append(List& list, const char* line) {
    curl_slist* head = curl_slist_append(list.get(), line);
    if (head != nullptr) {
        (void)list.release();
        list.reset(head);
    }
}

}  // namespace sharitories::curl
