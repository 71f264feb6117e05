#include "input/data_files.h"

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "input/cities_reader.h"
#include "input/keywords_reader.h"
#include "text/normalize.h"

namespace sharitories {
namespace {

constexpr std::uintmax_t max_input_bytes = 256ull << 20;
const std::set<std::string> optional_files{"platforms.tsv", "homonyms.tsv", "shared-names.tsv", "context.tsv"};

/// "fr.tsv" → "fr": a term file is named by a 2–3 letter lower-case language code.
std::optional<std::string> language_of(const std::filesystem::path& file) {
    if (file.extension() != ".tsv") return std::nullopt;
    std::string stem = file.stem().string();
    if (stem.size() < 2 || stem.size() > 3) return std::nullopt;
    if (!std::all_of(stem.begin(), stem.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        return std::nullopt;
    return stem;
}

template <typename T>
void append(std::vector<T>& to, std::vector<T>&& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

std::filesystem::path default_data_dir() {
    if (const char* dir = std::getenv("SHARITORIES_DATA_DIR"); dir && *dir) return dir;
    std::filesystem::path source = SHARITORIES_SOURCE_DIR;
    std::error_code ignored;
    if (std::filesystem::exists(source / "cities.csv", ignored)) return source;
    return SHARITORIES_INSTALL_DATADIR;
}

Parsed<std::string> read_text_file(const std::filesystem::path& path) {
    Parsed<std::string> result;
    const std::string name = path.string();
    std::error_code error;
    auto status = std::filesystem::status(path, error);
    if (error) {
        result.errors.push_back({name, 0, 0, fmt::format("cannot read: {}", error.message())});
        return result;
    }
    if (std::filesystem::is_directory(status)) {
        result.errors.push_back({name, 0, 0, "is a directory, not a file"});
        return result;
    }
    if (!std::filesystem::is_regular_file(status)) {  // a FIFO or a device could never end
        result.errors.push_back({name, 0, 0, "is not a regular file"});
        return result;
    }
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        result.errors.push_back({name, 0, 0, fmt::format("cannot read: {}", error.message())});
        return result;
    }
    if (size > max_input_bytes) {
        result.errors.push_back({name, 0, 0, "is larger than 256 MiB: not a town or keyword list"});
        return result;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        result.errors.push_back({name, 0, 0, fmt::format("cannot open: {}", std::strerror(errno))});
        return result;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        result.errors.push_back({name, 0, 0, "read error"});
        return result;
    }
    result.value = std::move(text).str();
    return result;
}

Parsed<CityList> load_cities(const std::filesystem::path& path) {
    auto text = read_text_file(path);
    if (!text.ok()) return {{}, std::move(text.errors), {}};
    return read_cities(text.value, path.string());
}

Parsed<KeywordSet> load_keywords(const std::filesystem::path& dir) {
    Parsed<KeywordSet> result;
    const std::string dir_name = dir.string();
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        result.errors.push_back({dir_name, 0, 0, "is not a directory of keyword files"});
        return result;
    }
    std::vector<std::filesystem::path> term_files;
    std::vector<std::filesystem::path> skipped;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        const auto& path = entry.path();
        if (language_of(path)) term_files.push_back(path);
        else if ((path.extension() == ".tsv" || path.extension() == ".csv") && !optional_files.contains(path.filename().string()))
            skipped.push_back(path);
    }
    if (error) {
        result.errors.push_back({dir_name, 0, 0, fmt::format("cannot list: {}", error.message())});
        return result;
    }
    // A spreadsheet may have saved fr.tsv as fr.csv: say so rather than skip it silently.
    std::sort(skipped.begin(), skipped.end());
    for (const auto& path : skipped) {
        result.warnings.push_back({path.string(), 0, 0,
                                   "skipped: not a term file (<language>.tsv, e.g. fr.tsv) nor platforms.tsv, "
                                   "homonyms.tsv, context.tsv or shared-names.tsv"});
    }
    std::sort(term_files.begin(), term_files.end());  // a stable order for queries and output
    if (term_files.empty()) {
        result.errors.push_back({dir_name, 0, 0,
                                 "has no term file: expected at least one <language>.tsv, e.g. fr.tsv "
                                 "(see keywords/README.md)"});
        return result;
    }

    for (const auto& path : term_files) {
        auto text = read_text_file(path);
        if (!text.ok()) {
            append(result.errors, std::move(text.errors));
            continue;
        }
        auto keywords = read_keywords(text.value, path.string(), *language_of(path));
        append(result.errors, std::move(keywords.errors));
        append(result.value.keywords, std::move(keywords.value));
    }

    // The optional files: absent means none of that kind.
    auto read_optional = [&](const char* file_name, auto reader, auto& into) {
        auto path = dir / file_name;
        std::error_code missing;
        if (!std::filesystem::exists(path, missing)) return;
        auto text = read_text_file(path);
        if (!text.ok()) {
            append(result.errors, std::move(text.errors));
            return;
        }
        auto parsed = reader(text.value, path.string());
        append(result.errors, std::move(parsed.errors));
        append(into, std::move(parsed.value));
    };
    read_optional("platforms.tsv", read_platforms, result.value.platforms);
    read_optional("homonyms.tsv", read_homonyms, result.value.ambiguous_names);
    read_optional("shared-names.tsv", read_shared_names, result.value.ambiguous_names);
    read_optional("context.tsv", read_context, result.value.context);
    // a context rule is about a term of a language file: a typo would make it silently do nothing
    for (const auto& rule : result.value.context) {
        if (!is_term_rule(rule.kind)) continue;
        const bool known = std::any_of(result.value.keywords.begin(), result.value.keywords.end(),
                                       [&](const Keyword& keyword) { return normalize(keyword.term) == normalize(rule.term); });
        if (!known)
            result.errors.push_back({rule.file, rule.line, 0, fmt::format("'{}' is not a term of the language files", rule.term)});
    }
    return result;
}

}  // namespace sharitories
