#include "scan/fake_web.h"

#include <nlohmann/json.hpp>

#include "fetch/url.h"
#include "text/normalize.h"

namespace sharitories::test {
namespace {

/// The value of a form field in `encoded` (a query string or a POST body), decoded.
std::string form_field(std::string_view encoded, std::string_view name) {
    const std::string key = std::string(name) + "=";
    std::size_t at = 0;
    while (at < encoded.size()) {
        const auto end = std::min(encoded.find('&', at), encoded.size());
        const auto field = encoded.substr(at, end - at);
        if (field.starts_with(key)) {
            std::string value(field.substr(key.size()));
            for (char& c : value)
                if (c == '+') c = ' ';
            return percent_decode(value);
        }
        at = end + 1;
    }
    return "";
}

/// The town a query is about: its first quoted phrase.
std::string quoted_name(const std::string& query) {
    const auto open = query.find('"');
    const auto close = open == std::string::npos ? open : query.find('"', open + 1);
    return close == std::string::npos ? "" : query.substr(open + 1, close - open - 1);
}

FetchResult answer(int status, std::string body, std::string type) {
    FetchResult result;
    result.status = status;
    result.body = std::move(body);
    result.content_type = std::move(type);
    if (status < 200 || status >= 300) {
        result.error = FetchError::http_status;
        result.error_detail = "HTTP " + std::to_string(status);
    }
    return result;
}

}  // namespace

void FakeFetcher::submit(FetchRequest request) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(request));
}

void FakeFetcher::run(const std::function<void(FetchResult)>& on_result) {
    while (true) {
        std::vector<FetchRequest> round;
        {
            std::lock_guard lock(mutex_);
            if (cancelled_ || next_ == queue_.size()) return;
            const std::size_t end = rounds ? queue_.size() : next_ + 1;
            round.assign(queue_.begin() + static_cast<std::ptrdiff_t>(next_), queue_.begin() + static_cast<std::ptrdiff_t>(end));
            next_ = end;
        }
        std::vector<FetchResult> results;
        for (const auto& request : round) {
            results.push_back(responder_(request));
            answered_.push_back(request);
        }
        for (std::size_t i = 0; i < round.size(); ++i) {
            {
                std::lock_guard lock(mutex_);
                if (cancelled_) return;  // as the real engine: no results after a cancel
            }
            FetchResult& result = results[i];
            result.id = round[i].id;
            result.requested_url = round[i].url;
            if (result.final_url.empty()) result.final_url = round[i].url;
            on_result(std::move(result));
        }
    }
}

void FakeFetcher::cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
}

std::string french_page(const std::string& title, const std::string& body, const std::string& footer) {
    return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title +
           "</title><script>var tags = ['budget participatif', 'monnaie locale', 'AMAP'];</script></head><body>"
           "<div class=\"cookies\">Ce site utilise des cookies. <button>J'accepte</button></div>"
           "<nav><a href=\"/\">Accueil</a> <a href=\"/agenda\">Agenda</a> <a href=\"/contact\">Contact</a></nav>"
           "<main><h1>" + title + "</h1><p>" + body + "</p></main><footer>" + footer +
           " — Mentions légales — Plan du site</footer></body></html>";
}

FakeWeb::FakeWeb(const std::vector<City>& towns, std::function<std::string(const std::string&)> address) {
    for (const auto& town : towns) {
        std::string slug = normalize(town.name);
        for (char& c : slug)
            if (c == ' ') c = '-';
        const std::string postcode = town.postcodes.empty() ? "" : town.postcodes.front();
        const std::string where = postcode + " " + town.name + ", " + town.departement_name;
        const std::vector<std::pair<std::string, std::string>> sites{
            {address("tiers-lieu-" + slug),
             french_page("La Fabrique, tiers-lieu à " + town.name,
                         "Un tiers-lieu associatif à " + town.name + " : fablab, espace de coworking et ateliers partagés.",
                         "La Fabrique, 3 rue du Port, " + where)},
            {address("amap-" + slug),
             french_page("AMAP de " + town.name,
                         "L'AMAP livre chaque jeudi des paniers de légumes en circuit court aux familles de " + town.name + ".",
                         "AMAP, " + where)},
            {address("participer-" + slug),
             french_page("Budget participatif de " + town.name,
                         "Le budget participatif et le conseil citoyen : votez pour les projets des habitants de " +
                             town.name + ".",
                         "Mairie de " + town.name + ", " + where)},
            {address("cagnotte-" + slug),
             french_page("Une monnaie locale pour " + town.name,
                         "La monnaie locale citoyenne, un financement participatif des commerces de " + town.name + ".",
                         where)},
            {address("tourisme-" + slug),
             french_page("Visiter " + town.name, "Le port, les halles et les plages de " + town.name + ".",
                         "Office de tourisme, " + where)},
        };
        for (const auto& [url, html] : sites) {
            sites_[town.insee].push_back(url);
            pages_[url] = html;
        }
        town_of_name_[town.name] = town.insee;
    }
}

