// Reads an .xlsx back for the tests — ours (libxlsxwriter's) or one LibreOffice wrote — as far as
// the tests look: each cell's type, value and formula, the frozen pane, the autofilter, the links, the
// columns' widths. The zip is opened with `unzip -p` (Debian's unzip, installed by scripts/setup); the
// XML is matched with regular expressions, enough for the two writers' plain output.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sharitories::test {

struct XlsxCell {
    std::string type;     ///< "s" (a string), "n" (a number), "str" (a formula's text result), "b" …
    std::string value;    ///< the text, or the number as written in the XML (45.46)
    std::string formula;  ///< without its '=', "" if none
    int style = 0;        ///< the s= attribute: an index into styles.xml's cellXfs
};

struct XlsxSheet {
    std::string name;
    std::map<std::string, XlsxCell> cells;          ///< by reference: "A1", "B2" …
    std::string pane;                                 ///< the <pane …/> element, "" if none
    std::string autofilter;                           ///< the autoFilter's ref ("A1:I3"), "" if none
    std::map<std::string, std::string> hyperlinks;    ///< cell → target
    std::map<int, double> widths;                     ///< column (1-based) → width

    /// The cell at `ref`, or an empty one (type "") if the sheet has none there.
    XlsxCell at(const std::string& ref) const;
};

/// The text of one member of a zip file (`unzip -p`); "" if it is missing.
std::string unzip_member(const std::filesystem::path& zip, const std::string& member);

/// The workbook's sheets, in order.
std::vector<XlsxSheet> read_xlsx(const std::filesystem::path& path);

/// The number format code of a cell style (styles.xml's cellXfs[style]): "0", "0.00", "General", "@" …
std::string xlsx_number_format(const std::filesystem::path& path, int style);

}  // namespace sharitories::test
