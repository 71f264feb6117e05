// Builds WARC and WET files for tests and benchmarks, as Common Crawl writes them (WARC/1.0 record
// syntax, one gzip member per record): a warcinfo record, HTTP response records, WET conversion
// records. Header-only so that bench/ can use it without the test binary.
#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sharitories::test {

/// `data` as one gzip member.
inline std::string gzip_member(const std::string& data, int level = 6) {
    z_stream stream{};
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

using Fields = std::vector<std::pair<std::string, std::string>>;

/// One record: version line, fields (Content-Length added), empty line, block, CRLF CRLF.
inline std::string warc_record(const std::string& type, const Fields& fields, const std::string& block) {
    std::string record = "WARC/1.0\r\nWARC-Type: " + type + "\r\n";
    for (const auto& [name, value] : fields) record += name + ": " + value + "\r\n";
    record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
    return record;
}

inline std::string warcinfo_record(const std::string& crawl, const std::string& filename) {
    return warc_record("warcinfo",
                       {{"WARC-Date", "2024-03-05T10:00:00Z"},
                        {"WARC-Filename", filename},
                        {"WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-000000000000>"},
                        {"Content-Type", "application/warc-fields"}},
                       "isPartOf: " + crawl + "\r\npublisher: Common Crawl\r\nformat: WARC File Format 1.1\r\n");
}

/// A response record of `url` whose HTTP answer has `status`, `content_type` and `body`.
inline std::string response_record(const std::string& url, const std::string& date, const std::string& body,
                                   const std::string& content_type = "text/html; charset=UTF-8", int status = 200,
                                   const std::string& extra_headers = "") {
    const std::string http = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Other") +
                             "\r\nContent-Type: " + content_type + "\r\nServer: nginx\r\n" + extra_headers +
                             "X-Crawler-Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return warc_record("response",
                       {{"WARC-Date", date},
                        {"WARC-Record-ID", "<urn:uuid:" + std::to_string(std::hash<std::string>{}(url)) + ">"},
                        {"WARC-Target-URI", url},
                        {"Content-Type", "application/http; msgtype=response"}},
                       http);
}

/// A WET conversion record: the page's title on the first line, then its text.
inline std::string conversion_record(const std::string& url, const std::string& date, const std::string& text,
                                     const std::string& languages = "fra") {
    return warc_record("conversion",
                       {{"WARC-Target-URI", url},
                        {"WARC-Date", date},
                        {"WARC-Record-ID", "<urn:uuid:" + std::to_string(std::hash<std::string>{}(url)) + ">"},
                        {"WARC-Identified-Content-Language", languages},
                        {"Content-Type", "text/plain"}},
                       text);
}

}  // namespace sharitories::test
