// Reads delimited text files (CSV as RFC 4180 has it, and its `;` and TAB cousins) into records of
// fields, each remembering its line and column for error messages. Departs from RFC 4180 where real
// files do: LF, CRLF or CR line ends, an optional UTF-8 BOM, a detected delimiter, blank lines
// skipped, optional `#` comment lines, spaces allowed around a quoted field, and a stray `"` inside
// an unquoted field kept as a character. The whole text must be valid UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "input/input_error.h"

namespace sharitories {

struct DelimitedRecord {
    int line = 0;                     ///< line where the record starts (1-based)
    std::vector<std::string> fields;  ///< unquoted, `""` turned into `"`, CRLF inside quotes into LF
    std::vector<int> lines;           ///< line where each field starts (a quoted field may span lines)
    std::vector<int> columns;         ///< 1-based character column where each field starts
};

struct DelimitedTable {
    char delimiter = ',';
    std::vector<DelimitedRecord> records;
};

struct DelimitedOptions {
    /// Candidates, in order of preference: the first that splits the first lines (up to 10, not
    /// blank, not comments) into the same number of fields, more than one, wins; failing that, the
    /// one found most often on the first line.
    std::string_view delimiters = ",;\t";
    /// Lines whose first character is `#` are skipped (keyword files); not in CSV town lists, where a
    /// `#` could start a real value.
    bool comments = false;
};

Parsed<DelimitedTable> parse_delimited(std::string_view text, const std::string& file,
                                       const DelimitedOptions& options = {});

/// Every place where `text` is not valid UTF-8 (or holds a NUL byte), at most one error per line.
std::vector<InputError> check_utf8(std::string_view text, const std::string& file);

/// `text` without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);

/// Trims ASCII spaces and tabs from both ends.
std::string_view trim(std::string_view text);

}  // namespace sharitories
