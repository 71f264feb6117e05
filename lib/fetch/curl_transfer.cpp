#include "fetch/curl_transfer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "fetch/address_policy.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

std::string_view header_value(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':') return {};
    if (ascii_lower(line.substr(0, name.size())) != name) return {};
    std::string_view value = line.substr(name.size() + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    return value;
}

std::optional<sockaddr_storage> parse_ip(const char* text) {
    sockaddr_storage storage{};
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        return storage;
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        return storage;
    }
    return std::nullopt;
}

/// The error a failed transfer is, by curl's code, when no check of ours stopped it.
FetchError error_for(CURLcode code) {
    switch (code) {
        case CURLE_OK: return FetchError::none;
        case CURLE_COULDNT_RESOLVE_HOST: return FetchError::dns;
        case CURLE_COULDNT_CONNECT: return FetchError::connect;
        case CURLE_OPERATION_TIMEDOUT: return FetchError::timeout;
        case CURLE_UNSUPPORTED_PROTOCOL: return FetchError::blocked_scheme;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
            return FetchError::tls;
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return FetchError::network;
        default: return FetchError::other;
    }
}

}  // namespace

ResolveTable::ResolveTable(const std::vector<std::string>& entries) {
    for (const auto& entry : entries) {
        std::string_view rest(entry);
        if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) rest.remove_prefix(1);
        const auto host_end = rest.find(':');
        const auto port_end = host_end == std::string_view::npos ? host_end : rest.find(':', host_end + 1);
        if (port_end == std::string_view::npos) continue;  // the CLI checks the form; ignore the rest
        curl::append(by_host_[ascii_lower(rest.substr(0, port_end))], entry.c_str());
    }
}

curl_slist* ResolveTable::find(const Url& url) const {
    auto pinned = by_host_.find(url.host + ":" + std::to_string(url.port));
    if (pinned == by_host_.end()) pinned = by_host_.find("*:" + std::to_string(url.port));
    return pinned == by_host_.end() ? nullptr : pinned->second.get();
}

CurlTransfer::CurlTransfer(curl::Easy easy, const Hop& hop, BodyRule rule, const TransferSettings& settings,
                           curl_slist* resolve)
    : rule_(rule),
      allow_private_(hop.allow_private),
      cap_(body_cap(rule, settings.limits)),
      limits_(settings.limits),
      easy_(std::move(easy)) {
    CURL* handle = easy_.get();
    curl_easy_setopt(handle, CURLOPT_URL, hop.url.text.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);  // hop by hop, by the engine
    curl_easy_setopt(handle, CURLOPT_PROXY, "");           // no proxy from the environment: we check the peer
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer_);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, settings.user_agent.c_str());
    curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(handle, CURLOPT_PIPEWAIT, 1L);  // an HTTP/2 host: one connection, multiplexed
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeout.count()));
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(std::max<std::chrono::milliseconds::rep>(1, settings.stall_timeout.count() / 1000)));
    curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, &CurlTransfer::open_socket);
    curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, this);
    curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, &CurlTransfer::before_request);
    curl_easy_setopt(handle, CURLOPT_PREREQDATA, this);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &CurlTransfer::on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &CurlTransfer::on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, this);
    if (resolve != nullptr) curl_easy_setopt(handle, CURLOPT_RESOLVE, resolve);

    curl::append(headers_, rule == BodyRule::page ? "Accept: text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"
                                                  : "Accept: */*");
    curl::append(headers_, "Accept-Language: fr-FR,fr;q=0.9,en;q=0.5");
    if (!hop.if_none_match.empty()) curl::append(headers_, ("If-None-Match: " + hop.if_none_match).c_str());
    if (!hop.if_modified_since.empty()) curl::append(headers_, ("If-Modified-Since: " + hop.if_modified_since).c_str());
    for (const auto& header : hop.headers) curl::append(headers_, header.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers_.get());
    if (hop.method == "POST") {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(hop.body.size()));
        curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, hop.body.c_str());
    }
}

void CurlTransfer::refuse_address(std::string address) {
    address_refusal_ = FetchRefusal{FetchError::blocked_private, "refused to connect to the non-public address " +
                                                                     address + " (--allow-private-hosts allows it)"};
}

curl_socket_t CurlTransfer::open_socket(void* data, curlsocktype, curl_sockaddr* address) {
    auto* transfer = static_cast<CurlTransfer*>(data);
    if (!transfer->allow_private_ && !is_public_address(&address->addr)) {
        transfer->refuse_address(address_text(&address->addr));
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype, address->protocol);
}

