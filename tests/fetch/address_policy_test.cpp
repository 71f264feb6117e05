#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "fetch/address_policy.h"

using namespace sharitories;

namespace {

bool public_v4(const char* text) {
    in_addr address{};
    REQUIRE(inet_pton(AF_INET, text, &address) == 1);
    return is_public_ipv4(ntohl(address.s_addr));
}

bool public_v6(const char* text) {
    std::array<std::uint8_t, 16> bytes{};
    REQUIRE(inet_pton(AF_INET6, text, bytes.data()) == 1);
    return is_public_ipv6(bytes);
}

}  // namespace

TEST_CASE("address policy: IPv4 loopback, private, link-local and special ranges are refused") {
    for (const char* refused : {"127.0.0.1", "127.1.2.3", "10.0.0.8", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                                "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
                                "192.0.2.10", "198.18.0.1", "203.0.113.5"}) {
        INFO(refused);
        CHECK_FALSE(public_v4(refused));
    }
    for (const char* allowed : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "193.51.24.1", "100.128.0.1", "11.0.0.1"}) {
        INFO(allowed);
        CHECK(public_v4(allowed));
    }
}

TEST_CASE("address policy: IPv6, including IPv4 hidden inside it") {
    for (const char* refused : {"::1", "::", "fe80::1", "fd00::1", "fc12::3", "ff02::1", "2001:db8::1",
                                "::ffff:127.0.0.1", "::ffff:10.1.2.3", "64:ff9b::a9fe:a9fe", "2002:7f00:1::",
                                "64:ff9b:1::1", "2001:0:4136:e378::1", "3fff:1::1"}) {
        INFO(refused);
        CHECK_FALSE(public_v6(refused));
    }
    for (const char* allowed : {"2a01:e0a:1::1", "2001:4860:4860::8888", "::ffff:8.8.8.8"}) {
        INFO(allowed);
        CHECK(public_v6(allowed));
    }
}

TEST_CASE("address policy: sockaddr of either family") {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
    CHECK_FALSE(is_public_address(reinterpret_cast<sockaddr*>(&v4)));
    CHECK(address_text(reinterpret_cast<sockaddr*>(&v4)) == "127.0.0.1");
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "2a01:e0a:1::1", &v6.sin6_addr);
    CHECK(is_public_address(reinterpret_cast<sockaddr*>(&v6)));
}
