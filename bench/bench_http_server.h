// The core of the local servers the benchmarks measure against (fetch_bench_server, scan_bench_server):
// 127.0.0.1 on a free port, HTTP/1.1 keep-alive, GET only (a request ends at its blank line, no body),
// every response sent a fixed delay after its request arrived; what the response is, the server decides.
// One thread on epoll with a deep listen backlog and a deadline heap, so that the delay, not the
// server, is the bound: a thread-per-connection server with a short backlog (cpp-httplib's is 5)
// drops SYNs under 128 new connections and adds one-second retransmits, and Python's event loop adds
// milliseconds at a thousand requests a second. Serves until stdin closes. Header-only.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bench {

/// The whole response (status line, headers, body) to one request, given its request line
/// (`GET /path HTTP/1.1`) and its Host header's value ("" when absent).
using Respond = std::function<std::string(std::string_view request_line, std::string_view host)>;

/// One line read on stdin (without its newline) → what to print on stdout ("" for nothing).
using Command = std::function<std::string(std::string_view line)>;

/// A complete response with Content-Type and Content-Length (so that keep-alive works).
inline std::string http_response(std::string_view status, std::string_view content_type, std::string_view body) {
    std::string response = "HTTP/1.1 ";
    response += status;
    response += "\r\nContent-Type: ";
    response += content_type;
    response += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    response += body;
    return response;
}

