// A local HTTP server for the fetch tests, on 127.0.0.1 and a free port, started and stopped by the
// test that owns it. It records every request (path and arrival time) and how many were being
// handled at once, so tests can assert what was asked, how often and how spaced.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sharitories::test {

class TestServer {
public:
    struct Hit {
        std::string path;  ///< with the query string
        std::string host;  ///< the Host header
        std::chrono::steady_clock::time_point at;
    };

    explicit TestServer(int threads = 8);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    /// Add routes before start().
    httplib::Server& http() { return server_; }
    void start();

    int port() const { return port_; }
    /// "http://127.0.0.1:PORT" + path
    std::string url(std::string_view path) const;

    std::vector<Hit> hits() const;
    /// How many requests had a path starting with `prefix`.
    int count(std::string_view prefix) const;
    /// The most requests handled at the same time, counted by handlers that hold a busy() guard.
    int max_concurrent() const { return max_concurrent_; }

    /// Counts the calling handler as busy until the returned guard goes.
    [[nodiscard]] std::shared_ptr<void> busy();

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::vector<Hit> hits_;
    std::atomic<int> concurrent_{0};
    std::atomic<int> max_concurrent_{0};
};

/// A port on 127.0.0.1 that refuses connections for as long as the object lives: bound, never
/// listening, so no other test can take it meanwhile.
class ClosedPort {
public:
    ClosedPort();
    ~ClosedPort();
    ClosedPort(const ClosedPort&) = delete;
    ClosedPort& operator=(const ClosedPort&) = delete;
    int port() const { return port_; }

private:
    int socket_ = -1;
    int port_ = 0;
};

/// A TCP server that reads a request, sends `partial_response` and then resets the connection
/// (SO_LINGER 0): a connection reset mid-response, which HTTP servers will not do on demand.
class ResettingServer {
public:
    explicit ResettingServer(std::string partial_response);
    ~ResettingServer();
    int port() const { return port_; }
    int connections() const { return connections_; }

private:
    int listener_ = -1;
    int port_ = 0;
    std::atomic<int> connections_{0};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace sharitories::test
