// A page's content hash, to tell whether it changed between two fetches: XXH3 128-bit (xxHash, a
// hash for change detection, not for security) of its decoded text, as 32 hexadecimal digits.
#pragma once

#include <string>
#include <string_view>

namespace sharitories {

std::string content_hash(std::string_view text);

}  // namespace sharitories
