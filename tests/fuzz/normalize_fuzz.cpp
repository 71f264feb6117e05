// Text normalisation (lib/text/normalize.h), on any bytes (an invalid one is a separator).
// Invariants: the output is valid UTF-8, without a space at either end or two in a row;
// normalisation is idempotent (normalize(normalize(x)) == normalize(x), the same for
// normalize_joined); normalize_both gives the two in one pass.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "text/normalize.h"

namespace {

void check_normal(const std::string& out, const char* what, std::string_view input) {
    const auto about = [&] { return std::string(what) + " of \"" + fuzz::escape(input) + "\" is \"" + fuzz::escape(out) + "\""; };
    FUZZ_CHECK(fuzz::is_valid_utf8(out), about());
    FUZZ_CHECK(out.empty() || (out.front() != ' ' && out.back() != ' '), about());
    FUZZ_CHECK(out.find("  ") == std::string::npos, about());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = fuzz::as_text(data, size);
    const std::string normal = sharitories::normalize(input);
    const std::string joined = sharitories::normalize_joined(input);
    check_normal(normal, "normalize", input);
    check_normal(joined, "normalize_joined", input);

    const std::string again = sharitories::normalize(normal);
    FUZZ_CHECK(again == normal, "normalize(\"" + fuzz::escape(input) + "\") = \"" + fuzz::escape(normal) +
                                    "\", normalised again \"" + fuzz::escape(again) + "\"");
    const std::string joined_again = sharitories::normalize_joined(joined);
    FUZZ_CHECK(joined_again == joined, "normalize_joined(\"" + fuzz::escape(input) + "\") = \"" + fuzz::escape(joined) +
                                           "\", normalised again \"" + fuzz::escape(joined_again) + "\"");

    const auto [both_normal, both_joined] = sharitories::normalize_both(input);
    FUZZ_CHECK(both_normal == normal && both_joined == joined, "normalize_both(\"" + fuzz::escape(input) + "\")");
    return 0;
}
