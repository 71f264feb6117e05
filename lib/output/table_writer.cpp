#include "output/table_writer.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <stdexcept>

namespace sharitories {
namespace {

void write_csv_cell(std::ostream& out, const std::string& cell, char separator) {
    const bool needs_quotes = cell.find_first_of(std::string{separator, '"', '\n', '\r'}) != std::string::npos;
    if (!needs_quotes) {
        out << cell;
        return;
    }
    out << '"';
    for (char c : cell) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

bool all_digits(const std::string& cell) {
    return !cell.empty() && cell.find_first_not_of("0123456789") == std::string::npos;
}

bool is_number(const std::string& cell) {
    double value = 0;
    auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    return !cell.empty() && error == std::errc{} && end == cell.data() + cell.size();
}

void write_csv(std::ostream& out, const Table& table, const WriteOptions& options) {
    const char separator = options.csv_excel ? ';' : ',';
    const char* line_end = options.csv_excel ? "\r\n" : "\n";
    if (options.csv_excel) out << "\xEF\xBB\xBF";
    auto write_row = [&](const auto& cells, auto cell_text) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) out << separator;
            write_csv_cell(out, cell_text(cells[i]), separator);
        }
        out << line_end;
    };
    write_row(table.columns, [](const Column& column) { return column.name; });
    for (const auto& row : table.rows) {
        if (!options.csv_excel) {
            write_row(row, [](const std::string& cell) { return cell; });
            continue;
        }
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) out << separator;
            const ColumnType type = i < table.columns.size() ? table.columns[i].type : ColumnType::text;
            // a code's ="08105" unquoted, as Excel's users write it (it holds no separator nor line
            // break); any other cell, a page's title that happens to start with =" included, quoted as usual
            if (type == ColumnType::text && all_digits(row[i])) out << excel_csv_cell(row[i], type);
            else write_csv_cell(out, excel_csv_cell(row[i], type), separator);
        }
        out << line_end;
    }
}

std::string tsv_cell(const std::string& cell) {
    std::string clean = cell;
    for (char& c : clean) {
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return clean;
}

void write_tsv(std::ostream& out, const Table& table) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) out << (i ? "\t" : "") << table.columns[i].name;
    out << '\n';
    for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "\t" : "") << tsv_cell(row[i]);
        out << '\n';
    }
}

/// A cell of a numeric column as a JSON number; an empty or unparsable cell becomes null.
nlohmann::ordered_json json_value(const std::string& cell, ColumnType type) {
    if (type == ColumnType::text) return cell;
    if (cell.empty()) return nullptr;
    if (type == ColumnType::integer) {
        long long value = 0;
        auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
        if (error == std::errc{} && end == cell.data() + cell.size()) return value;
        return nullptr;
    }
    double value = 0;
    auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (error == std::errc{} && end == cell.data() + cell.size()) return value;
    return nullptr;
}

nlohmann::ordered_json json_object(const Table& table, const std::vector<std::string>& row) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        object[table.columns[i].name] = json_value(row[i], table.columns[i].type);
    }
    return object;
}

// Invalid UTF-8 cannot reach here from our readers, but a cell is replaced rather than thrown on.
constexpr auto json_error_handler = nlohmann::ordered_json::error_handler_t::replace;

void write_json(std::ostream& out, const Table& table) {
    out << "[";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        out << (r ? ",\n  " : "\n  ") << json_object(table, table.rows[r]).dump(-1, ' ', false, json_error_handler);
    }
    out << (table.rows.empty() ? "]\n" : "\n]\n");
}

void write_jsonl(std::ostream& out, const Table& table) {
    for (const auto& row : table.rows) out << json_object(table, row).dump(-1, ' ', false, json_error_handler) << '\n';
}

std::string md_cell(const std::string& cell) {
    std::string clean;
    for (char c : cell) {
        if (c == '|') clean += "\\|";
        else if (c == '\n' || c == '\r') clean += ' ';
        else clean += c;
    }
    return clean;
}

void write_md(std::ostream& out, const Table& table) {
    out << '|';
    for (const auto& column : table.columns) out << ' ' << column.name << " |";
    out << "\n|";
    for (const auto& column : table.columns) out << (column.type == ColumnType::text ? "---|" : "---:|");
    out << '\n';
    for (const auto& row : table.rows) {
        out << '|';
        for (const auto& cell : row) out << ' ' << md_cell(cell) << " |";
        out << '\n';
    }
}

}  // namespace

std::string excel_csv_cell(const std::string& cell, ColumnType type) {
    switch (type) {
        case ColumnType::text:
            if (all_digits(cell)) return "=\"" + cell + "\"";
            // a page's title or terms come from the web: one that starts like a formula (=, +, -, @)
            // must stay text once the spreadsheet evaluates formulas (OWASP's CSV injection advice)
            if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
                return "'" + cell;
            return cell;
        case ColumnType::integer: return cell;
        case ColumnType::number: {
            if (!is_number(cell)) return cell;
            std::string comma = cell;
            for (char& c : comma) {
                if (c == '.') c = ',';
            }
            return comma;
        }
    }
    return cell;
}

void write_table(std::ostream& out, const Table& table, Format format, const WriteOptions& options) {
    switch (format) {
        case Format::csv: return write_csv(out, table, options);
        case Format::tsv: return write_tsv(out, table);
        case Format::json: return write_json(out, table);
        case Format::jsonl: return write_jsonl(out, table);
        case Format::md: return write_md(out, table);
        case Format::xlsx: throw std::invalid_argument("xlsx is written to a file (write_workbook), not to a stream");
    }
}

}  // namespace sharitories
