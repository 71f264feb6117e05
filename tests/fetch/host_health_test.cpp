#include <doctest/doctest.h>

#include "fetch/host_health.h"

using namespace sharitories;

namespace {

FetchResult failed(FetchError error, int status = 0) {
    FetchResult result;
    result.error = error;
    result.status = status;
    return result;
}

const std::string host = "https://www.mairie-exemple.fr:443";

}  // namespace

TEST_CASE("host health: what says the host itself is unwell") {
    for (auto error : {FetchError::dns, FetchError::connect, FetchError::timeout, FetchError::network, FetchError::tls})
        CHECK(HostHealth::is_host_trouble(failed(error)));
    CHECK(HostHealth::is_host_trouble(failed(FetchError::http_status, 500)));
    CHECK(HostHealth::is_host_trouble(failed(FetchError::http_status, 503)));
    // the host answered: a page's own trouble, not the host's
    CHECK_FALSE(HostHealth::is_host_trouble(failed(FetchError::http_status, 404)));
    CHECK_FALSE(HostHealth::is_host_trouble(failed(FetchError::http_status, 429)));
    for (auto error : {FetchError::none, FetchError::robots, FetchError::too_large, FetchError::headers_too_large,
                       FetchError::bad_content_type, FetchError::blocked_private, FetchError::too_many_redirects,
                       FetchError::other})
        CHECK_FALSE(HostHealth::is_host_trouble(failed(error)));
}

TEST_CASE("host health: given up at the limit of failures in a row, said once") {
    HostHealth health(3);
    CHECK_FALSE(health.record(host, failed(FetchError::connect)));
    CHECK_FALSE(health.record(host, failed(FetchError::timeout)));
    CHECK_FALSE(health.given_up(host));
    CHECK(health.record(host, failed(FetchError::http_status, 502)));  // the third: given up now
    CHECK(health.given_up(host));
    CHECK_FALSE(health.record(host, failed(FetchError::connect)));  // already given up: not said again
    CHECK(health.given_up(host));
    CHECK_FALSE(health.given_up("https://autre.fr:443"));  // one host's trouble is its own
    CHECK(health.give_up_notice(host) ==
          "giving up https://www.mairie-exemple.fr:443 for this run after 4 failed requests (last: connect)");
    CHECK(HostHealth::refusal(host) == "https://www.mairie-exemple.fr:443 was given up after repeated failures");
}

TEST_CASE("host health: an answer between failures starts the count again") {
    HostHealth health(2);
    CHECK_FALSE(health.record(host, failed(FetchError::connect)));
    CHECK_FALSE(health.record(host, failed(FetchError::http_status, 404)));  // the host answered
    CHECK_FALSE(health.record(host, failed(FetchError::connect)));
    CHECK_FALSE(health.given_up(host));
    CHECK_FALSE(health.record(host, failed(FetchError::none)));
    CHECK_FALSE(health.record(host, failed(FetchError::dns)));
    CHECK(health.record(host, failed(FetchError::dns)));
    CHECK(health.given_up(host));
}

TEST_CASE("host health: a limit of 0 or less gives up at the first failure") {
    HostHealth health(0);
    CHECK(health.record(host, failed(FetchError::connect)));
    CHECK(health.given_up(host));
}
