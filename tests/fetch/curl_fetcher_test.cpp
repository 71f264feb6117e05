// The fetch engine against local servers, one fault at a time. Every server listens on 127.0.0.1, is
// stopped by its test, and every test bounds its requests and its timeouts.
#include <doctest/doctest.h>


#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "fetch/fetcher.h"
#include "fetch/test_server.h"
#include "warc/warc_builder.h"

using namespace sharitories;
using namespace std::chrono_literals;
using sharitories::test::ResettingServer;
using sharitories::test::TestServer;

namespace {

/// Quick, permissive options for tests on loopback: no politeness gap, short retry waits.
FetchOptions test_options() {
    FetchOptions options;
    options.concurrency = 8;
    options.per_host = {.max_in_flight = 2, .min_gap = 0ms};
    options.retry.base_delay = 50ms;
    options.retry.jitter = 0;
    options.timeout = 5000ms;
    options.connect_timeout = 2000ms;
    options.user_agent = "sharitories-test/1.0";
    options.allow_private_hosts = true;  // the test servers are on 127.0.0.1
    return options;
}

std::vector<FetchResult> fetch_all(const FetchOptions& options, std::vector<FetchRequest> requests) {
    auto fetcher = make_curl_fetcher(options);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        requests[i].id = i;
        fetcher->submit(std::move(requests[i]));
    }
    std::vector<FetchResult> results;
    fetcher->run([&](FetchResult result) { results.push_back(std::move(result)); });
    std::sort(results.begin(), results.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return results;
}

FetchResult fetch_one(const FetchOptions& options, FetchRequest request) {
    auto results = fetch_all(options, {std::move(request)});
    REQUIRE(results.size() == 1);
    return results.front();
}

FetchRequest get(std::string url) {
    FetchRequest request;
    request.url = std::move(url);
    return request;
}

const std::string french_page =
    "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Tiers-lieu à Lorient</title></head>"
    "<body><nav><a href=\"/\">Accueil</a></nav><main><h1>La Fabrique, tiers-lieu et fablab</h1>"
    "<p>Ateliers partagés, repair café le samedi, AMAP le jeudi.</p></main>"
    "<footer>56100 Lorient — mentions légales</footer></body></html>";

std::string gzip(const std::string& data) { return test::gzip_member(data, 9); }

}  // namespace

TEST_CASE("fetch: a page comes back decoded, with its validators and timings") {
    TestServer server;
    server.http().Get("/tiers-lieu", [&](const httplib::Request&, httplib::Response& response) {
        response.set_header("ETag", "\"v42\"");
        response.set_header("Last-Modified", "Fri, 20 Nov 2026 08:00:00 GMT");
        response.set_content(french_page, "text/html; charset=utf-8");
    });
    server.start();
    auto result = fetch_one(test_options(), get(server.url("/tiers-lieu")));
    CHECK(result.ok());
    CHECK(result.status == 200);
    CHECK(result.content_type == "text/html");
    CHECK(result.charset == "UTF-8");
    CHECK(result.body == french_page);
    CHECK(result.etag == "\"v42\"");
    CHECK(result.last_modified == "Fri, 20 Nov 2026 08:00:00 GMT");
    CHECK(result.attempts == 1);
    CHECK(result.final_url == server.url("/tiers-lieu"));
    CHECK(server.count("/robots.txt") == 1);  // asked first, once
}

TEST_CASE("fetch: 429 with Retry-After, then 200: retried after the wait") {
    TestServer server;
    int calls = 0;
    server.http().Get("/amap", [&](const httplib::Request&, httplib::Response& response) {
        if (++calls == 1) {
            response.status = 429;
            response.set_header("Retry-After", "1");
            return;
        }
        response.set_content(french_page, "text/html");
    });
    server.start();
    auto result = fetch_one(test_options(), get(server.url("/amap")));
    CHECK(result.ok());
    CHECK(result.attempts == 2);
    auto hits = server.hits();
    std::vector<std::chrono::steady_clock::time_point> times;
    for (const auto& hit : hits)
        if (hit.path == "/amap") times.push_back(hit.at);
    REQUIRE(times.size() == 2);
    CHECK(times[1] - times[0] >= 990ms);  // the server asked for one second
}

