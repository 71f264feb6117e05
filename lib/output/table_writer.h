// Writes a Table to a stream as CSV (RFC 4180: quotes only where needed, LF line ends), TSV (tabs and
// line breaks inside cells become spaces, as TSV has no quoting), JSON (an array of objects, keys in
// column order, integer and number columns as JSON numbers), JSON Lines, or a Markdown table. xlsx is
// written to a file by output/xlsx_writer.h, not here.
#pragma once

#include <ostream>

#include "output/table.h"

namespace sharitories {

struct WriteOptions {
    /// For spreadsheets set to French (LibreOffice Calc, Excel): a UTF-8 BOM, `;` as the separator,
    /// CRLF line ends, a decimal comma in number columns (45,46), and a text cell made only of digits
    /// written as the formula ="08105", whose value is the text 08105: opened as it is, a code would
    /// become the number 8105. Excel evaluates it on opening; LibreOffice when its text import's
    /// "Evaluate formulas" is ticked (README: --csv-excel). CSV only; plain CSV is never changed.
    bool csv_excel = false;
};

/// Throws std::invalid_argument for Format::xlsx (a workbook is written to a path: write_workbook).
void write_table(std::ostream& out, const Table& table, Format format, const WriteOptions& options = {});

/// A cell as --csv-excel writes it before CSV quoting: a number column's decimal point as a comma,
/// a text column's all-digit cell as ="…". Other cells as they are.
std::string excel_csv_cell(const std::string& cell, ColumnType type);

}  // namespace sharitories
