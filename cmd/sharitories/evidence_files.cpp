#include "evidence_files.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli_common.h"
#include "console.h"
#include "exit_codes.h"
#include "input/evidence_lines.h"
#include "rank/evidence_merge.h"

namespace sharitories::cli {
namespace {

constexpr std::size_t max_bad_lines_shown = 20;
constexpr const char* stdin_name = "<stdin>";

/// The file opened for reading, or why it cannot be.
std::unique_ptr<std::ifstream> open_evidence_file(const std::string& file, std::string& why) {
    std::error_code error;
    const auto status = std::filesystem::status(file, error);
    if (error && error != std::errc::no_such_file_or_directory) {
        why = fmt::format("cannot be read: {}", error.message());
        return nullptr;
    }
    if (!std::filesystem::exists(status)) {
        why = "no such file";
        return nullptr;
    }
    if (std::filesystem::is_directory(status)) {
        why = "is a directory, not a file";
        return nullptr;
    }
    auto in = std::make_unique<std::ifstream>(file, std::ios::binary);
    if (!*in) {
        why = fmt::format("cannot be opened: {}", std::strerror(errno));
        return nullptr;
    }
    return in;
}

}  // namespace

EvidenceFiles read_evidence_files(const std::vector<std::string>& files) {
    // every file opened first, so that a typo in the last name is said before minutes of reading
    std::vector<std::unique_ptr<std::ifstream>> streams;
    std::vector<std::string> problems;
    bool stdin_given = false;
    for (const auto& file : files) {
        std::string why;
        if (file == "-") {
            if (stdin_given) why = "standard input (-) is given twice";
            stdin_given = true;
            streams.push_back(nullptr);
        } else if (file.empty()) {
            why = "the file name is empty";
            streams.push_back(nullptr);
        } else {
            streams.push_back(open_evidence_file(file, why));
        }
        if (!why.empty()) problems.push_back(fmt::format("--evidence {}: {}", file.empty() ? "''" : file, why));
    }
    if (!problems.empty()) fail(problems, exit_usage);

    EvidenceFiles result;
    std::vector<Evidence> rows;
    std::size_t bad_shown = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string name = files[i] == "-" ? stdin_name : files[i];
        auto parsed = streams[i] ? read_evidence_lines(*streams[i], name) : read_evidence_lines(std::cin, name);
        if (!parsed.errors.empty())
            fail({fmt::format("--evidence {}: {}", name, parsed.errors.front().message)}, exit_usage);
        for (const auto& bad : parsed.warnings) {
            if (bad_shown++ < max_bad_lines_shown) say(LogLevel::warning, format_error(bad) + " (line skipped)");
        }
        if (!parsed.warnings.empty()) result.skipped.emplace_back(name, parsed.warnings.size());
        result.read += parsed.value.size();
        rows.insert(rows.end(), std::make_move_iterator(parsed.value.begin()), std::make_move_iterator(parsed.value.end()));
        streams[i].reset();  // closed once read
    }
    if (bad_shown > max_bad_lines_shown)
        say(LogLevel::warning, fmt::format("… and {} more bad lines", bad_shown - max_bad_lines_shown));
    result.rows = merge_evidence(std::move(rows));
    return result;
}

void report_skipped_lines(const EvidenceFiles& files) {
    for (const auto& [file, count] : files.skipped)
        Console::get().say(LogLevel::warning,
                           fmt::format("{} bad line{} skipped in {}", count, count == 1 ? "" : "s", file),
                           {{"event", "skipped_lines"}, {"file", file}, {"lines", count}}, true);
}

}  // namespace sharitories::cli
