// The server scripts/bench-fetch measures the fetch engine against. On 127.0.0.1 and a free port
// (printed on stdout), it answers every request — robots.txt included — after a fixed delay
// (argv[1], milliseconds, default 100) with a 12 KiB French page, over HTTP/1.1 keep-alive.
// The epoll core is bench_http_server.h (why not cpp-httplib or Python: see there). Serves until
// stdin closes.
#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bench_http_server.h"

namespace {

std::string make_response() {
    std::string page =
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Tiers-lieu</title></head><body>";
    while (page.size() < 12 * 1024)
        page += "<p>Le tiers-lieu accueille un fablab, un repair café et l'AMAP du quartier chaque jeudi.</p>\n";
    page += "</body></html>";
    return bench::http_response("200 OK", "text/html; charset=utf-8", page);
}

}  // namespace

int main(int argc, char** argv) {
    const auto delay = std::chrono::milliseconds(argc > 1 ? std::atoi(argv[1]) : 100);
    const std::string response = make_response();
    bench::HttpServer server("fetch_bench_server");
    return server.run(delay, [&](std::string_view, std::string_view) { return response; });
}
