// The registrable domain of a host (the public suffix plus one label: "www.ville-lorient.fr" →
// "ville-lorient.fr", "asso.lorient.bzh" → "lorient.bzh", "x.github.io" → "x.github.io"), from the
// Public Suffix List through libpsl (the only file that includes libpsl.h).
#pragma once

#include <string>
#include <string_view>

namespace sharitories {

/// Lower case; the host itself when it has no registrable domain (an IP address, a bare suffix).
std::string registrable_domain(std::string_view host);

}  // namespace sharitories
