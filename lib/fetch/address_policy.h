// Which addresses a page found on the web may make us connect to: public unicast ones only. Loopback,
// private (RFC 1918, ULA), link-local, carrier-grade NAT, documentation, benchmarking, multicast,
// reserved and unspecified ranges are refused, and so are IPv4 ones hidden in IPv6 (mapped,
// NAT64, 6to4), so that a search result cannot turn the scanner against the machine it runs on.
#pragma once

#include <array>
#include <cstdint>
#include <string>

struct sockaddr;

namespace sharitories {

/// IPv4 in host byte order: 127.0.0.1 is 0x7F000001.
bool is_public_ipv4(std::uint32_t address);

bool is_public_ipv6(const std::array<std::uint8_t, 16>& address);

/// For AF_INET and AF_INET6; any other family is not public.
bool is_public_address(const sockaddr* address);

/// "127.0.0.1", "::1": the textual form, for messages; "" for other families.
std::string address_text(const sockaddr* address);

}  // namespace sharitories
