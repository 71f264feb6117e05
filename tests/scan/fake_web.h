// A Fetcher without sockets for the pipeline tests: requests are answered in order, on the calling
// thread, by a FakeWeb — a SearXNG-like search API, a DuckDuckGo-like HTML endpoint and a few French
// sites per town — that counts what it was asked. A test can make the search servers block or fall
// silent from a given search on.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "fetch/fetcher.h"
#include "model/city.h"

namespace sharitories::test {

class FakeFetcher final : public Fetcher {
public:
    using Responder = std::function<FetchResult(const FetchRequest&)>;
    explicit FakeFetcher(Responder responder) : responder_(std::move(responder)) {}

    void submit(FetchRequest request) override;
    void run(const std::function<void(FetchResult)>& on_result) override;
    void cancel() override;

    /// Answers in rounds: every request queued is answered before any result is delivered, as
    /// requests in flight together come back (a follow-up submitted meanwhile waits for the next
    /// round). Off: one request at a time, in order.
    bool rounds = false;

    /// Every request answered, in order.
    const std::vector<FetchRequest>& answered() const { return answered_; }

private:
    Responder responder_;
    std::mutex mutex_;
    std::vector<FetchRequest> queue_;
    std::size_t next_ = 0;
    bool cancelled_ = false;
    std::vector<FetchRequest> answered_;
};

class FakeWeb {
public:
    static constexpr const char* searx_url = "http://searx.test:8888";
    static constexpr const char* ddg_url = "http://ddg.test/html/";

    /// Five sites per town: a tiers-lieu, an AMAP, a participatory budget, a local crowdfunding
    /// campaign, and the tourist office (no pillar) — found by every search for the town. `address`
    /// makes a site's URL from its name ("amap-lorient"): https://amap-lorient.fr/ by default.
    explicit FakeWeb(const std::vector<City>& towns,
                     std::function<std::string(const std::string&)> address = [](const std::string& site) {
                         return "https://" + site + ".fr/";
                     });

    /// How a search server answers its n-th search (from 1): with hits, or as the test wants.
    enum class Behaviour {
        answer,
        captcha,       ///< duckduckgo: its anomaly page (202); searxng: 429
        rate_limited,  ///< 429 with Retry-After: 30
        silent,        ///< 200 and an empty list, nothing said
        error,         ///< a 5xx
    };
    std::function<Behaviour(int n)> searx = [](int) { return Behaviour::answer; };
    std::function<Behaviour(int n)> ddg = [](int) { return Behaviour::answer; };
    /// Called before each search is answered, with its number (all providers): to stop a run there.
    std::function<void(int n)> on_search;

    /// A request to searx_url, ddg_url or a site, answered. Thread-safe (a test server's handlers).
    FetchResult respond(const FetchRequest& request);
    FakeFetcher::Responder responder() {
        return [this](const FetchRequest& request) { return respond(request); };
    }
    /// A search `provider` ("searxng", "duckduckgo") answers: `page` from 1.
    FetchResult search(const std::string& provider, const std::string& query, int page);
    /// A site's page, or a 404.
    FetchResult page(const std::string& url);

    /// The query texts searched, by provider ("searxng", "duckduckgo"), in order.
    std::vector<std::string> searched(const std::string& provider) const;
    int searches() const;
    int page_requests() const;
    /// The site URLs of a town, by INSEE code.
    const std::vector<std::string>& sites(const std::string& insee) const { return sites_.at(insee); }

private:
    FetchResult search_locked(const std::string& provider, const std::string& query, int page);
    FetchResult searx_answer(const std::string& query, int page_number);
    FetchResult ddg_answer(const std::string& query, bool first_page);
    std::vector<std::string> hits_for(const std::string& query) const;

    std::map<std::string, std::vector<std::string>> sites_;  // INSEE → URLs
    std::map<std::string, std::string> town_of_name_;        // name → INSEE
    std::map<std::string, std::string> pages_;               // URL → HTML
    std::vector<std::pair<std::string, std::string>> searched_;  // (provider, query)
    int searx_count_ = 0, ddg_count_ = 0, page_requests_ = 0;
    mutable std::recursive_mutex mutex_;  // the hooks may read searched() while a search is answered
};

/// A French page with the furniture of a real one: navigation, a script, a cookie banner, a footer.
std::string french_page(const std::string& title, const std::string& body, const std::string& footer);

}  // namespace sharitories::test
