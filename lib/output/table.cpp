#include "output/table.h"

namespace sharitories {

std::optional<Format> parse_format(std::string_view name) {
    for (auto format : {Format::csv, Format::tsv, Format::json, Format::jsonl, Format::md}) {
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
    }
    return "?";
}

}  // namespace sharitories
