#include "text/content_hash.h"

#include <xxhash.h>

#include <fmt/core.h>

namespace sharitories {

std::string content_hash(std::string_view text) {
    const XXH128_hash_t hash = XXH3_128bits(text.data(), text.size());
    return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

}  // namespace sharitories