TEST_CASE("fetch: 503 then 200, and 503 three times gives up with the status") {
    TestServer server;
    int flaky_calls = 0;
    server.http().Get("/flaky", [&](const httplib::Request&, httplib::Response& response) {
        if (++flaky_calls == 1) response.status = 503;
        else response.set_content(french_page, "text/html");
    });
    server.http().Get("/down", [](const httplib::Request&, httplib::Response& response) { response.status = 503; });
    server.start();
    auto options = test_options();
    options.host_failure_limit = 100;
    auto results = fetch_all(options, {get(server.url("/flaky")), get(server.url("/down"))});
    CHECK(results[0].ok());
    CHECK(results[0].attempts == 2);
    CHECK(results[1].error == FetchError::http_status);
    CHECK(results[1].status == 503);
    CHECK(results[1].attempts == 3);
    CHECK(server.count("/down") == 3);
}

TEST_CASE("fetch: a body slower than the timeout is cut off") {
    TestServer server;
    server.http().Get("/lent", [](const httplib::Request&, httplib::Response& response) {
        response.set_chunked_content_provider("text/html", [](size_t, httplib::DataSink& sink) {
            for (int i = 0; i < 30 && sink.is_writable(); ++i) {
                sink.write("<p>tiers-lieu</p>", 17);
                std::this_thread::sleep_for(100ms);
            }
            sink.done();
            return true;
        });
    });
    server.start();
    auto options = test_options();
    options.timeout = 1000ms;
    options.retry.max_attempts = 1;
    auto result = fetch_one(options, get(server.url("/lent")));
    CHECK(result.error == FetchError::timeout);
    CHECK(result.seconds < 2.5);
}

TEST_CASE("fetch: a connection reset mid-response is a network error, retried") {
    ResettingServer server("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><body>AMAP");
    auto options = test_options();
    FetchRequest request = get("http://127.0.0.1:" + std::to_string(server.port()) + "/page");
    request.obey_robots = false;  // this server answers every request the same way
    auto result = fetch_one(options, request);
    CHECK(result.error == FetchError::network);
    CHECK(result.attempts == 3);
    CHECK(server.connections() == 3);
}

