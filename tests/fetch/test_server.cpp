#include "fetch/test_server.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace sharitories::test {

TestServer::TestServer(int threads) {
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    server_.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
        std::string path = request.path;
        if (!request.params.empty()) {
            path += '?';
            for (const auto& [key, value] : request.params) path += key + "=" + value + "&";
            path.pop_back();
        }
        {
            std::lock_guard lock(mutex_);
            hits_.push_back({path, request.get_header_value("Host"), std::chrono::steady_clock::now()});
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
}

std::shared_ptr<void> TestServer::busy() {
    int now = ++concurrent_;
    int seen = max_concurrent_;
    while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
    }
    return std::shared_ptr<void>(nullptr, [this](void*) { --concurrent_; });
}

TestServer::~TestServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
}

void TestServer::start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("test server: cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

std::string TestServer::url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::vector<TestServer::Hit> TestServer::hits() const {
    std::lock_guard lock(mutex_);
    return hits_;
}

int TestServer::count(std::string_view prefix) const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(std::count_if(hits_.begin(), hits_.end(),
                                          [&](const Hit& hit) { return hit.path.starts_with(prefix); }));
}

ClosedPort::ClosedPort() {
    socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(socket_, reinterpret_cast<sockaddr*>(&address), length) != 0)
        throw std::runtime_error("closed port: cannot bind");
    ::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
}

ClosedPort::~ClosedPort() { ::close(socket_); }

ResettingServer::ResettingServer(std::string partial_response) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(listener_, 16) != 0)
        throw std::runtime_error("resetting server: cannot listen");
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, response = std::move(partial_response)] {
        while (!stopping_) {
            pollfd waiting{listener_, POLLIN, 0};
            if (::poll(&waiting, 1, 50) <= 0) continue;
            int client = ::accept(listener_, nullptr, nullptr);
            if (client < 0) continue;
            ++connections_;
            char buffer[4096];
            (void)::recv(client, buffer, sizeof buffer, 0);
            (void)::send(client, response.data(), response.size(), MSG_NOSIGNAL);
            linger reset{1, 0};
            ::setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
            ::close(client);
        }
    });
}

ResettingServer::~ResettingServer() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
}

}  // namespace sharitories::test
