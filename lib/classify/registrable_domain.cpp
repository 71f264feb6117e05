#include "classify/registrable_domain.h"

#include <arpa/inet.h>
#include <libpsl.h>
#include <netinet/in.h>

#include "text/utf8.h"

namespace sharitories {
namespace {

/// The newest list on this machine (Debian's publicsuffix package, else libpsl's built-in one).
const psl_ctx_t* public_suffix_list() {
    static const psl_ctx_t* list = [] {
        const psl_ctx_t* latest = psl_latest(nullptr);
        return latest ? latest : psl_builtin();
    }();
    return list;
}

/// An address is its own site: the suffix list would cut 192.168.1.10 to "1.10".
bool is_ip_literal(const std::string& host) {
    unsigned char buffer[sizeof(in6_addr)];
    const std::string bare = host.starts_with('[') && host.ends_with(']') ? host.substr(1, host.size() - 2) : host;
    return inet_pton(AF_INET, bare.c_str(), buffer) == 1 || inet_pton(AF_INET6, bare.c_str(), buffer) == 1;
}

}  // namespace

std::string registrable_domain(std::string_view host) {
    std::string lower = ascii_lower(host);
    while (!lower.empty() && lower.back() == '.') lower.pop_back();
    const psl_ctx_t* list = public_suffix_list();
    if (list == nullptr || lower.empty() || is_ip_literal(lower)) return lower;
    const char* domain = psl_registrable_domain(list, lower.c_str());
    return domain ? std::string(domain) : lower;
}

}  // namespace sharitories
