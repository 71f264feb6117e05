#include "search/search_provider.h"

#include <algorithm>
#include <charconv>
#include <exception>

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

/// The page number a previous answer designated (`next_page`, as stored); `first` when there is none
/// or it is not a number (a hand-edited database), rather than an exception.
int page_number(const std::string& next_page, int first) {
    int number = first;
    const auto [end, error] = std::from_chars(next_page.data(), next_page.data() + next_page.size(), number);
    return error == std::errc() && end == next_page.data() + next_page.size() ? number : first;
}

/// A request that got no HTTP answer at all (no network, refused, timed out): an error, in words.
std::optional<SearchPage> unanswered(const FetchResult& result) {
    if (result.ok() || result.status != 0) return std::nullopt;
    SearchPage page;
    page.message = result.error_detail;
    return page;
}

class DuckDuckGo final : public SearchProvider {
public:
    explicit DuckDuckGo(std::string endpoint) : endpoint_(std::move(endpoint)) {}
    std::string_view name() const override { return "duckduckgo"; }
    FetchRequest request(const std::string& query, const std::string& next_page) const override {
        return duckduckgo_request(query, next_page, endpoint_);
    }
    SearchPage parse(const FetchResult& result, const std::string&, int first_rank) const override {
        if (auto failed = unanswered(result)) return *failed;
        return parse_duckduckgo(result.status, result.body, first_rank);
    }
    std::string origin() const override { return origin_of(endpoint_); }
    // DuckDuckGo shows its CAPTCHA to clients that search fast: one search every 2 s, one at a time
    std::chrono::milliseconds default_delay() const override { return std::chrono::milliseconds(2000); }
    int default_concurrency() const override { return 1; }
    // its HTML endpoint answers an automated client tens to a few hundred queries before its CAPTCHA
    int default_budget() const override { return 200; }
    // at least an hour, doubled at each block in a row (an address that insists stays blocked), at
    // most a week
    std::chrono::seconds cooldown(int blocks_in_a_row, std::optional<std::chrono::seconds> asked) const override {
        const std::chrono::seconds first = std::max<std::chrono::seconds>(std::chrono::hours(1), asked.value_or(std::chrono::seconds(0)));
        const int doublings = std::clamp(blocks_in_a_row - 1, 0, 20);
        return std::min<std::chrono::seconds>(first * (1LL << doublings), std::chrono::hours(24 * 7));
    }

private:
    std::string endpoint_;
};

class Searxng final : public SearchProvider {
public:
    explicit Searxng(std::string base) : base_(std::move(base)) {}
    std::string_view name() const override { return "searxng"; }
    FetchRequest request(const std::string& query, const std::string& next_page) const override {
        return searxng_request(base_, query, page_number(next_page, 1));
    }
    SearchPage parse(const FetchResult& result, const std::string& next_page, int first_rank) const override {
        if (auto failed = unanswered(result)) return *failed;
        return parse_searxng(result.status, result.body, page_number(next_page, 1), first_rank);
    }
    std::string origin() const override { return origin_of(searxng_request(base_, "", 1).url); }
    // a self-hosted instance paces its own engines
    std::chrono::milliseconds default_delay() const override { return std::chrono::milliseconds(0); }
    int default_concurrency() const override { return 4; }
    // it is only as patient as the engines behind it (Qwant blocks after ~30 searches, Mojeek after
    // ~10, Startpage answers CAPTCHAs): a few hundred, spread over them
    int default_budget() const override { return 300; }
    // as its answer says (Retry-After, an engine's suspension), else an hour
    std::chrono::seconds cooldown(int, std::optional<std::chrono::seconds> asked) const override {
        return asked && *asked > std::chrono::seconds(0) ? *asked : std::chrono::hours(1);
    }

private:
    std::string base_;
};

class Brave final : public SearchProvider {
public:
    Brave(std::string endpoint, std::string key, int results)
        : endpoint_(std::move(endpoint)), key_(std::move(key)), results_(std::clamp(results, 1, 20)) {}
    std::string_view name() const override { return "brave"; }
    FetchRequest request(const std::string& query, const std::string& next_page) const override {
        return brave_request(query, page_number(next_page, 0), results_, key_, endpoint_);
    }
    SearchPage parse(const FetchResult& result, const std::string& next_page, int first_rank) const override {
        if (auto failed = unanswered(result)) return *failed;
        return parse_brave(result.status, result.body, page_number(next_page, 0), first_rank);
    }
    std::string origin() const override { return origin_of(endpoint_); }
    // the free plan allows one query a second
    std::chrono::milliseconds default_delay() const override { return std::chrono::milliseconds(1000); }
    int default_concurrency() const override { return 1; }
    // a search costs $0.005 beyond a $5 monthly credit: 1,000 searches a month, 32 a night keeps a
    // nightly cron job within the credit even in a 31-day month (a paid plan raises it with --budget)
    int default_budget() const override { return 32; }
    // until X-RateLimit-Reset says the exhausted window resets, else an hour
    std::chrono::seconds cooldown(int, std::optional<std::chrono::seconds> asked) const override {
        return asked && *asked > std::chrono::seconds(0) ? *asked : std::chrono::hours(1);
    }

private:
    std::string endpoint_;
    std::string key_;
    int results_;
};

}  // namespace

SearchPage SearchProvider::read_answer(const FetchResult& result, const std::string& next_page, int first_rank) const noexcept {
    const auto failed = [&](std::string_view why) {
        SearchPage page;
        page.status = SearchStatus::error;
        try {
            page.message = std::string("could not read ") + std::string(name()) + "'s answer: " + std::string(why);
        } catch (...) {  // no memory for the words: the error stands without them
        }
        return page;
    };
    try {
        return parse(result, next_page, first_rank);
    } catch (const std::exception& error) {
        return failed(error.what());
    } catch (...) {
        return failed("an unknown error");
    }
}

std::optional<ProviderKind> parse_provider_kind(std::string_view name) {
    if (name == "duckduckgo") return ProviderKind::duckduckgo;
    if (name == "searxng") return ProviderKind::searxng;
    if (name == "brave") return ProviderKind::brave;
    return std::nullopt;
}

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
