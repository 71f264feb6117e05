// URLs (lib/fetch/url.h, on libcurl's URL API). Input: a URL on the first line, a reference
// (a Location header) after it.
// Invariants: a parsed URL has a lower-case scheme and host and a port in 0–65535; an http(s) one a
// host, a target starting with '/', and its text parsed again gives the same URL, target included
// (the normal form is a fixed point); the same for a reference resolved against it; percent_decode
// undoes percent_encode, whose output is only unreserved characters and escapes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fetch/url.h"
#include "fuzz_support.h"

namespace {

std::string describe(const sharitories::Url& url) {
    return "{scheme \"" + fuzz::escape(url.scheme) + "\", host \"" + fuzz::escape(url.host) + "\", port " +
           std::to_string(url.port) + ", target \"" + fuzz::escape(url.target) + "\", text \"" + fuzz::escape(url.text) + "\"}";
}

bool has_upper(const std::string& text) {
    for (char c : text)
        if (c >= 'A' && c <= 'Z') return true;
    return false;
}

void check_url(const sharitories::Url& url, const std::string& from) {
    const auto about = [&] { return describe(url) + " from " + from; };
    FUZZ_CHECK(!url.scheme.empty() && !has_upper(url.scheme) && !has_upper(url.host), about());
    FUZZ_CHECK(url.port >= 0 && url.port <= 65535, about());
    // other schemes (file:, mailto: …) are parsed only to be refused by name: no more is asked of them
    if (!url.is_http()) return;
    FUZZ_CHECK(!url.host.empty(), about());
    FUZZ_CHECK(!url.target.empty() && url.target.front() == '/', about());
    const auto again = sharitories::parse_url(url.text);
    FUZZ_CHECK(again.has_value(), about() + "\ndoes not parse again");
    FUZZ_CHECK(again->scheme == url.scheme && again->host == url.host && again->port == url.port &&
                   again->target == url.target && again->text == url.text,
               about() + "\nparsed again: " + describe(*again));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::as_text(data, size);
    const auto lines = fuzz::split_first_line(text);  // (clang 14 cannot capture a structured binding)
    const std::string_view first = lines.first, reference = lines.second;

    if (const auto url = sharitories::parse_url(first)) {
        check_url(*url, "\"" + fuzz::escape(first) + "\"");
        if (const auto resolved = sharitories::resolve_url(*url, reference))
            check_url(*resolved, "\"" + fuzz::escape(reference) + "\" against \"" + fuzz::escape(first) + "\"");
    }

    const std::string encoded = sharitories::percent_encode(text);
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        FUZZ_CHECK(unreserved || (c == '%' && i + 2 < encoded.size()),
                   "percent_encode(\"" + fuzz::escape(text) + "\") = \"" + fuzz::escape(encoded) + "\"");
    }
    FUZZ_CHECK(sharitories::percent_decode(encoded) == text, "percent_encode(\"" + fuzz::escape(text) + "\")");
    return 0;
}
