#include "search/search_provider.h"

#include <algorithm>

#include "fetch/url.h"
#include "search/brave.h"
#include "search/duckduckgo.h"
#include "search/searxng.h"

namespace sharitories {
namespace {

std::string origin_of(const std::string& url) {
    auto parsed = parse_url(url);
    return parsed ? parsed->origin() : "";
}

class DuckDuckGo final : public SearchProvider {
public:
    explicit DuckDuckGo(std::string endpoint) : endpoint_(std::move(endpoint)) {}
    std::string_view name() const override { return "duckduckgo"; }
    FetchRequest request(const std::string& query, const std::string& next_page) const override {
        return duckduckgo_request(query, next_page, endpoint_);
    }
    SearchPage parse(const FetchResult& result, const std::string&, int first_rank) const override {
        if (!result.ok() && result.status == 0) return {SearchStatus::error, {}, result.error_detail, ""};
        return parse_duckduckgo(result.status, result.body, first_rank);
    }
    std::string origin() const override { return origin_of(endpoint_); }
    // DuckDuckGo shows its CAPTCHA to clients that search fast: one search every 2 s
    std::chrono::milliseconds default_delay() const override { return std::chrono::milliseconds(2000); }

private:
    std::string endpoint_;
};

class Searxng final : public SearchProvider {
public:
    explicit Searxng(std::string base) : base_(std::move(base)) {}
    std::string_view name() const override { return "searxng"; }
    FetchRequest request(const std::string& query, const std::string& next_page) const override {
        return searxng_request(base_, query, next_page.empty() ? 1 : std::stoi(next_page));
    }
    SearchPage parse(const FetchResult& result, const std::string& next_page, int first_rank) const override {
        if (!result.ok() && result.status == 0) return {SearchStatus::error, {}, result.error_detail, ""};
        return parse_searxng(result.status, result.body, next_page.empty() ? 1 : std::stoi(next_page), first_rank);
    }
    std::string origin() const override { return origin_of(searxng_request(base_, "", 1).url); }
    // a self-hosted instance paces its own engines
    std::chrono::milliseconds default_delay() const override { return std::chrono::milliseconds(0); }

private:
    std::string base_;
};

class Brave final : public SearchProvider {
public:
    Brave(std::string endpoint, std::string key, int results)
        : endpoint_(std::move(endpoint)), key_(std::move(key)), results_(std::clamp(results, 1, 20)) {}
    std::string_view name() const override { return "brave"; }
    FetchRequest request(const std::string& query, const std::string& next_page) const override {
        return brave_request(query, next_page.empty() ? 0 : std::stoi(next_page), results_, key_, endpoint_);
    }
    SearchPage parse(const FetchResult& result, const std::string& next_page, int first_rank) const override {
        if (!result.ok() && result.status == 0) return {SearchStatus::error, {}, result.error_detail, ""};
        return parse_brave(result.status, result.body, next_page.empty() ? 0 : std::stoi(next_page), first_rank);
    }
    std::string origin() const override { return origin_of(endpoint_); }
    // the free plan allows one query a second
    std::chrono::milliseconds default_delay() const override { return std::chrono::milliseconds(1000); }

private:
    std::string endpoint_;
    std::string key_;
    int results_;
};

}  // namespace

std::unique_ptr<SearchProvider> make_provider(ProviderKind kind, const std::string& search_url, const std::string& api_key,
                                              int results) {
    switch (kind) {
        case ProviderKind::duckduckgo:
            return std::make_unique<DuckDuckGo>(search_url.empty() ? std::string(duckduckgo_endpoint) : search_url);
        case ProviderKind::searxng: return std::make_unique<Searxng>(search_url);
        case ProviderKind::brave:
            return std::make_unique<Brave>(search_url.empty() ? std::string(brave_endpoint) : search_url, api_key, results);
    }
    return nullptr;
}

}  // namespace sharitories