TEST_CASE("fetch: redirects are followed, loops and long chains stopped") {
    TestServer server;
    server.http().Get("/ancien", [](const httplib::Request&, httplib::Response& response) {
        response.set_redirect("/nouveau", 301);
    });
    server.http().Get("/nouveau", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    server.http().Get("/boucle-a", [](const httplib::Request&, httplib::Response& response) {
        response.set_redirect("/boucle-b");
    });
    server.http().Get("/boucle-b", [](const httplib::Request&, httplib::Response& response) {
        response.set_redirect("/boucle-a");
    });
    server.http().Get(R"(/chaine/(\d+))", [](const httplib::Request& request, httplib::Response& response) {
        response.set_redirect("/chaine/" + std::to_string(std::stoi(request.matches[1]) + 1));
    });
    server.start();
    auto results = fetch_all(test_options(), {get(server.url("/ancien")), get(server.url("/boucle-a")), get(server.url("/chaine/0"))});
    CHECK(results[0].ok());
    CHECK(results[0].redirects == 1);
    CHECK(results[0].final_url == server.url("/nouveau"));
    CHECK(results[0].requested_url == server.url("/ancien"));
    CHECK(results[1].error == FetchError::too_many_redirects);
    CHECK(results[1].error_detail.find("loop") != std::string::npos);
    CHECK(server.count("/boucle-a") == 1);
    CHECK(server.count("/boucle-b") == 1);
    CHECK(results[2].error == FetchError::too_many_redirects);
    CHECK(server.count("/chaine/") == 6);  // the first request and five redirects
}

TEST_CASE("fetch: redirects to file: and to a private address are refused") {
    TestServer server;
    server.http().Get("/passwd", [](const httplib::Request&, httplib::Response& response) {
        response.set_redirect("file:///etc/passwd");
    });
    server.http().Get("/interne", [&](const httplib::Request&, httplib::Response& response) {
        response.set_redirect("http://127.0.0.2:" + std::to_string(server.port()) + "/admin");
    });
    server.start();
    auto options = test_options();
    options.allow_private_hosts = false;
    FetchRequest to_file = get(server.url("/passwd"));
    to_file.allow_private = true;  // like a user's own search server: allowed, on its origin only
    FetchRequest to_private = get(server.url("/interne"));
    to_private.allow_private = true;
    auto results = fetch_all(options, {to_file, to_private});
    CHECK(results[0].error == FetchError::blocked_scheme);
    CHECK(results[0].error_detail.find("file:///etc/passwd") != std::string::npos);
    CHECK(results[1].error == FetchError::blocked_private);
    CHECK(results[1].error_detail.find("127.0.0.2") != std::string::npos);
    CHECK(server.count("/admin") == 0);
}

TEST_CASE("fetch: a target on loopback is refused unless allowed, checked on the address connected to") {
    TestServer server;
    server.http().Get("/", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    server.start();
    auto options = test_options();
    options.allow_private_hosts = false;
    // a public-looking name that resolves to loopback, as a DNS answer could
    options.resolve = {"www.mairie-exemple.fr:" + std::to_string(server.port()) + ":127.0.0.1"};
    FetchRequest request = get("http://www.mairie-exemple.fr:" + std::to_string(server.port()) + "/");
    request.obey_robots = false;
    auto result = fetch_one(options, request);
    CHECK(result.error == FetchError::blocked_private);
    CHECK(server.hits().empty());

    options.allow_private_hosts = true;
    CHECK(fetch_one(options, request).ok());
}

TEST_CASE("fetch: bodies over the cap stop there, plain and as a gzip bomb, and a gzip page decodes") {
    TestServer server;
    const std::string big(200 * 1024, 'a');
    const std::string bomb = gzip(std::string(20 << 20, '\0'));  // 20 MiB of zeros in ~20 KiB
    server.http().Get("/gros", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(big, "text/html");
    });
    server.http().Get("/bombe", [&](const httplib::Request&, httplib::Response& response) {
        response.set_header("Content-Encoding", "gzip");
        response.set_content(bomb, "text/html");
    });
    server.http().Get("/compresse", [&](const httplib::Request&, httplib::Response& response) {
        response.set_header("Content-Encoding", "gzip");
        response.set_content(gzip(french_page), "text/html; charset=utf-8");
    });
    server.start();
    REQUIRE(bomb.size() < 100 * 1024);
    auto options = test_options();
    options.max_body_bytes = 64 * 1024;
    auto results = fetch_all(options, {get(server.url("/gros")), get(server.url("/bombe")), get(server.url("/compresse"))});
    CHECK(results[0].error == FetchError::too_large);
    CHECK(results[0].body.empty());
    CHECK(results[1].error == FetchError::too_large);
    CHECK(results[1].error_detail.find("after decompression") != std::string::npos);
    CHECK(results[2].ok());
    CHECK(results[2].body == french_page);
}

TEST_CASE("fetch: charsets: windows-1252 declared only in <meta>, and a wrong declared charset") {
    TestServer server;
    const std::string latin1 = "<html><head><meta charset=\"windows-1252\"><title>Coop\xE9rative</title></head>"
                               "<body><p>\xC9picerie coop\xE9rative \xE0 \xC9pinal</p></body></html>";
    server.http().Get("/meta", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(latin1, "text/html");
    });
    server.http().Get("/menteur", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(latin1, "text/html; charset=utf-8");
    });
    server.start();
    auto results = fetch_all(test_options(), {get(server.url("/meta")), get(server.url("/menteur"))});
    CHECK(results[0].ok());
    CHECK(results[0].charset == "windows-1252");
    CHECK(results[0].body.find("Épicerie coopérative à Épinal") != std::string::npos);
    CHECK(results[1].ok());
    CHECK(results[1].charset == "UTF-8");
    CHECK(results[1].body.find("\xEF\xBF\xBDpicerie") != std::string::npos);
}

