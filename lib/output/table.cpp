#include "output/table.h"

#include <cctype>
#include <string>

namespace sharitories {

std::optional<Format> parse_format(std::string_view name) {
    for (auto format : {Format::csv, Format::tsv, Format::json, Format::jsonl, Format::md, Format::xlsx}) {
        if (to_string(format) == name) return format;
    }
    if (name == "markdown") return Format::md;
    return std::nullopt;
}

std::string_view to_string(Format format) {
    switch (format) {
        case Format::csv: return "csv";
        case Format::tsv: return "tsv";
        case Format::json: return "json";
        case Format::jsonl: return "jsonl";
        case Format::md: return "md";
        case Format::xlsx: return "xlsx";
    }
    return "?";
}

std::optional<Format> format_from_extension(std::string_view path) {
    const auto slash = path.find_last_of('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;  // no extension, or a hidden file's name
    std::string extension(name.substr(dot + 1));
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension == "markdown") return std::nullopt;  // only the names the help lists
    return parse_format(extension);
}

}  // namespace sharitories
