// Writes a Table to a stream as CSV (RFC 4180: quotes only where needed, LF line ends), TSV (tabs and
// line breaks inside cells become spaces, as TSV has no quoting), JSON (an array of objects, keys in
// column order, integer and number columns as JSON numbers), JSON Lines, or a Markdown table.
#pragma once

#include <ostream>

#include "output/table.h"

namespace sharitories {

struct WriteOptions {
    /// For French spreadsheets (Excel): a UTF-8 BOM, `;` as the separator and CRLF line ends. CSV only.
    bool csv_excel = false;
};

void write_table(std::ostream& out, const Table& table, Format format, const WriteOptions& options = {});

}  // namespace sharitories
