#include "warc/http_response.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>

namespace sharitories {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool contains_token(std::string_view value, std::string_view token) {
    std::string low(value);
    std::transform(low.begin(), low.end(), low.begin(), lower);
    return low.find(token) != std::string::npos;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

/// The next line of `text` from `pos` (CRLF or LF), or nullopt if no line end is left.
std::optional<std::string_view> next_line(std::string_view text, std::size_t& pos) {
    const auto lf = text.find('\n', pos);
    if (lf == std::string_view::npos) return std::nullopt;
    std::string_view line = text.substr(pos, lf - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = lf + 1;
    return line;
}

/// RFC 9112 §7.1; nullopt if `body` is not well-formed chunked data.
std::optional<std::string> dechunk(std::string_view body) {
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        auto line = next_line(body, pos);
        if (!line) return std::nullopt;
        std::string_view size_text = trim(line->substr(0, line->find(';')));
        std::uint64_t size = 0;
        const auto [end, error] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (size_text.empty() || error != std::errc() || end != size_text.data() + size_text.size()) return std::nullopt;
        if (size == 0) return out;  // trailer fields ignored
        if (size > body.size() - pos) {  // cut short: keep what there is
            out.append(body.substr(pos));
            return out;
        }
        out.append(body.substr(pos, size));
        pos += size;
        if (!next_line(body, pos)) return out;
    }
}

/// gzip, zlib or raw deflate data inflated, at most `cap` bytes; nullopt if it is none of them.
std::optional<std::string> inflate_body(std::string_view data, std::size_t cap, bool& cut) {
    for (const int window_bits : {32 + MAX_WBITS, -MAX_WBITS}) {  // gzip or zlib by their header; raw deflate
        z_stream z{};
        if (inflateInit2(&z, window_bits) != Z_OK) return std::nullopt;
        std::string out;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        z.avail_in = static_cast<uInt>(std::min<std::size_t>(data.size(), UINT32_MAX));
        int rc = Z_OK;
        char chunk[64 * 1024];
        while (rc == Z_OK && out.size() < cap) {
            z.next_out = reinterpret_cast<Bytef*>(chunk);
            z.avail_out = sizeof chunk;
            rc = inflate(&z, Z_NO_FLUSH);
            out.append(chunk, sizeof chunk - z.avail_out);
            if (rc == Z_BUF_ERROR) break;  // input ended before the stream did: keep what came
        }
        inflateEnd(&z);
        if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR || (out.empty() && rc != Z_STREAM_END)) continue;
        cut = out.size() > cap || (rc == Z_OK && out.size() >= cap);
        if (out.size() > cap) out.resize(cap);
        return out;
    }
    return std::nullopt;
}

}  // namespace

std::string_view HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (same_name(key, name)) return value;
    return {};
}

std::optional<HttpResponse> parse_http_response(std::string_view block, std::size_t max_body_bytes,
                                                std::string& why) {
    std::size_t pos = 0;
    auto status_line = next_line(block, pos);
    // "HTTP/1.1 200 OK" (RFC 9112 §4); HTTP/2 archives write "HTTP/2 200"
    if (!status_line || !status_line->starts_with("HTTP/")) {
        why = "no HTTP status line";
        return std::nullopt;
    }
    const auto space = status_line->find(' ');
    HttpResponse response;
    if (space == std::string_view::npos || status_line->size() < space + 4 ||
        std::from_chars(status_line->data() + space + 1, status_line->data() + space + 4, response.status).ec !=
            std::errc() ||
        response.status < 100 || response.status > 999) {
        why = "no status code in the HTTP status line";
        return std::nullopt;
    }
    for (;;) {
        auto line = next_line(block, pos);
        if (!line) {  // headers without an end: no body
            pos = block.size();
            break;
        }
        if (line->empty()) break;
        if ((line->front() == ' ' || line->front() == '\t') && !response.headers.empty()) {
            response.headers.back().second += " " + std::string(trim(*line));
            continue;
        }
        const auto colon = line->find(':');
        if (colon == std::string_view::npos) continue;  // not a field: ignored, as a client does
        response.headers.emplace_back(std::string(trim(line->substr(0, colon))), std::string(trim(line->substr(colon + 1))));
    }
    std::string_view body = block.substr(pos);
    std::optional<std::string> decoded;
    if (contains_token(response.header("Transfer-Encoding"), "chunked")) decoded = dechunk(body);
    std::string_view payload = decoded ? std::string_view(*decoded) : body;
    const std::string_view coding = response.header("Content-Encoding");
    if (contains_token(coding, "gzip") || contains_token(coding, "deflate")) {
        bool cut = false;
        if (auto inflated = inflate_body(payload, max_body_bytes, cut)) {
            response.body = std::move(*inflated);
            response.body_cut = cut;
            return response;
        }
    }
    response.body_cut = payload.size() > max_body_bytes;
    response.body.assign(payload.substr(0, max_body_bytes));
    return response;
}

}  // namespace sharitories
