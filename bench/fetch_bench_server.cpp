// The server scripts/bench-fetch measures the fetch engine against. On 127.0.0.1 and a free port
// (printed on stdout), it answers every request — robots.txt included — after a fixed delay
// (argv[1], milliseconds, default 100) with a 12 KiB French page, over HTTP/1.1 keep-alive.
// One thread on epoll with a deep listen backlog and a deadline heap, so that the delay, not the
// server, is the bound: a thread-per-connection server with a short backlog (cpp-httplib's is 5)
// drops SYNs under 128 new connections and adds one-second retransmits, and Python's event loop adds
// milliseconds at a thousand requests a second. Serves until stdin closes.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
    std::string in;          // bytes of requests not yet answered
    std::string out;         // response bytes not yet written
    int pending = 0;         // requests read, waiting for their deadline
};

struct Due {
    Clock::time_point at;
    int fd;
    bool operator>(const Due& other) const { return at > other.at; }
};

std::string make_response() {
    std::string page =
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Tiers-lieu</title></head><body>";
    while (page.size() < 12 * 1024)
        page += "<p>Le tiers-lieu accueille un fablab, un repair café et l'AMAP du quartier chaque jeudi.</p>\n";
    page += "</body></html>";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
           std::to_string(page.size()) + "\r\n\r\n" + page;
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

int main(int argc, char** argv) {
    const auto delay = std::chrono::milliseconds(argc > 1 ? std::atoi(argv[1]) : 100);
    const std::string response = make_response();

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(listener, 4096) != 0) {
        std::perror("fetch_bench_server");
        return 1;
    }
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    std::printf("%d\n", ntohs(address.sin_port));
    std::fflush(stdout);
    set_nonblocking(listener);

    int poller = epoll_create1(0);
    auto watch = [&](int fd, std::uint32_t events, int op) {
        epoll_event event{};
        event.events = events;
        event.data.fd = fd;
        epoll_ctl(poller, op, fd, &event);
    };
    watch(listener, EPOLLIN, EPOLL_CTL_ADD);
    watch(STDIN_FILENO, EPOLLIN, EPOLL_CTL_ADD);

    std::unordered_map<int, Connection> connections;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
    auto close_connection = [&](int fd) {
        epoll_ctl(poller, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        connections.erase(fd);
    };
    auto flush = [&](int fd, Connection& connection) {
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
    };

    std::vector<epoll_event> events(1024);
    char buffer[65536];
    while (true) {
        // epoll_pwait2 takes a timespec: deadlines are met to the microsecond, not rounded up to
        // the next millisecond as epoll_wait's would be.
        timespec timeout{};
        timespec* wait_for = nullptr;
        if (!due.empty()) {
            auto wait = std::max(Clock::duration::zero(), due.top().at - Clock::now());
            auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
            timeout.tv_sec = static_cast<time_t>(nanoseconds / 1'000'000'000);
            timeout.tv_nsec = static_cast<long>(nanoseconds % 1'000'000'000);
            wait_for = &timeout;
        }
        int ready = epoll_pwait2(poller, events.data(), static_cast<int>(events.size()), wait_for, nullptr);
        for (int i = 0; i < ready; ++i) {
            const int fd = events[static_cast<std::size_t>(i)].data.fd;
            if (fd == STDIN_FILENO) {
                if (read(STDIN_FILENO, buffer, sizeof buffer) <= 0) return 0;
            } else if (fd == listener) {
                while (true) {
                    int client = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
                    if (client < 0) break;
                    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    connections[client];
                    watch(client, EPOLLIN, EPOLL_CTL_ADD);
                }
            } else {
                auto found = connections.find(fd);
                if (found == connections.end()) continue;
                Connection& connection = found->second;
                if (events[static_cast<std::size_t>(i)].events & EPOLLOUT) {
                    if (!flush(fd, connection)) {
                        close_connection(fd);
                        continue;
                    }
                }
                if (!(events[static_cast<std::size_t>(i)].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
                ssize_t received = recv(fd, buffer, sizeof buffer, 0);
                if (received == 0 || (received < 0 && errno != EAGAIN)) {
                    close_connection(fd);
                    continue;
                }
                if (received < 0) continue;
                connection.in.append(buffer, static_cast<std::size_t>(received));
                // GET requests only: each ends at its blank line
                for (auto end = connection.in.find("\r\n\r\n"); end != std::string::npos;
                     end = connection.in.find("\r\n\r\n")) {
                    connection.in.erase(0, end + 4);
                    ++connection.pending;
                    due.push({Clock::now() + delay, fd});
                }
            }
        }
        const auto now = Clock::now();
        while (!due.empty() && due.top().at <= now) {
            const int fd = due.top().fd;
            due.pop();
            auto found = connections.find(fd);
            if (found == connections.end() || found->second.pending == 0) continue;
            --found->second.pending;
            found->second.out += response;
            if (!flush(fd, found->second)) close_connection(fd);
        }
    }
}
