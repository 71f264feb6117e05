// Url on libcurl's URL API (CURLU): the only curl header use outside the engine, kept in a curl_ file.
#include <curl/curl.h>

#include <memory>

#include "fetch/url.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

struct UrlHandleDeleter {
    void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlHandleDeleter>;

std::optional<std::string> get_part(CURLU* handle, CURLUPart part, unsigned int flags = 0) {
    char* value = nullptr;
    if (curl_url_get(handle, part, &value, flags) != CURLUE_OK) return std::nullopt;
    std::string text(value);
    curl_free(value);
    return text;
}

std::optional<Url> read_parts(CURLU* handle) {
    Url url;
    auto scheme = get_part(handle, CURLUPART_SCHEME);
    auto host = get_part(handle, CURLUPART_HOST);
    if (!scheme || !host || host->empty()) {
        // file:///etc/passwd has no host, yet must be recognised to be refused by its scheme
        if (!scheme) return std::nullopt;
        host = "";
    }
    url.scheme = ascii_lower(*scheme);
    url.host = ascii_lower(*host);
    if (auto port = get_part(handle, CURLUPART_PORT, CURLU_DEFAULT_PORT)) url.port = std::stoi(*port);
    url.target = get_part(handle, CURLUPART_PATH).value_or("/");
    if (url.target.empty()) url.target = "/";
    // an empty query ("/amap?") is left out, as curl leaves it out of the whole URL: the target and
    // the text then say the same thing, and the text parsed again gives the same URL
    if (auto query = get_part(handle, CURLUPART_QUERY); query && !query->empty()) url.target += "?" + *query;
    curl_url_set(handle, CURLUPART_FRAGMENT, nullptr, 0);
    auto text = get_part(handle, CURLUPART_URL);
    if (!text) return std::nullopt;
    url.text = *text;
    return url;
}

}  // namespace

std::string percent_encode(std::string_view text) {
    if (text.empty()) return "";  // curl reads a length of 0 as "up to the NUL", past the view
    char* encoded = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
    if (encoded == nullptr) return {};
    std::string result(encoded);
    curl_free(encoded);
    return result;
}

std::string percent_decode(std::string_view text) {
    if (text.empty()) return "";  // as in percent_encode
    int length = 0;
    char* decoded = curl_easy_unescape(nullptr, text.data(), static_cast<int>(text.size()), &length);
    if (decoded == nullptr) return std::string(text);
    std::string result(decoded, static_cast<std::size_t>(length));
    curl_free(decoded);
    return result;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string encoded;
    for (const auto& [name, value] : fields) {
        if (!encoded.empty()) encoded += '&';
        encoded += percent_encode(name) + "=" + percent_encode(value);
    }
    return encoded;
}

std::string Url::origin() const { return scheme + "://" + host + ":" + std::to_string(port); }

namespace {

/// Does curl accept `text` as a whole URL? curl decodes a host's percent-encoding ("%7f"), so a URL it
/// read may come out with a text it refuses: such a URL is no URL to fetch or store (tests/fuzz/url).
bool reads_again(const std::string& text) {
    UrlHandle handle(curl_url());
    return handle && curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK;
}

}  // namespace

std::optional<Url> parse_url(std::string_view text) {
    UrlHandle handle(curl_url());
    if (!handle) return std::nullopt;
    const std::string copy(text);
    if (curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return std::nullopt;
    auto url = read_parts(handle.get());
    if (url && !reads_again(url->text)) return std::nullopt;
    return url;
}

std::optional<Url> resolve_url(const Url& base, std::string_view reference) {
    UrlHandle handle(curl_url());
    if (!handle) return std::nullopt;
    if (curl_url_set(handle.get(), CURLUPART_URL, base.text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return std::nullopt;
    const std::string copy(reference);
    if (curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return std::nullopt;
    auto resolved = read_parts(handle.get());
    if (resolved && !reads_again(resolved->text)) return std::nullopt;  // see reads_again
    return resolved;
}

}  // namespace sharitories
