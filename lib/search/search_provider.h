// A search provider as the pipeline uses it: the request for a page of a query, the parse of the
// answer, and the pace it should be asked at. Pure (requests and parses only); the fetch engine
// sends the requests, with its safety rules.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fetch/fetch_types.h"
#include "search/search_types.h"

namespace sharitories {

class SearchProvider {
public:
    virtual ~SearchProvider() = default;
    virtual std::string_view name() const = 0;
    /// The first page when `next_page` is empty, else the page a previous SearchPage designated.
    virtual FetchRequest request(const std::string& query, const std::string& next_page) const = 0;
    /// The answer to a request, read: hits, a block or an error. Never throws: whatever a parser
    /// throws (a provider's malformed answer, a bug) is that query's error, not the scan's end.
    SearchPage read_answer(const FetchResult& result, const std::string& next_page, int first_rank) const noexcept;
    /// The origin requests go to ("https://html.duckduckgo.com:443"), for its own pace.
    virtual std::string origin() const = 0;
    /// Least time between two searches when the user gives no --search-delay-ms.
    virtual std::chrono::milliseconds default_delay() const = 0;
    /// Searches in flight at once when the user gives no --search-concurrency.
    virtual int default_concurrency() const = 0;
    /// Search requests a night may send when the user gives no --budget (see each provider's reason).
    virtual int default_budget() const = 0;
    /// How long the provider is left alone after its `blocks_in_a_row`-th block in a row (1 for the
    /// first); `asked`: how long the block itself said it lasts (Retry-After, X-RateLimit-Reset, a
    /// suspended engine), if it said.
    virtual std::chrono::seconds cooldown(int blocks_in_a_row, std::optional<std::chrono::seconds> asked) const = 0;

protected:
    /// The provider's own reading of an answer; read_answer calls it and keeps its exceptions in.
    virtual SearchPage parse(const FetchResult& result, const std::string& next_page, int first_rank) const = 0;
};

enum class ProviderKind { duckduckgo, searxng, brave };

/// "duckduckgo", "searxng", "brave"; nullopt for another name.
std::optional<ProviderKind> parse_provider_kind(std::string_view name);

/// `search_url`: a SearXNG instance's base URL (searxng), or another endpoint for the others (tests).
/// `api_key`: Brave's. `results`: how many hits a query wants (Brave's page size).
std::unique_ptr<SearchProvider> make_provider(ProviderKind kind, const std::string& search_url,
                                              const std::string& api_key, int results);

}  // namespace sharitories
