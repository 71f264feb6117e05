#include "output/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <map>
#include <memory>
#include <stdexcept>
#include <system_error>

#include "output/atomic_file.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

// Excel's limits (libxlsxwriter refuses past them, with a warning on stderr).
constexpr std::size_t max_cell_bytes = 32767;  // characters in Excel; bytes here, which is stricter
constexpr std::size_t max_url_length = 2079;
constexpr std::size_t max_urls_per_sheet = 65530;
constexpr std::size_t max_sheet_name = 31;
constexpr int max_decimals = 10;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// The first `max_bytes` of `text`, cut between UTF-8 characters.
std::string_view cut_bytes(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && is_continuation(text[end])) --end;
    return text.substr(0, end);
}

/// The first `max_chars` characters of `text`.
std::string_view cut_chars(std::string_view text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_continuation(text[i])) continue;
        if (chars++ == max_chars) return text.substr(0, i);
    }
    return text;
}

/// The characters of the longest line of `cell`: what a column must show.
std::size_t display_width(std::string_view cell) {
    std::size_t widest = 0;
    while (true) {
        const auto line_end = cell.find('\n');
        widest = std::max(widest, utf8_length(cell.substr(0, line_end)));
        if (line_end == std::string_view::npos) return widest;
        cell.remove_prefix(line_end + 1);
    }
}

/// The length the URL takes once libxlsxwriter has escaped it (each of \s " < > \ [ ] ^ { } as %xx).
std::size_t escaped_url_length(std::string_view url) {
    std::size_t length = url.size();
    for (char c : url) {
        if (std::string_view(" \t\n\r\"<>\\[]^{}`").find(c) != std::string_view::npos) length += 2;
    }
    return length;
}

/// One address alone: http:// or https://, no whitespace (top_evidence's several URLs are text).
bool is_url(std::string_view cell) {
    return (cell.starts_with("http://") || cell.starts_with("https://")) &&
           cell.find_first_of(" \t\r\n") == std::string_view::npos;
}

template <typename T>
bool parse_whole(std::string_view cell, T& value) {
    auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    return !cell.empty() && error == std::errc{} && end == cell.data() + cell.size();
}

/// The digits after the decimal point of a number as the table wrote it (45.46: 2).
int decimals_of(std::string_view cell) {
    const auto point = cell.find('.');
    if (point == std::string_view::npos) return 0;
    const auto exponent = cell.find_first_of("eE", point);
    const auto end = exponent == std::string_view::npos ? cell.size() : exponent;
    return static_cast<int>(std::min<std::size_t>(end - point - 1, max_decimals));
}

struct WorkbookCloser {
    void operator()(lxw_workbook* workbook) const {
        if (workbook != nullptr) workbook_close(workbook);  // only on an error path: the file is discarded
    }
};

class SheetWriter {
public:
    SheetWriter(lxw_workbook* workbook, lxw_worksheet* worksheet, lxw_format* header)
        : workbook_(workbook), worksheet_(worksheet), header_(header) {}

    void write(const Table& table) {
        const auto columns = static_cast<lxw_col_t>(std::min<std::size_t>(table.columns.size(), LXW_COL_MAX));
        const auto rows = std::min<std::size_t>(table.rows.size(), LXW_ROW_MAX - 1);
        if (columns == 0) return;
        std::vector<std::size_t> widths(columns, 0);
        for (lxw_col_t c = 0; c < columns; ++c) {
            write_string(0, c, table.columns[c].name, header_);
            widths[c] = display_width(table.columns[c].name) + 2;  // room for the filter's button
        }
        for (lxw_col_t c = 0; c < columns; ++c) {
            const ColumnType type = table.columns[c].type;
            for (std::size_t r = 0; r < rows; ++r) {
                const auto& row = table.rows[r];
                if (c >= row.size()) continue;
                write_cell(static_cast<lxw_row_t>(r + 1), c, row[c], type, number_format(type, row[c]));
                widths[c] = std::max(widths[c], display_width(row[c]) + 1);
            }
        }
        for (lxw_col_t c = 0; c < columns; ++c) {
            const double width = std::min(static_cast<double>(widths[c]), xlsx_max_column_width);
            worksheet_set_column(worksheet_, c, c, width, nullptr);
        }
        worksheet_freeze_panes(worksheet_, 1, 0);
        worksheet_autofilter(worksheet_, 0, 0, static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(columns - 1));
    }

private:
    /// A cell's number format: "0" in an integer column; in a number column the decimals the table
    /// wrote in that cell ("0.00" for 45.46 — per cell, so that a column mixing a rank and a
    /// coverage, as the changes' before and after do, shows 97 and 0.25); none for text.
    lxw_format* number_format(ColumnType type, std::string_view cell) {
        if (type == ColumnType::text) return nullptr;
        const int decimals = type == ColumnType::number ? decimals_of(cell) : 0;
        auto& format = formats_[decimals];
        if (format == nullptr) {
            format = workbook_add_format(workbook_);
            const std::string code = decimals == 0 ? "0" : "0." + std::string(static_cast<std::size_t>(decimals), '0');
            format_set_num_format(format, code.c_str());
        }
        return format;
    }

