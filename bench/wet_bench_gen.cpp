// Writes a WET file for scripts/bench-wet, as Common Crawl writes them (one gzip member per record, a
// warcinfo record first): the WET text (title, then the visible text line by line) of real pages
// repeated under distinct URLs until the uncompressed text passes SIZE_MB. FRENCH_SHARE of the
// records are French pages (FRENCH_DIR, labelled "fra"); the others pages of OTHER_DIR labelled with
// another language, as most of a crawl is. Prints the uncompressed size, the compressed size and the
// record count, tab-separated.
// Usage: wet_bench_gen OUT SIZE_MB FRENCH_SHARE FRENCH_DIR [OTHER_DIR]
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fetch/charset.h"
#include "html/page_text.h"
#include "warc/warc_builder.h"

namespace {

std::vector<std::string> wet_texts(const std::filesystem::path& dir) {
    std::vector<std::string> texts;
    if (dir.empty() || !std::filesystem::is_directory(dir)) return texts;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".html") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto page = sharitories::extract_page_text(sharitories::decode_body(bytes, "", true).text);
        texts.push_back(page.title + "\n" + page.text);
    }
    return texts;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        fmt::print(stderr, "usage: wet_bench_gen OUT SIZE_MB FRENCH_SHARE FRENCH_DIR [OTHER_DIR]\n");
        return 2;
    }
    const std::string out_path = argv[1];
    const double size_bytes = std::stod(argv[2]) * 1024 * 1024;
    const double french_share = std::stod(argv[3]);
    const auto french = wet_texts(argv[4]);
    auto other = wet_texts(argc > 5 ? argv[5] : "");
    if (other.empty()) other = french;  // no other pages: the French ones, labelled otherwise
    if (french.empty()) {
        fmt::print(stderr, "wet_bench_gen: no .html page under {}\n", argv[4]);
        return 1;
    }
    std::ofstream out(out_path, std::ios::binary);
    std::uint64_t text_bytes = 0, compressed = 0, records = 0;
    auto write = [&](const std::string& record) {
        const std::string member = sharitories::test::gzip_member(record);
        out.write(member.data(), static_cast<std::streamsize>(member.size()));
        compressed += member.size();
        text_bytes += record.size();
    };
    write(sharitories::test::warcinfo_record("CC-MAIN-2024-10", "CC-MAIN-20240220000000-20240220030000-00000.warc.wet.gz"));
    for (std::uint64_t i = 0; text_bytes < size_bytes; ++i) {
        const bool is_french = std::floor(static_cast<double>(i + 1) * french_share) > std::floor(static_cast<double>(i) * french_share);
        const auto& texts = is_french ? french : other;
        const std::string& text = texts[i % texts.size()];
        const std::string url = fmt::format("https://site-{}.example.{}/page-{}", i % 50'000, is_french ? "fr" : "com", i);
        write(sharitories::test::conversion_record(url, "2024-02-21T08:15:02Z", text, is_french ? "fra" : "eng"));
        ++records;
    }
    out.close();
    if (!out) {
        fmt::print(stderr, "wet_bench_gen: could not write {}\n", out_path);
        return 1;
    }
    fmt::print("{}\t{}\t{}\n", text_bytes, compressed, records);
    return 0;
}
