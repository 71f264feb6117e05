// One HTTP request on a libcurl easy handle: the handle's options — http and https only, redirects
// left to the engine (redirect_policy.h), no proxy from the environment (the peer is what is
// checked), timeouts, every compression this libcurl decodes — and its callbacks. The address
// connected to is checked twice (address_policy.h): before connecting (CURLOPT_OPENSOCKETFUNCTION)
// and before each request, reused connections included (CURLOPT_PREREQFUNCTION), so that a DNS
// answer that changes between a check and the connect cannot slip through. Headers and body are
// taken as content_acceptance.h says, as they arrive. Private to the engine, like every <curl/curl.h> user.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fetch/content_acceptance.h"
#include "fetch/curl_handles.h"
#include "fetch/fetch_types.h"
#include "fetch/redirect_policy.h"
#include "fetch/url.h"

namespace sharitories {

/// What every transfer of one engine shares.
struct TransferSettings {
    std::string user_agent;
    std::chrono::milliseconds timeout{30'000};          ///< whole request
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds stall_timeout{15'000};    ///< no byte received for this long: abort
    ResponseLimits limits;
};

/// --resolve HOST:PORT:ADDR entries (as curl's), by "host:port": each transfer gets only its own
/// host's, for curl parses the whole list at every start.
class ResolveTable {
public:
    explicit ResolveTable(const std::vector<std::string>& entries);
    /// The entries for the URL's host and port, else for "*" and its port; nullptr if none.
    curl_slist* find(const Url& url) const;

private:
    std::unordered_map<std::string, curl::List> by_host_;
};

/// What a finished transfer gave.
struct TransferOutcome {
    /// The status, timings, validators and the server's wishes (Retry-After, X-RateLimit-*); the
    /// error if the transfer itself failed or was stopped by a check (blocked_private, too_large …).
    FetchResult result;
    std::string location;      ///< the Location header, for a redirect
    std::string content_type;  ///< the Content-Type header as sent
    std::string body;          ///< as received (decompressed), within the cap
};

class CurlTransfer {
public:
    /// Sets `easy` (new, or reset) up for `hop`, its body taken under `rule`. `resolve` is the hop's
    /// --resolve list or nullptr, and outlives the transfer. curl keeps pointers to the transfer: it
    /// stays where it is built.
    CurlTransfer(curl::Easy easy, const Hop& hop, BodyRule rule, const TransferSettings& settings, curl_slist* resolve);
    CurlTransfer(const CurlTransfer&) = delete;
    CurlTransfer& operator=(const CurlTransfer&) = delete;

    CURL* handle() const { return easy_.get(); }

    /// What the transfer gave, once curl is done with it with `code`; called once.
    TransferOutcome finish(CURLcode code);

    /// The handle, for the next transfer once reset (EasyPool).
    curl::Easy release() { return std::move(easy_); }

private:
    static curl_socket_t open_socket(void* data, curlsocktype purpose, curl_sockaddr* address);
    static int before_request(void* data, char* connected_ip, char* local_ip, int remote_port, int local_port);
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user);
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user);
    std::size_t stop_body(BodyStep step);
    void refuse_address(std::string address);
    /// Why the transfer failed, from curl's code and what the callbacks saw; nullopt if it did not.
    std::optional<FetchRefusal> failure(CURLcode code) const;

    curl::List headers_;
    BodyRule rule_;
    bool allow_private_;
    std::size_t cap_;
    FetchResult seen_;  // the headers read so far: validators, Retry-After, X-RateLimit-*
    std::string location_;
    std::size_t header_lines_ = 0;
    std::size_t header_bytes_ = 0;
    bool in_headers_ = false;  // a status line read, not yet the blank line after its headers
    ResponseLimits limits_;
    std::optional<FetchRefusal> header_refusal_;  // headers_too_large
    char error_buffer_[CURL_ERROR_SIZE] = {};     // libcurl's own words on a failure
    std::string body_;
    bool body_opened_ = false;
    bool body_stopped_ = false;                   // on purpose; stop_refusal_ says if it ends the request
    std::optional<FetchRefusal> stop_refusal_;    // too_large, bad_content_type
    std::optional<FetchRefusal> address_refusal_; // blocked_private
    curl::Easy easy_;  // last: cleaned up first, while what curl points to (this, its lists) still lives
};

/// Finished handles, reset and kept for the next transfers: curl_easy_init is a large part of a start.
class EasyPool {
public:
    explicit EasyPool(std::size_t keep) : keep_(keep) {}
    /// A kept handle, or a new one; null if libcurl could not make one.
    curl::Easy take();
    void give_back(curl::Easy easy);

private:
    std::size_t keep_;
    std::vector<curl::Easy> idle_;
};

}  // namespace sharitories