TEST_CASE("fetch: what is not a page is skipped with its reason") {
    TestServer server;
    server.http().Get("/plan.pdf", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(std::string(100'000, '%'), "application/pdf");
    });
    server.http().Get("/notes.txt", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("Réunion du conseil citoyen", "text/plain; charset=utf-8");
    });
    server.start();
    auto results = fetch_all(test_options(), {get(server.url("/plan.pdf")), get(server.url("/notes.txt"))});
    CHECK(results[0].error == FetchError::bad_content_type);
    CHECK(results[0].error_detail.find("application/pdf") != std::string::npos);
    CHECK(results[1].ok());
    CHECK(results[1].content_type == "text/plain");
}

TEST_CASE("fetch: a conditional request answered 304 is reported as not modified") {
    TestServer server;
    server.http().Get("/agenda", [](const httplib::Request& request, httplib::Response& response) {
        if (request.get_header_value("If-None-Match") == "\"v1\"") {
            response.status = 304;
            return;
        }
        response.set_content(french_page, "text/html");
    });
    server.start();
    FetchRequest request = get(server.url("/agenda"));
    request.if_none_match = "\"v1\"";
    auto result = fetch_one(test_options(), request);
    CHECK(result.ok());
    CHECK(result.not_modified);
    CHECK(result.status == 304);
    CHECK(result.body.empty());
}

TEST_CASE("fetch: If-Modified-Since alone is sent and its 304 is not modified — a 304 to a plain request is an error") {
    TestServer server;
    std::vector<std::string> since;
    std::mutex mutex;
    server.http().Get("/agenda", [&](const httplib::Request& request, httplib::Response& response) {
        std::lock_guard lock(mutex);
        since.push_back(request.get_header_value("If-Modified-Since") + "|" + request.get_header_value("If-None-Match"));
        response.status = 304;  // whatever was asked: a server that should not say so to a plain request
    });
    server.start();
    FetchRequest conditional = get(server.url("/agenda"));
    conditional.if_modified_since = "Tue, 17 Nov 2026 09:30:00 GMT";
    const auto revalidated = fetch_one(test_options(), conditional);
    CHECK(revalidated.ok());
    CHECK(revalidated.not_modified);
    const auto plain = fetch_one(test_options(), get(server.url("/agenda")));
    CHECK_FALSE(plain.ok());  // nothing to reuse: not a revalidation
    CHECK_FALSE(plain.not_modified);
    CHECK(plain.error == FetchError::http_status);
    CHECK(plain.error_detail == "HTTP 304");
    std::lock_guard lock(mutex);
    REQUIRE(since.size() == 2);
    CHECK(since[0] == "Tue, 17 Nov 2026 09:30:00 GMT|");
    CHECK(since[1] == "|");
}

TEST_CASE("fetch: a folder robots.txt disallows is never requested") {
    TestServer server;
    server.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("User-agent: *\nDisallow: /prive/\nCrawl-delay: 0.2\n", "text/plain");
    });
    server.http().Get(R"(/.*)", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    server.start();
    std::vector<FetchRequest> requests;
    for (int i = 0; i < 4; ++i) {
        requests.push_back(get(server.url("/prive/page" + std::to_string(i))));
        requests.push_back(get(server.url("/public/page" + std::to_string(i))));
    }
    auto results = fetch_all(test_options(), requests);
    for (std::size_t i = 0; i < results.size(); ++i) {
        INFO(results[i].requested_url);
        if (i % 2 == 0) CHECK(results[i].error == FetchError::robots);
        else CHECK(results[i].ok());
    }
    CHECK(server.count("/prive/") == 0);
    CHECK(server.count("/public/") == 4);
    CHECK(server.count("/robots.txt") == 1);
    // Crawl-delay 0.2 s spaced the four public pages
    std::vector<std::chrono::steady_clock::time_point> starts;
    for (const auto& hit : server.hits())
        if (hit.path.starts_with("/public/")) starts.push_back(hit.at);
    for (std::size_t i = 1; i < starts.size(); ++i) CHECK(starts[i] - starts[i - 1] >= 190ms);
}