std::vector<std::string> FakeWeb::hits_for(const std::string& query) const {
    auto town = town_of_name_.find(quoted_name(query));
    return town == town_of_name_.end() ? std::vector<std::string>{} : sites_.at(town->second);
}

FetchResult FakeWeb::respond(const FetchRequest& request) {
    if (request.url.starts_with(searx_url)) {
        const std::string query_string = request.url.substr(request.url.find('?') + 1);
        return search("searxng", form_field(query_string, "q"), std::stoi(form_field(query_string, "pageno")));
    }
    if (request.url.starts_with(ddg_url))
        return search("duckduckgo", form_field(request.body, "q"), form_field(request.body, "s").empty() ? 1 : 2);
    return page(request.url);
}

FetchResult FakeWeb::search(const std::string& provider, const std::string& query, int page) {
    std::lock_guard lock(mutex_);
    return search_locked(provider, query, page);
}

FetchResult FakeWeb::search_locked(const std::string& provider, const std::string& query, int page) {
    searched_.emplace_back(provider, query);
    if (on_search) on_search(static_cast<int>(searched_.size()));
    const bool searx_asked = provider == "searxng";
    const Behaviour behaviour = searx_asked ? searx(++searx_count_) : ddg(++ddg_count_);
    switch (behaviour) {
        case Behaviour::captcha:
            if (searx_asked) return answer(429, "Too Many Requests", "text/plain");
            return answer(202,
                          "<html><body><div class=\"anomaly-modal__modal\"><p>Unfortunately, bots use DuckDuckGo "
                          "too. Please complete the following challenge.</p><form id=\"challenge-form\" "
                          "class=\"challenge-form\"></form></div></body></html>",
                          "text/html");
        case Behaviour::rate_limited: {
            FetchResult limited = answer(429, "Too Many Requests", "text/plain");
            limited.retry_after = "30";
            return limited;
        }
        case Behaviour::error: return answer(searx_asked ? 502 : 500, "Bad Gateway", "text/html");
        case Behaviour::silent:  // a suspended searx: 200, nothing, and nothing said
            if (searx_asked)
                return answer(200, nlohmann::json{{"query", query}, {"results", nlohmann::json::array()},
                                                  {"unresponsive_engines", nlohmann::json::array()}}
                                       .dump(),
                              "application/json");
            return answer(200, "<html><body><div class=\"serp__results\"><div class=\"results\"></div></div></body></html>",
                          "text/html");
        case Behaviour::answer: return searx_asked ? searx_answer(query, page) : ddg_answer(query, page == 1);
    }
    return answer(500, "", "text/plain");
}

FetchResult FakeWeb::page(const std::string& url) {
    std::lock_guard lock(mutex_);
    ++page_requests_;
    auto found = pages_.find(url);
    if (found == pages_.end()) return answer(404, "<html><body>Page introuvable</body></html>", "text/html");
    FetchResult result = answer(200, found->second, "text/html");
    result.charset = "utf-8";
    return result;
}

FetchResult FakeWeb::searx_answer(const std::string& query, int page_number) {
    nlohmann::json results = nlohmann::json::array();
    if (page_number == 1) {  // five hits, then an empty second page: the end of the list
        for (const auto& url : hits_for(query))
            results.push_back({{"url", url}, {"title", "Résultat"}, {"content", "Un extrait de la page."}});
    }
    return answer(200,
                  nlohmann::json{{"query", query}, {"results", results}, {"unresponsive_engines", nlohmann::json::array()}}.dump(),
                  "application/json");
}

FetchResult FakeWeb::ddg_answer(const std::string& query, bool first_page) {
    std::string html = "<html><body><div class=\"serp__results\"><div id=\"links\" class=\"results\">";
    if (first_page) {
        for (const auto& url : hits_for(query)) {
            html += "<div class=\"result results_links web-result\"><h2 class=\"result__title\"><a class=\"result__a\" "
                    "href=\"//duckduckgo.com/l/?uddg=" + percent_encode(url) + "&amp;rut=abc\">Résultat</a></h2>"
                    "<a class=\"result__snippet\">Un extrait de la page.</a></div>";
        }
    }
    return answer(200, html + "</div></div></body></html>", "text/html");
}

std::vector<std::string> FakeWeb::searched(const std::string& provider) const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> queries;
    for (const auto& [who, query] : searched_)
        if (who == provider) queries.push_back(query);
    return queries;
}

int FakeWeb::page_requests() const {
    std::lock_guard lock(mutex_);
    return page_requests_;
}

int FakeWeb::searches() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(searched_.size());
}

}  // namespace sharitories::test