/// Just before the request is sent, on a new or a reused connection: the last word on the address.
int CurlTransfer::before_request(void* data, char* connected_ip, char*, int, int) {
    auto* transfer = static_cast<CurlTransfer*>(data);
    if (transfer->allow_private_) return CURL_PREREQFUNC_OK;
    auto parsed = parse_ip(connected_ip);
    if (!parsed || !is_public_address(reinterpret_cast<const sockaddr*>(&*parsed))) {
        transfer->refuse_address(connected_ip);
        return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
}

std::size_t CurlTransfer::on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<CurlTransfer*>(user);
    const std::string_view line(data, size * count);
    // Counted over the transfer's responses, 1xx included, as libcurl counts its own limit.
    ++transfer->header_lines_;
    transfer->header_bytes_ += line.size();
    if (auto refusal = check_headers(transfer->header_lines_, transfer->header_bytes_, transfer->limits_)) {
        transfer->header_refusal_ = std::move(refusal);
        return 0;  // curl ends the transfer with CURLE_WRITE_ERROR
    }
    FetchResult& seen = transfer->seen_;
    if (line.starts_with("HTTP/")) {  // a new response (after a 100 Continue, say): start afresh
        seen = FetchResult{};
        transfer->location_.clear();
        transfer->in_headers_ = true;
    } else if (line == "\r\n" || line == "\n") {
        transfer->in_headers_ = false;
    }
    if (auto value = header_value(line, "etag"); !value.empty()) seen.etag = value;
    if (auto value = header_value(line, "last-modified"); !value.empty()) seen.last_modified = value;
    if (auto value = header_value(line, "location"); !value.empty()) transfer->location_ = value;
    if (auto value = header_value(line, "retry-after"); !value.empty()) seen.retry_after = value;
    if (auto value = header_value(line, "x-ratelimit-reset"); !value.empty()) seen.rate_limit_reset = value;
    if (auto value = header_value(line, "x-ratelimit-remaining"); !value.empty()) seen.rate_limit_remaining = value;
    return size * count;
}

std::size_t CurlTransfer::on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<CurlTransfer*>(user);
    const std::size_t bytes = size * count;
    if (!transfer->body_opened_) {
        transfer->body_opened_ = true;
        long status = 0;
        curl_easy_getinfo(transfer->easy_.get(), CURLINFO_RESPONSE_CODE, &status);
        char* type = nullptr;
        curl_easy_getinfo(transfer->easy_.get(), CURLINFO_CONTENT_TYPE, &type);
        if (auto step = open_body(transfer->rule_, static_cast<int>(status), type ? type : ""); step.stop)
            return transfer->stop_body(std::move(step));
    }
    auto step = take_body(transfer->rule_, transfer->body_.size(), bytes, transfer->cap_);
    transfer->body_.append(data, step.keep);
    return step.stop ? transfer->stop_body(std::move(step)) : bytes;
}

/// Stops the transfer from the body callback: curl ends it with CURLE_WRITE_ERROR.
std::size_t CurlTransfer::stop_body(BodyStep step) {
    body_stopped_ = true;
    stop_refusal_ = std::move(step.refusal);
    return 0;
}

std::optional<FetchRefusal> CurlTransfer::failure(CURLcode code) const {
    switch (code) {
        case CURLE_OK: return std::nullopt;
        case CURLE_COULDNT_CONNECT:
        case CURLE_ABORTED_BY_CALLBACK:
            if (address_refusal_) return address_refusal_;
            break;
        case CURLE_WRITE_ERROR:
            if (header_refusal_) return header_refusal_;
            // stopped on purpose: a refusal (too large, not a page), or a body not needed or cut
            if (body_stopped_) return stop_refusal_;
            break;
        // libcurl's own limits on headers, should a response pass them before ours: 300 KiB in all
        // ("Too large response headers: …", an error of reception), and 100 KiB for one line (said
        // as out of memory, which is what it would be without the limit).
        case CURLE_RECV_ERROR:
            if (std::string_view(error_buffer_).starts_with("Too large response headers"))
                return FetchRefusal{FetchError::headers_too_large,
                                    "response headers over libcurl's 300 KiB limit (" + std::string(error_buffer_) + ")"};
            break;
        case CURLE_OUT_OF_MEMORY:
            if (in_headers_)
                return FetchRefusal{FetchError::headers_too_large,
                                    "a response header line longer than libcurl takes (100 KiB)"};
            break;
        default: break;
    }
    return FetchRefusal{error_for(code), curl_easy_strerror(code)};
}

TransferOutcome CurlTransfer::finish(CURLcode code) {
    TransferOutcome outcome;
    FetchResult& result = outcome.result;
    result = std::move(seen_);
    long status = 0;
    curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
    curl_off_t total_us = 0;
    curl_easy_getinfo(easy_.get(), CURLINFO_TOTAL_TIME_T, &total_us);
    result.transfer_seconds = static_cast<double>(total_us) / 1e6;
    if (auto failed = failure(code)) {
        result.error = failed->error;
        result.error_detail = std::move(failed->detail);
    }
    char* type = nullptr;
    curl_easy_getinfo(easy_.get(), CURLINFO_CONTENT_TYPE, &type);
    outcome.content_type = type ? type : "";
    outcome.location = std::move(location_);
    outcome.body = std::move(body_);
    return outcome;
}

curl::Easy EasyPool::take() {
    if (idle_.empty()) return curl::Easy(curl_easy_init());
    curl::Easy easy = std::move(idle_.back());
    idle_.pop_back();
    return easy;
}

void EasyPool::give_back(curl::Easy easy) {
    if (!easy || idle_.size() >= keep_) return;
    curl_easy_reset(easy.get());
    idle_.push_back(std::move(easy));
}

}  // namespace sharitories
