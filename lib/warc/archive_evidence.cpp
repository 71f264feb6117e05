#include "warc/archive_evidence.h"

#include "classify/attribution.h"
#include "text/utf8.h"
#include "warc/record_page.h"
#include "warc/wet_text.h"

namespace sharitories {

namespace {

bool digits(std::string_view text) {
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

/// Whether the comma-separated ISO 639-3 codes of `identified` include `language`.
bool in_languages(std::string_view identified, std::string_view language) {
    while (!identified.empty()) {
        const auto comma = identified.find(',');
        std::string_view code = identified.substr(0, comma);
        while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
        while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
        if (ascii_lower(code) == language) return true;
        if (comma == std::string_view::npos) break;
        identified.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

std::vector<Evidence> record_evidence(const RecordPage& page, const ClassifierData& classifier) {
    const PageText text = page.html ? extract_page_text(page.text) : wet_page_text(page.text);
    return page_evidence(text, page.url, classifier, page.date);
}

std::string crawl_name_in(std::string_view text) {
    static constexpr std::string_view prefix = "CC-MAIN-";
    for (auto at = text.find(prefix); at != std::string_view::npos; at = text.find(prefix, at + 1)) {
        const std::string_view rest = text.substr(at + prefix.size());
        if (rest.size() >= 7 && digits(rest.substr(0, 4)) && rest[4] == '-' && digits(rest.substr(5, 2)) &&
            (rest.size() == 7 || !(rest[7] >= '0' && rest[7] <= '9')))
            return std::string(text.substr(at, prefix.size() + 7));
    }
    return "";
}

ArchiveStats read_archive_evidence(ByteSource source, const ClassifierData& classifier,
                                   const ArchiveSettings& settings,
                                   const std::function<void(const Evidence&, const RecordSource&)>& emit,
                                   const std::function<void(const WarcProblem&)>& problem) {
    ArchiveStats stats;
    RecordSource where{settings.crawl.empty() ? crawl_name_in(settings.filename) : settings.crawl, settings.filename, 0};
    WarcReader reader(std::move(source));
    WarcRecord record;
    WarcProblem trouble;
    for (;;) {
        const auto step = reader.next(record, trouble);
        if (step == WarcReader::Step::end) break;
        if (step == WarcReader::Step::problem) {
            ++stats.problems;
            stats.cut_short = stats.cut_short || trouble.message.find("cut short") != std::string::npos;
            problem(trouble);
            continue;
        }
        stats.cut_short = false;  // a later whole record: the trouble was inside the file, not its end
        ++stats.records;
        stats.input_bytes += record.block.size();
        if (ascii_lower(record.type()) == "warcinfo") {
            if (settings.crawl.empty()) {
                if (auto crawl = crawl_name_in(record.block); !crawl.empty()) where.crawl = std::move(crawl);
            }
            if (where.warc_filename.empty() || where.warc_filename == "-") {
                if (auto name = record.field("WARC-Filename"); !name.empty()) where.warc_filename = std::string(name);
            }
            ++stats.not_pages;
            continue;
        }
        if (!settings.language.empty()) {
            const std::string_view identified = record.field("WARC-Identified-Content-Language");
            if (!identified.empty() && !in_languages(identified, settings.language)) {
                ++stats.other_language;
                continue;
            }
        }
        std::string why;
        const auto page = record_page(record, why);
        if (!page) {
            ++stats.not_pages;
            continue;
        }
        ++stats.pages;
        where.warc_record_offset = record.offset;
        for (const auto& row : record_evidence(*page, classifier)) {
            if (!settings.towns.empty() && !settings.towns.contains(row.insee)) continue;
            ++stats.evidence;
            emit(row, where);
        }
    }
    return stats;
}

}  // namespace sharitories
