// Writes Tables as the sheets of one Excel workbook (.xlsx, through libxlsxwriter: the only file with
// <xlsxwriter.h>), typed from the Tables' columns: a text column's cells as strings (codes stay text:
// 08105, 2A004, 05), an integer column's as numbers shown as whole numbers, a number column's as
// numbers shown with the decimals the table wrote (45.46, shown 45,46 in a French spreadsheet). An
// empty numeric cell stays empty; a numeric cell that is not a number is written as text, never
// refused. Each sheet: the header row bold and frozen, an autofilter over the header and the data,
// a cell holding one http:// or https:// address as a hyperlink (as plain text past Excel's limits:
// 2079 characters, 65,530 links a sheet), columns as wide as their longest cell in characters (at
// most 60), a cell longer than Excel's 32,767 characters cut there.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "output/table.h"

namespace sharitories {

struct Sheet {
    std::string name;  ///< made to follow Excel's rules by excel_sheet_name()
    Table table;
};

/// Excel's widest column is 255; wider than this is unreadable anyway (a title, a list of URLs).
inline constexpr double xlsx_max_column_width = 60;

/// Writes `sheets`, in order, as the workbook at `path`, atomically (output/atomic_file.h: the
/// previous file stays until the new one is complete). Two sheets whose names become the same get
/// " (2)", " (3)" … Throws std::system_error naming the path if it cannot be written, and
/// std::invalid_argument for no sheet at all.
void write_workbook(const std::filesystem::path& path, const std::vector<Sheet>& sheets);

/// `name` as Excel accepts a sheet's name: []:*?/\ become '_', no apostrophe first or last, at most
/// 31 characters (cut on a UTF-8 character), "sheet" if nothing is left.
std::string excel_sheet_name(std::string_view name);

}  // namespace sharitories
