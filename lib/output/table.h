// A plain table of named, typed columns: what every command prints, whatever the format. The
// typed columns let JSON and xlsx write numbers as numbers (and codes, text columns, as text) while
// CSV, TSV and Markdown write text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sharitories {

/// text: anything read as written, codes included (an INSEE code 08105 keeps its zero); integer: whole
/// numbers (counts, populations); number: decimals written with a point (scores, per_10k).
enum class ColumnType { text, integer, number };

struct Column {
    std::string name;
    ColumnType type = ColumnType::text;
};

struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows;  ///< each row has one cell per column
};

/// xlsx is a file format (a zip): output/xlsx_writer.h writes it to a path, never to a stream.
enum class Format { csv, tsv, json, jsonl, md, xlsx };

/// "csv", "tsv", "json", "jsonl", "md" (also "markdown"), "xlsx".
std::optional<Format> parse_format(std::string_view name);

/// The format a file name's extension names, case aside: .csv .tsv .json .jsonl .md .xlsx; none for
/// another extension or none.
std::optional<Format> format_from_extension(std::string_view path);

std::string_view to_string(Format format);

}  // namespace sharitories
