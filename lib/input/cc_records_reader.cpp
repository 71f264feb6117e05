#include "input/cc_records_reader.h"

#include <fmt/core.h>

#include <charconv>
#include <map>
#include <optional>

#include "input/delimited_text.h"
#include "text/utf8.h"
#include "warc/archive_evidence.h"

namespace sharitories {
namespace {

constexpr const char* example_path = "crawl-data/CC-MAIN-2024-10/segments/…/warc/CC-MAIN-….warc.gz";

/// A path the data host serves, appended to --cc-base-url as it is: letters, digits, '.', '_', '~',
/// '-' and '/', relative, without a '..' segment (Common Crawl's names are all of this kind).
bool is_data_path(std::string_view path) {
    if (path.empty() || path.front() == '/') return false;
    for (char c : path) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                           c == '_' || c == '~' || c == '-' || c == '/';
        if (!plain) return false;
    }
    const std::string slashed = "/" + std::string(path) + "/";
    return slashed.find("/../") == std::string::npos && slashed.find("/./") == std::string::npos;
}

/// Digits only, at most 15 of them (far beyond any WARC file, within a double for JSON readers).
std::optional<std::uint64_t> whole_number(std::string_view text) {
    if (text.empty() || text.size() > 15) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string size_words(std::uint64_t bytes) {
    if (bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
    return fmt::format("{} bytes", bytes);
}

}  // namespace

Parsed<std::vector<CcRecord>> read_cc_records(std::string_view text, const std::string& file,
                                              std::uint64_t max_length) {
    Parsed<std::vector<CcRecord>> result;
    auto table = parse_delimited(text, file);
    if (!table.ok()) {
        result.errors = std::move(table.errors);
        return result;
    }
    const auto& records = table.value.records;
    if (records.empty()) {
        result.errors.push_back({file, 0, 0,
                                 "the file is empty: expected Athena's CSV of the records, with a header naming "
                                 "url, warc_filename, warc_record_offset, warc_record_length"});
        return result;
    }
    const DelimitedRecord& header = records.front();
    std::map<std::string, std::size_t, std::less<>> column;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name = ascii_lower(trim(header.fields[i]));
        if (name.empty()) continue;
        if (!column.emplace(name, i).second)
            result.errors.push_back({file, header.line, header.columns[i],
                                     fmt::format("column '{}' appears twice in the header", name)});
    }
    for (auto required : cc_record_required_columns) {
        if (!column.contains(required))
            result.errors.push_back(
                {file, header.line, 0,
                 fmt::format("missing column '{}' in the header (required: url, warc_filename, warc_record_offset, "
                             "warc_record_length, as Common Crawl's index names them; other columns are ignored)",
                             required)});
    }
    if (!result.ok()) return result;

    std::map<std::pair<std::string, std::uint64_t>, int> first_line;  // (file, offset) → line
    for (std::size_t r = 1; r < records.size(); ++r) {
        const DelimitedRecord& row = records[r];
        if (row.fields.size() != header.fields.size()) {
            result.errors.push_back({file, row.line, 0,
                                     fmt::format("expected {} fields as in the header, found {}", header.fields.size(),
                                                 row.fields.size())});
            continue;
        }
        const std::size_t errors_before = result.errors.size();
        auto field = [&](std::string_view name) { return trim(row.fields[column.find(name)->second]); };
        auto error = [&](std::string_view name, std::string message) {
            const std::size_t i = column.find(name)->second;
            result.errors.push_back({file, row.lines[i], row.columns[i], fmt::format("{} (column '{}')", message, name)});
        };
        CcRecord record;
        record.line = row.line;
        record.url = std::string(field("url"));
        if (record.url.empty()) error("url", "the record's URL is empty");
        record.source.warc_filename = std::string(field("warc_filename"));
        if (!is_data_path(record.source.warc_filename))
            error("warc_filename", fmt::format("'{}' is not a file path of Common Crawl's data host, like {}",
                                               record.source.warc_filename, example_path));
        const auto offset = whole_number(field("warc_record_offset"));
        if (!offset)
            error("warc_record_offset",
                  fmt::format("'{}' is not a byte offset (digits only: a spreadsheet may have written it as 1.2E+09 "
                              "or with separators)",
                              field("warc_record_offset")));
        const auto length = whole_number(field("warc_record_length"));
        if (!length || *length == 0)
            error("warc_record_length",
                  fmt::format("'{}' is not a record length (a whole number of bytes, at least 1)",
                              field("warc_record_length")));
        else if (*length > max_length)
            error("warc_record_length", fmt::format("a record of {} bytes is more than the {} a record is read up to",
                                                    *length, size_words(max_length)));
        if (result.errors.size() != errors_before) continue;
        record.source.warc_record_offset = *offset;
        record.source.warc_record_length = *length;
        if (column.contains("crawl")) record.source.crawl = std::string(field("crawl"));
        if (record.source.crawl.empty()) record.source.crawl = crawl_name_in(record.source.warc_filename);
        const auto [seen, inserted] = first_line.emplace(
            std::pair{record.source.warc_filename, record.source.warc_record_offset}, row.line);
        if (!inserted) {
            result.warnings.push_back({file, row.line, 0,
                                       fmt::format("the record of line {} again ({} at offset {}): read once",
                                                   seen->second, record.source.warc_filename,
                                                   record.source.warc_record_offset)});
            continue;
        }
        result.value.push_back(std::move(record));
    }
    if (!result.ok()) result.value.clear();
    return result;
}

}  // namespace sharitories
