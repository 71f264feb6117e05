#include <doctest/doctest.h>

#include "fetch/url.h"

using namespace sharitories;

TEST_CASE("url: scheme and host lower-cased, default port explicit, fragment dropped") {
    auto url = parse_url("HTTPS://WWW.Lorient.fr/vie-locale/tiers-lieux?page=2#haut");
    REQUIRE(url);
    CHECK(url->scheme == "https");
    CHECK(url->host == "www.lorient.fr");
    CHECK(url->port == 443);
    CHECK(url->target == "/vie-locale/tiers-lieux?page=2");
    CHECK(url->origin() == "https://www.lorient.fr:443");
    CHECK(url->text.find('#') == std::string::npos);
    CHECK(parse_url("http://127.0.0.1:8080")->target == "/");
    CHECK(parse_url("http://127.0.0.1:8080")->origin() == "http://127.0.0.1:8080");
}

TEST_CASE("url: other schemes are recognised, so they can be refused by name") {
    auto file = parse_url("file:///etc/passwd");
    REQUIRE(file);
    CHECK(file->scheme == "file");
    CHECK_FALSE(file->is_http());
    CHECK(parse_url("gopher://example.org/1")->scheme == "gopher");
    CHECK_FALSE(parse_url("pas une adresse"));
}

TEST_CASE("url: a Location resolves against the URL it came from") {
    auto base = *parse_url("https://www.epinal.fr/agenda/fablab.html");
    CHECK(resolve_url(base, "/contact")->text == "https://www.epinal.fr/contact");
    CHECK(resolve_url(base, "atelier.html")->text == "https://www.epinal.fr/agenda/atelier.html");
    CHECK(resolve_url(base, "//cdn.epinal.fr/x")->text == "https://cdn.epinal.fr/x");
    CHECK(resolve_url(base, "file:///etc/passwd")->scheme == "file");
}
