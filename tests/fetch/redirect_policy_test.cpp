#include <doctest/doctest.h>

#include "fetch/redirect_policy.h"

using namespace sharitories;

namespace {

Hop hop_to(const std::string& url, const RedirectRules& rules = {}) {
    FetchRequest request;
    request.url = url;
    return first_hop(request, *parse_url(url), rules);
}

}  // namespace

TEST_CASE("redirect policy: which statuses are followed") {
    for (int status : {301, 302, 303, 307, 308}) CHECK(is_redirect(status));
    for (int status : {200, 300, 304, 305, 306, 404}) CHECK_FALSE(is_redirect(status));
}

TEST_CASE("redirect policy: the first hop sends what was asked, private allowed as asked") {
    FetchRequest request;
    request.url = "https://searx.local:8443/search";
    request.method = "POST";
    request.body = "q=tiers-lieu";
    request.headers = {"X-Key: k"};
    request.if_none_match = "\"v1\"";
    request.allow_private = true;
    const Hop hop = first_hop(request, *parse_url(request.url), {});
    CHECK(hop.method == "POST");
    CHECK(hop.body == "q=tiers-lieu");
    CHECK(hop.headers == std::vector<std::string>{"X-Key: k"});
    CHECK(hop.conditional());
    CHECK(hop.allow_private);
    CHECK(hop.redirects == 0);
    CHECK_FALSE(hop_to("https://www.lorient.bzh/").allow_private);
    CHECK(hop_to("https://www.lorient.bzh/", {.max_redirects = 5, .allow_private_hosts = true}).allow_private);
}

TEST_CASE("redirect policy: only http and https, first and after a redirect") {
    CHECK_FALSE(refuse_scheme(hop_to("https://www.lorient.bzh/")));
    CHECK_FALSE(refuse_scheme(hop_to("http://www.lorient.bzh/")));
    const auto first = refuse_scheme(hop_to("ftp://ftp.example.org/f"));
    REQUIRE(first);
    CHECK(*first == FetchRefusal{FetchError::blocked_scheme, "only http and https are fetched"});

    Hop hop = hop_to("https://www.lorient.bzh/passwd");
    CHECK_FALSE(follow_redirect(hop, 302, "file:///etc/passwd", {}));
    const auto later = refuse_scheme(hop);
    REQUIRE(later);
    CHECK(later->error == FetchError::blocked_scheme);
    CHECK(later->detail == "redirect to file:///etc/passwd refused: only http and https");
}

TEST_CASE("redirect policy: a relative Location resolves on the current hop") {
    Hop hop = hop_to("https://www.lorient.bzh/ancien/page?x=1");
    CHECK_FALSE(follow_redirect(hop, 301, "../nouveau", {}));
    CHECK(hop.url.text == "https://www.lorient.bzh/nouveau");
    CHECK(hop.redirects == 1);
    CHECK(hop.visited == std::vector<std::string>{"GET https://www.lorient.bzh/ancien/page?x=1"});
}

TEST_CASE("redirect policy: an invalid Location ends the request") {
    Hop hop = hop_to("https://www.lorient.bzh/");
    const auto refusal = follow_redirect(hop, 302, "http://[::1", {});
    REQUIRE(refusal);
    CHECK(refusal->error == FetchError::invalid_url);
    CHECK(refusal->detail == "redirect to an invalid URL: http://[::1");
}

TEST_CASE("redirect policy: at most max_redirects hops, and no loop") {
    Hop chain = hop_to("https://a.fr/0");
    const RedirectRules rules{.max_redirects = 2};
    CHECK_FALSE(follow_redirect(chain, 302, "/1", rules));
    CHECK_FALSE(follow_redirect(chain, 302, "/2", rules));
    const auto too_many = follow_redirect(chain, 302, "/3", rules);
    REQUIRE(too_many);
    CHECK(*too_many == FetchRefusal{FetchError::too_many_redirects, "more than 2 redirects"});

    Hop loop = hop_to("https://a.fr/boucle-a");
    CHECK_FALSE(follow_redirect(loop, 302, "/boucle-b", {}));
    const auto back = follow_redirect(loop, 302, "/boucle-a", {});
    REQUIRE(back);
    CHECK(back->error == FetchError::too_many_redirects);
    CHECK(back->detail == "redirect loop back to https://a.fr/boucle-a");
}

TEST_CASE("redirect policy: 303, and 301 or 302 after a POST, become a GET without body, and that is not a loop") {
    FetchRequest post;
    post.url = "https://a.fr/recherche";
    post.method = "POST";
    post.body = "q=amap";
    Hop hop = first_hop(post, *parse_url(post.url), {});
    CHECK_FALSE(follow_redirect(hop, 303, "/recherche", {}));  // same URL, another method
    CHECK(hop.method == "GET");
    CHECK(hop.body.empty());

    for (int status : {301, 302}) {
        Hop moved = first_hop(post, *parse_url(post.url), {});
        CHECK_FALSE(follow_redirect(moved, status, "/ailleurs", {}));
        CHECK(moved.method == "GET");
    }
    for (int status : {307, 308}) {  // these keep the method and the body
        Hop kept = first_hop(post, *parse_url(post.url), {});
        CHECK_FALSE(follow_redirect(kept, status, "/ailleurs", {}));
        CHECK(kept.method == "POST");
        CHECK(kept.body == "q=amap");
    }
}

TEST_CASE("redirect policy: another origin gets neither the caller's headers nor its validators") {
    FetchRequest request;
    request.url = "https://api.search.example/v1?q=x";
    request.headers = {"X-Subscription-Token: SECRET"};
    request.if_none_match = "\"v1\"";
    request.if_modified_since = "Tue, 17 Nov 2026 09:30:00 GMT";
    Hop same = first_hop(request, *parse_url(request.url), {});
    CHECK_FALSE(follow_redirect(same, 302, "/v2?q=x", {}));
    CHECK(same.headers.size() == 1);
    CHECK(same.conditional());

    Hop other = first_hop(request, *parse_url(request.url), {});
    CHECK_FALSE(follow_redirect(other, 302, "https://ailleurs.example/v1?q=x", {}));
    CHECK(other.headers.empty());
    CHECK_FALSE(other.conditional());
    // another port is another origin too
    Hop port = first_hop(request, *parse_url(request.url), {});
    CHECK_FALSE(follow_redirect(port, 302, "https://api.search.example:8443/v1", {}));
    CHECK(port.headers.empty());
}

TEST_CASE("redirect policy: a private address allowed for one origin is not allowed for the next") {
    FetchRequest request;
    request.url = "http://searx.lan:8080/search";
    request.allow_private = true;  // a user's own search server
    Hop hop = first_hop(request, *parse_url(request.url), {});
    CHECK_FALSE(follow_redirect(hop, 302, "/search?page=2", {}));
    CHECK(hop.allow_private);  // same origin: still allowed
    CHECK_FALSE(follow_redirect(hop, 302, "http://127.0.0.2:8080/admin", {}));
    CHECK_FALSE(hop.allow_private);  // elsewhere: refused when it connects
    CHECK_FALSE(follow_redirect(hop, 302, "http://127.0.0.2:8080/admin2", {}));
    CHECK_FALSE(hop.allow_private);  // and not given back on the new origin

    Hop everywhere = first_hop(request, *parse_url(request.url), {.max_redirects = 5, .allow_private_hosts = true});
    CHECK_FALSE(follow_redirect(everywhere, 302, "http://10.1.2.3/", {.max_redirects = 5, .allow_private_hosts = true}));
    CHECK(everywhere.allow_private);  // --allow-private-hosts allows every target
}