    void write_cell(lxw_row_t row, lxw_col_t column, const std::string& cell, ColumnType type, lxw_format* format) {
        if (type != ColumnType::text) {
            if (cell.empty()) return;  // no value: a blank cell, not a zero
            double value = 0;
            long long whole = 0;
            const bool parsed = type == ColumnType::integer ? parse_whole(cell, whole) : parse_whole(cell, value);
            if (parsed) {
                worksheet_write_number(worksheet_, row, column, type == ColumnType::integer ? static_cast<double>(whole) : value,
                                       format);
                return;
            }
            // not a number after all: the text as it is, rather than nothing
        } else if (is_url(cell) && urls_ < max_urls_per_sheet && escaped_url_length(cell) <= max_url_length) {
            if (worksheet_write_url(worksheet_, row, column, cell.c_str(), nullptr) == LXW_NO_ERROR) {
                ++urls_;
                return;
            }
        }
        if (cell.empty()) return;
        write_string(row, column, cell, nullptr);
    }

    void write_string(lxw_row_t row, lxw_col_t column, std::string_view text, lxw_format* format) {
        const std::string kept(cut_bytes(text, max_cell_bytes));
        worksheet_write_string(worksheet_, row, column, kept.c_str(), format);
    }

    lxw_workbook* workbook_;
    lxw_worksheet* worksheet_;
    lxw_format* header_;
    std::size_t urls_ = 0;
    std::map<int, lxw_format*> formats_;  ///< by decimals; the workbook owns them
};

/// Sheet names made unique, case aside as Excel compares them: "evidence", "evidence (2)" …
std::vector<std::string> unique_sheet_names(const std::vector<Sheet>& sheets) {
    std::vector<std::string> names;
    auto taken = [&](const std::string& name) {
        const std::string lower = ascii_lower(name);
        return std::any_of(names.begin(), names.end(), [&](const std::string& other) { return ascii_lower(other) == lower; });
    };
    for (const auto& sheet : sheets) {
        const std::string base = excel_sheet_name(sheet.name);
        std::string name = base;
        for (int n = 2; taken(name); ++n) {
            const std::string suffix = " (" + std::to_string(n) + ")";
            name = std::string(cut_chars(base, max_sheet_name - suffix.size())) + suffix;
        }
        names.push_back(name);
    }
    return names;
}

}  // namespace

std::string excel_sheet_name(std::string_view name) {
    std::string clean;
    for (char c : name) clean += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
    std::string_view kept = clean;
    while (!kept.empty() && kept.front() == '\'') kept.remove_prefix(1);
    kept = cut_chars(kept, max_sheet_name);
    while (!kept.empty() && kept.back() == '\'') kept.remove_suffix(1);
    return kept.empty() ? "sheet" : std::string(kept);
}

void write_workbook(const std::filesystem::path& path, const std::vector<Sheet>& sheets) {
    if (sheets.empty()) throw std::invalid_argument("a workbook needs at least one sheet");
    AtomicFile file(path);
    const auto names = unique_sheet_names(sheets);
    {
        std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new(file.temporary_path().c_str()));
        if (!workbook) throw std::system_error(ENOMEM, std::generic_category(), "cannot start the workbook " + path.string());
        lxw_format* header = workbook_add_format(workbook.get());
        format_set_bold(header);
        for (std::size_t i = 0; i < sheets.size(); ++i) {
            lxw_worksheet* worksheet = workbook_add_worksheet(workbook.get(), names[i].c_str());
            if (worksheet == nullptr)
                throw std::system_error(EINVAL, std::generic_category(), "cannot add the sheet " + names[i] + " to " + path.string());
            SheetWriter(workbook.get(), worksheet, header).write(sheets[i].table);
        }
        const lxw_error closed = workbook_close(workbook.release());
        if (closed != LXW_NO_ERROR)
            throw std::system_error(errno ? errno : EIO, std::generic_category(),
                                    std::string("cannot write the workbook (") + lxw_strerror(closed) + ") " + path.string());
    }
    file.commit();
}

}  // namespace sharitories