class HttpServer {
public:
    /// Listens on 127.0.0.1 and a free port; on failure prints `name: why` and exits 1.
    explicit HttpServer(const char* name) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(listener_, 4096) != 0) {
            std::perror(name);
            std::exit(1);
        }
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
    }
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int port() const { return port_; }

    /// Prints the port on stdout's first line, then answers every request `delay` after it arrived
    /// with `respond`'s bytes, in order on each connection, until stdin closes; each line read on
    /// stdin meanwhile goes to `command` (if any). Returns 0.
    int run(std::chrono::milliseconds delay, const Respond& respond, const Command& command = nullptr) {
        std::printf("%d\n", port_);
        std::fflush(stdout);
        set_nonblocking(listener_);
        poller_ = epoll_create1(0);
        watch(listener_, EPOLLIN, EPOLL_CTL_ADD);
        watch(STDIN_FILENO, EPOLLIN, EPOLL_CTL_ADD);

        std::vector<epoll_event> events(1024);
        std::string input;  // stdin bytes not yet ended by a newline
        char buffer[65536];
        while (true) {
            // epoll_pwait2 takes a timespec: deadlines are met to the microsecond, not rounded up to
            // the next millisecond as epoll_wait's would be.
            timespec timeout{};
            timespec* wait_for = nullptr;
            if (!due_.empty()) {
                auto wait = std::max(Clock::duration::zero(), due_.top().at - Clock::now());
                auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
                timeout.tv_sec = static_cast<time_t>(nanoseconds / 1'000'000'000);
                timeout.tv_nsec = static_cast<long>(nanoseconds % 1'000'000'000);
                wait_for = &timeout;
            }
            int ready = epoll_pwait2(poller_, events.data(), static_cast<int>(events.size()), wait_for, nullptr);
            for (int i = 0; i < ready; ++i) {
                const auto& event = events[static_cast<std::size_t>(i)];
                const int fd = event.data.fd;
                if (fd == STDIN_FILENO) {
                    ssize_t received = read(STDIN_FILENO, buffer, sizeof buffer);
                    if (received <= 0) return 0;
                    if (!command) continue;
                    input.append(buffer, static_cast<std::size_t>(received));
                    for (auto end = input.find('\n'); end != std::string::npos; end = input.find('\n')) {
                        const std::string answer = command(std::string_view(input).substr(0, end));
                        input.erase(0, end + 1);
                        std::fputs(answer.c_str(), stdout);
                        std::fflush(stdout);
                    }
                } else if (fd == listener_) {
                    accept_all();
                } else {
                    serve(fd, event.events, delay, respond, buffer, sizeof buffer);
                }
            }
            answer_due();
        }
    }

private:
    using Clock = std::chrono::steady_clock;

    struct Connection {
        std::uint64_t serial = 0;          // tells a reused fd's new connection from the closed one
        std::string in;                    // bytes of requests not yet answered
        std::string out;                   // response bytes not yet written
        std::deque<std::string> waiting;   // responses of requests read, waiting for their deadline
    };

    struct Due {
        Clock::time_point at;
        int fd;
        std::uint64_t serial;
        bool operator>(const Due& other) const { return at > other.at; }
    };

    static void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

    static std::string_view host_header(std::string_view head) {
        // head: the request line and headers, without the final blank line
        for (std::size_t start = head.find("\r\n"); start != std::string_view::npos;
             start = head.find("\r\n", start + 2)) {
            std::string_view line = head.substr(start + 2);
            line = line.substr(0, line.find("\r\n"));
            if (line.size() < 5) continue;
            std::string name(line.substr(0, 5));
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
            if (name != "host:") continue;
            std::string_view value = line.substr(5);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
            return value;
        }
        return {};
    }

    void watch(int fd, std::uint32_t events, int op) {
        epoll_event event{};
        event.events = events;
        event.data.fd = fd;
        epoll_ctl(poller_, op, fd, &event);
    }

    void close_connection(int fd) {
        epoll_ctl(poller_, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        connections_.erase(fd);
    }

    bool flush(int fd, Connection& connection) {
        while (!connection.out.empty()) {
            ssize_t sent = send(fd, connection.out.data(), connection.out.size(), MSG_NOSIGNAL);
            if (sent < 0) {
                if (errno == EAGAIN) break;
                return false;
            }
            connection.out.erase(0, static_cast<std::size_t>(sent));
        }
        watch(fd, connection.out.empty() ? EPOLLIN : EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
        return true;
    }

    void accept_all() {
        int one = 1;
        while (true) {
            int client = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK);
            if (client < 0) break;
            setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            connections_[client] = Connection{++serials_, {}, {}, {}};
            watch(client, EPOLLIN, EPOLL_CTL_ADD);
        }
    }

    void serve(int fd, std::uint32_t events, std::chrono::milliseconds delay, const Respond& respond, char* buffer,
               std::size_t size) {
        auto found = connections_.find(fd);
        if (found == connections_.end()) return;
        Connection& connection = found->second;
        if (events & EPOLLOUT) {
            if (!flush(fd, connection)) {
                close_connection(fd);
                return;
            }
        }
        if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR))) return;
        ssize_t received = recv(fd, buffer, size, 0);
        if (received == 0 || (received < 0 && errno != EAGAIN)) {
            close_connection(fd);
            return;
        }
        if (received < 0) return;
        connection.in.append(buffer, static_cast<std::size_t>(received));
        // GET requests only: each ends at its blank line
        for (auto end = connection.in.find("\r\n\r\n"); end != std::string::npos;
             end = connection.in.find("\r\n\r\n")) {
            const std::string_view head = std::string_view(connection.in).substr(0, end);
            connection.waiting.push_back(respond(head.substr(0, head.find("\r\n")), host_header(head)));
            connection.in.erase(0, end + 4);
            due_.push({Clock::now() + delay, fd, connection.serial});
        }
    }

    void answer_due() {
        const auto now = Clock::now();
        while (!due_.empty() && due_.top().at <= now) {
            const Due next = due_.top();
            due_.pop();
            auto found = connections_.find(next.fd);
            if (found == connections_.end() || found->second.serial != next.serial || found->second.waiting.empty())
                continue;
            // the delay is the same for every request: a connection's deadlines come in its requests' order
            Connection& connection = found->second;
            connection.out += connection.waiting.front();
            connection.waiting.pop_front();
            if (!flush(next.fd, connection)) close_connection(next.fd);
        }
    }

    int listener_ = -1;
    int poller_ = -1;
    int port_ = 0;
    std::uint64_t serials_ = 0;
    std::unordered_map<int, Connection> connections_;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
};

}  // namespace bench
