// A plain table of named, typed columns: what every command prints, whatever the format. The
// typed columns let JSON write numbers as numbers while CSV, TSV and Markdown write text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharitories {

enum class ColumnType { text, integer, number };

struct Column {
    std::string name;
    ColumnType type = ColumnType::text;
};

struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows;  ///< each row has one cell per column
};

enum class Format { csv, tsv, json, jsonl, md };

/// "csv", "tsv", "json", "jsonl", "md" (also "markdown").
std::optional<Format> parse_format(std::string_view name);

std::string_view to_string(Format format);

}  // namespace sharitories
