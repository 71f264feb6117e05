#include "fetch/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace sharitories {
namespace {

struct Range4 {
    std::uint32_t network;
    int prefix;
};

// IANA special-purpose registry, the ranges no public web server lives in.
constexpr Range4 non_public_ipv4[] = {
    {0x00000000, 8},   // 0.0.0.0/8 "this network"
    {0x0A000000, 8},   // 10.0.0.0/8 private
    {0x64400000, 10},  // 100.64.0.0/10 carrier-grade NAT
    {0x7F000000, 8},   // 127.0.0.0/8 loopback
    {0xA9FE0000, 16},  // 169.254.0.0/16 link-local (cloud metadata lives here)
    {0xAC100000, 12},  // 172.16.0.0/12 private
    {0xC0000000, 24},  // 192.0.0.0/24 protocol assignments
    {0xC0000200, 24},  // 192.0.2.0/24 documentation
    {0xC0586300, 24},  // 192.88.99.0/24 6to4 relay anycast
    {0xC0A80000, 16},  // 192.168.0.0/16 private
    {0xC6120000, 15},  // 198.18.0.0/15 benchmarking
    {0xC6336400, 24},  // 198.51.100.0/24 documentation
    {0xCB007100, 24},  // 203.0.113.0/24 documentation
    {0xE0000000, 4},   // 224.0.0.0/4 multicast
    {0xF0000000, 4},   // 240.0.0.0/4 reserved, and the broadcast address
};

bool in_range(std::uint32_t address, const Range4& range) {
    const std::uint32_t mask = range.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - range.prefix);
    return (address & mask) == range.network;
}

std::uint32_t ipv4_at(const std::array<std::uint8_t, 16>& a, std::size_t offset) {
    return std::uint32_t{a[offset]} << 24 | std::uint32_t{a[offset + 1]} << 16 | std::uint32_t{a[offset + 2]} << 8 |
           a[offset + 3];
}

bool starts_with(const std::array<std::uint8_t, 16>& a, std::initializer_list<std::uint8_t> prefix) {
    std::size_t i = 0;
    for (auto byte : prefix) {
        if (a[i++] != byte) return false;
    }
    return true;
}

}  // namespace

bool is_public_ipv4(std::uint32_t address) {
    for (const auto& range : non_public_ipv4) {
        if (in_range(address, range)) return false;
    }
    return true;
}

bool is_public_ipv6(const std::array<std::uint8_t, 16>& a) {
    // ::/96 holds :: and ::1 and the deprecated IPv4-compatible form: none is a public host.
    if (starts_with(a, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})) return false;
    // ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64): judge the IPv4 inside.
    if (starts_with(a, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF})) return is_public_ipv4(ipv4_at(a, 12));
    if (starts_with(a, {0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0})) return is_public_ipv4(ipv4_at(a, 12));
    if (starts_with(a, {0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01})) return false;  // 64:ff9b:1::/48 local NAT64
    if (starts_with(a, {0x20, 0x01, 0x00, 0x00})) return false;              // 2001::/32 Teredo (a hidden IPv4)
    if (starts_with(a, {0x20, 0x02})) return is_public_ipv4(ipv4_at(a, 2));  // 2002::/16 6to4
    if ((a[0] & 0xFE) == 0xFC) return false;                               // fc00::/7 unique local
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return false;               // fe80::/10 link-local
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) return false;               // fec0::/10 site-local (old)
    if (a[0] == 0xFF) return false;                                        // ff00::/8 multicast
    if (starts_with(a, {0x20, 0x01, 0x0D, 0xB8})) return false;            // 2001:db8::/32 documentation
    if (a[0] == 0x3F && (a[1] & 0xF0) == 0xF0) return false;               // 3fff::/20 documentation
    if (starts_with(a, {0x01, 0x00, 0, 0, 0, 0, 0, 0})) return false;      // 100::/64 discard
    return true;
}

bool is_public_address(const sockaddr* address) {
    if (address == nullptr) return false;
    if (address->sa_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, address, sizeof v4);
        return is_public_ipv4(ntohl(v4.sin_addr.s_addr));
    }
    if (address->sa_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, address, sizeof v6);
        std::array<std::uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), &v6.sin6_addr, 16);
        return is_public_ipv6(bytes);
    }
    return false;
}

std::string address_text(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        sockaddr_in v4{};
        std::memcpy(&v4, address, sizeof v4);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    } else if (address->sa_family == AF_INET6) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, address, sizeof v6);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    }
    return text;
}

}  // namespace sharitories