TEST_CASE("fetch: an unreachable robots.txt (5xx) means nothing is fetched from that host") {
    TestServer server;
    server.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) { response.status = 500; });
    server.http().Get("/page", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    server.start();
    auto results = fetch_all(test_options(), {get(server.url("/page")), get(server.url("/page?b=1"))});
    for (const auto& result : results) {
        CHECK(result.error == FetchError::robots);
        CHECK(result.error_detail.find("robots.txt unreachable") != std::string::npos);
    }
    CHECK(server.count("/page") == 0);
    CHECK(server.count("/robots.txt") == 3);  // retried like any 5xx, then given up
}

TEST_CASE("fetch: the per-host gap and in-flight limit, measured by the server") {
    TestServer server(16);
    server.http().Get(R"(/lent/\d+)", [&](const httplib::Request&, httplib::Response& response) {
        auto busy = server.busy();
        std::this_thread::sleep_for(300ms);
        response.set_content(french_page, "text/html");
    });
    server.http().Get(R"(/espace/\d+)", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    server.start();

    auto in_flight = test_options();  // 2 in flight per host, no gap
    std::vector<FetchRequest> slow;
    for (int i = 0; i < 6; ++i) slow.push_back(get(server.url("/lent/" + std::to_string(i))));
    auto slow_results = fetch_all(in_flight, slow);
    CHECK(std::all_of(slow_results.begin(), slow_results.end(), [](const auto& r) { return r.ok(); }));
    CHECK(server.max_concurrent() == 2);

    auto spaced = test_options();
    spaced.per_host.min_gap = 150ms;
    std::vector<FetchRequest> quick;
    for (int i = 0; i < 5; ++i) quick.push_back(get(server.url("/espace/" + std::to_string(i))));
    fetch_all(spaced, quick);
    std::vector<std::chrono::steady_clock::time_point> starts;
    for (const auto& hit : server.hits())
        if (hit.path.starts_with("/espace/")) starts.push_back(hit.at);
    REQUIRE(starts.size() == 5);
    for (std::size_t i = 1; i < starts.size(); ++i) CHECK(starts[i] - starts[i - 1] >= 140ms);
}

TEST_CASE("fetch: many hosts at once stay under the global cap") {
    TestServer server(32);
    server.http().Get("/page", [&](const httplib::Request&, httplib::Response& response) {
        auto busy = server.busy();
        std::this_thread::sleep_for(100ms);
        response.set_content(french_page, "text/html");
    });
    server.start();
    auto options = test_options();
    options.concurrency = 5;
    std::vector<FetchRequest> requests;
    for (int host = 0; host < 20; ++host) {
        const std::string name = "ville" + std::to_string(host) + ".test";
        options.resolve.push_back(name + ":" + std::to_string(server.port()) + ":127.0.0.1");
        requests.push_back(get("http://" + name + ":" + std::to_string(server.port()) + "/page"));
    }
    auto results = fetch_all(options, requests);
    CHECK(std::all_of(results.begin(), results.end(), [](const auto& r) { return r.ok(); }));
    CHECK(server.max_concurrent() <= 5);
    CHECK(server.max_concurrent() >= 3);  // hosts really ran side by side
    std::map<std::string, int> per_host;
    for (const auto& hit : server.hits())
        if (hit.path == "/page") ++per_host[hit.host];
    CHECK(per_host.size() == 20);
}

TEST_CASE("fetch: a host that keeps failing is given up and reported once") {
    sharitories::test::ClosedPort closed;
    const int port = closed.port();
    auto options = test_options();
    options.retry.max_attempts = 1;
    std::vector<std::string> log;
    options.log = [&](const std::string& line) { log.push_back(line); };
    std::vector<FetchRequest> requests;
    for (int i = 0; i < 6; ++i) {
        FetchRequest request = get("http://127.0.0.1:" + std::to_string(port) + "/p" + std::to_string(i));
        request.obey_robots = false;
        requests.push_back(request);
    }
    options.per_host.max_in_flight = 1;
    auto results = fetch_all(options, requests);
    auto count = [&](FetchError error) {
        return std::count_if(results.begin(), results.end(), [&](const auto& r) { return r.error == error; });
    };
    CHECK(count(FetchError::connect) == 3);
    CHECK(count(FetchError::host_failed) == 3);
    REQUIRE(log.size() == 1);
    CHECK(log[0].find("giving up http://127.0.0.1:" + std::to_string(port)) != std::string::npos);
}

TEST_CASE("fetch: invalid URLs and other schemes are refused without a request") {
    auto results = fetch_all(test_options(), {get("pas une url"), get("ftp://ftp.example.org/fichier"),
                                              get("file:///etc/passwd")});
    CHECK(results[0].error == FetchError::invalid_url);
    CHECK(results[1].error == FetchError::blocked_scheme);
    CHECK(results[2].error == FetchError::blocked_scheme);
}

TEST_CASE("fetch: requests submitted from the result callback are fetched in the same run") {
    TestServer server;
    server.http().Get(R"(/p/(\d+))", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    server.start();
    auto fetcher = make_curl_fetcher(test_options());
    fetcher->submit(get(server.url("/p/0")));
    int delivered = 0;
    fetcher->run([&](FetchResult result) {
        CHECK(result.ok());
        if (++delivered < 3) fetcher->submit(get(server.url("/p/" + std::to_string(delivered))));
    });
    CHECK(delivered == 3);
    CHECK(server.count("/p/") == 3);
}

TEST_CASE("fetch: when robots.txt cannot be reached, the pages say why (connection refused)") {
    sharitories::test::ClosedPort closed;
    const int port = closed.port();
    auto options = test_options();
    options.retry.max_attempts = 1;
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    auto results = fetch_all(options, {get(base + "/agenda"), get(base + "/contact")});
    for (const auto& result : results) {
        CHECK(result.error == FetchError::connect);
        CHECK(result.error_detail.find("robots.txt unreachable") != std::string::npos);
        CHECK(result.attempts == 0);  // the page itself was never requested
    }
}

TEST_CASE("fetch: a redirect to another origin does not carry the caller's headers there") {
    TestServer first;
    TestServer second;
    std::string key_at_first, key_at_second = "unset";
    first.http().Get("/api", [&](const httplib::Request& request, httplib::Response& response) {
        key_at_first = request.get_header_value("X-Subscription-Token");
        response.set_redirect(second.url("/ailleurs"));
    });
    second.http().Get("/ailleurs", [&](const httplib::Request& request, httplib::Response& response) {
        key_at_second = request.get_header_value("X-Subscription-Token");
        response.set_content("{}", "application/json");
    });
    first.start();
    second.start();
    FetchRequest request = get(first.url("/api"));
    request.headers = {"X-Subscription-Token: SECRET"};
    request.content = ContentPolicy::api;
    request.obey_robots = false;
    auto result = fetch_one(test_options(), request);
    CHECK(result.ok());
    CHECK(key_at_first == "SECRET");
    CHECK(key_at_second.empty());
}

TEST_CASE("fetch: no retry goes to a host given up meanwhile") {
    TestServer server;
    server.http().Get("/fatal", [](const httplib::Request&, httplib::Response& response) { response.status = 501; });
    server.http().Get("/flaky", [](const httplib::Request&, httplib::Response& response) { response.status = 503; });
    server.start();
    auto options = test_options();
    options.host_failure_limit = 1;  // the 501 gives the host up
    FetchRequest fatal = get(server.url("/fatal"));
    FetchRequest flaky = get(server.url("/flaky"));
    fatal.obey_robots = flaky.obey_robots = false;
    auto results = fetch_all(options, {fatal, flaky});
    CHECK(results[0].error == FetchError::http_status);
    CHECK((results[1].error == FetchError::http_status || results[1].error == FetchError::host_failed));
    CHECK(server.count("/flaky") == 1);
}

TEST_CASE("fetch: an empty body of another type is still not a page") {
    TestServer server;
    server.http().Get("/pixel.png", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("", "image/png");
    });
    server.start();
    auto result = fetch_one(test_options(), get(server.url("/pixel.png")));
    CHECK(result.error == FetchError::bad_content_type);
}

TEST_CASE("fetch: POST then 303 to the same URL is a GET, not a loop") {
    TestServer server;
    server.http().Post("/recherche", [](const httplib::Request&, httplib::Response& response) {
        response.set_redirect("/recherche", 303);
    });
    server.http().Get("/recherche", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    server.start();
    FetchRequest request = get(server.url("/recherche"));
    request.method = "POST";
    request.body = "q=tiers-lieu+Lorient";
    auto result = fetch_one(test_options(), request);
    CHECK(result.ok());
    CHECK(result.redirects == 1);
}

TEST_CASE("fetch: a kept-alive connection to a private address is not reused for a request not allowed there") {
    TestServer server;
    server.http().Get(R"(/p/\d)", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    server.start();
    auto options = test_options();
    options.allow_private_hosts = false;
    options.per_host.max_in_flight = 1;  // one after the other, on one connection
    FetchRequest allowed = get(server.url("/p/1"));
    allowed.allow_private = true;  // a user's own search server
    allowed.obey_robots = false;
    FetchRequest refused = get(server.url("/p/2"));
    refused.obey_robots = false;
    auto results = fetch_all(options, {allowed, refused});
    CHECK(results[0].ok());
    CHECK(results[1].error == FetchError::blocked_private);
    CHECK(server.count("/p/") == 1);
}

TEST_CASE("fetch: the page hop of a redirect to a private address is refused before connecting") {
    TestServer server;
    server.http().Get("/vers-interne", [&](const httplib::Request&, httplib::Response& response) {
        response.set_redirect("http://localhost:" + std::to_string(server.port()) + "/admin");
    });
    server.start();
    auto options = test_options();
    options.allow_private_hosts = false;
    FetchRequest request = get(server.url("/vers-interne"));
    request.allow_private = true;
    request.obey_robots = false;
    auto result = fetch_one(options, request);
    CHECK(result.error == FetchError::blocked_private);
    CHECK(result.redirects == 1);
    CHECK(server.count("/admin") == 0);  // the server listens on 127.0.0.1: only the check stopped it
}

TEST_CASE("fetch: robots.txt answered 403 means no rules, and only its first 500 KiB count") {
    TestServer forbidden;
    forbidden.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) { response.status = 403; });
    forbidden.http().Get("/page", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    forbidden.start();
    CHECK(fetch_one(test_options(), get(forbidden.url("/page"))).ok());

    TestServer large;
    std::string robots = "User-agent: *\nDisallow: /avant\n";
    while (robots.size() < 600 * 1024) robots += "# ligne de commentaire pour remplir le fichier au-dela de la limite\n";
    robots += "Disallow: /apres\n";
    large.http().Get("/robots.txt", [&](const httplib::Request&, httplib::Response& response) {
        response.set_content(robots, "text/plain");
    });
    large.http().Get(R"(/.*)", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(french_page, "text/html");
    });
    large.start();
    auto results = fetch_all(test_options(), {get(large.url("/avant")), get(large.url("/apres"))});
    CHECK(results[0].error == FetchError::robots);
    CHECK(results[1].ok());
}

TEST_CASE("fetch: a request limited to one attempt is not retried (a search counts against a budget)") {
    TestServer server;
    server.http().Get("/search", [](const httplib::Request&, httplib::Response& response) {
        response.status = 429;
        response.set_header("Retry-After", "1");
    });
    server.start();
    FetchRequest request = get(server.url("/search"));
    request.content = ContentPolicy::api;
    request.obey_robots = false;
    request.max_attempts = 1;
    const auto result = fetch_one(test_options(), request);
    CHECK(result.status == 429);
    CHECK(result.attempts == 1);
    CHECK(result.retry_after == "1");
    CHECK(server.count("/search") == 1);
}

TEST_CASE("fetch: cancel() from another thread ends run() at once, without the results still pending") {
    TestServer server;
    server.http().Get(R"(/slow/\d+)", [](const httplib::Request&, httplib::Response& response) {
        std::this_thread::sleep_for(2s);
        response.set_content(french_page, "text/html; charset=utf-8");
    });
    server.http().Get("/robots.txt", [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
    server.start();
    auto fetcher = make_curl_fetcher(test_options());
    for (int i = 0; i < 20; ++i) {
        FetchRequest request = get(server.url("/slow/" + std::to_string(i)));
        request.id = static_cast<std::uint64_t>(i);
        fetcher->submit(std::move(request));
    }
    std::thread canceller([&] {
        std::this_thread::sleep_for(300ms);
        fetcher->cancel();
    });
    const auto started = std::chrono::steady_clock::now();
    int results = 0;
    fetcher->run([&](FetchResult) { ++results; });
    const auto took = std::chrono::steady_clock::now() - started;
    canceller.join();
    CHECK(results == 0);
    CHECK(took < 1500ms);  // not the 2 s a page takes, nor the 5 rounds 20 pages need at 8 in flight
    CHECK(server.count("/slow/") <= 8);
    fetcher->submit(get(server.url("/slow/99")));
    fetcher->run([&](FetchResult) { ++results; });  // a cancelled fetcher stays cancelled
    CHECK(results == 0);
}

TEST_CASE("fetch: a response with 10000 headers is refused as such after one request, not retried") {
    TestServer server;
    server.http().Get("/entetes", [](const httplib::Request&, httplib::Response& response) {
        for (int i = 0; i < 10'000; ++i) response.set_header("X-Entete-" + std::to_string(i), "valeur");
        response.set_content(french_page, "text/html");
    });
    server.http().Get("/grosses-entetes", [](const httplib::Request&, httplib::Response& response) {
        for (int i = 0; i < 100; ++i) response.set_header("X-Gros-" + std::to_string(i), std::string(4096, 'v'));
        response.set_content(french_page, "text/html");
    });
    server.http().Get("/ligne-geante", [](const httplib::Request&, httplib::Response& response) {
        response.set_header("X-Geante", std::string(200 * 1024, 'v'));  // past libcurl's 100 KiB a line
        response.set_content(french_page, "text/html");
    });
    server.start();
    auto options = test_options();
    options.host_failure_limit = 100;
    auto results = fetch_all(options, {get(server.url("/entetes")), get(server.url("/grosses-entetes")),
                                       get(server.url("/ligne-geante"))});
    for (const auto& result : results) {
        INFO(result.requested_url);
        CHECK(result.error == FetchError::headers_too_large);
        CHECK(result.attempts == 1);
    }
    CHECK(results[0].error_detail == "too many response headers: more than 1000 lines");
    CHECK(results[1].error_detail == "response headers over 262144 bytes");
    CHECK(results[2].error_detail.find("header line") != std::string::npos);
    CHECK(to_string(results[0].error) == "headers-too-large");
    CHECK(server.count("/entetes") == 1);
    CHECK(server.count("/grosses-entetes") == 1);
    CHECK(server.count("/ligne-geante") == 1);
}
