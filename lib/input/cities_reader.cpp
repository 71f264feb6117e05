#include "input/cities_reader.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>

#include "input/delimited_text.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

constexpr std::array<std::string_view, 3> required_columns{"insee", "name", "population"};

/// Names go into search queries between quotes, one query per line: they must stay on one line,
/// hold no quote, and be short enough for a query to stay under 400 characters.
constexpr std::size_t max_name_chars = 100;

std::string delimiter_name(char delimiter) {
    return delimiter == '\t' ? "TAB" : std::string(1, delimiter);
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string known_columns_list() {
    std::string list;
    for (auto column : city_columns) {
        if (!list.empty()) list += ", ";
        list += column;
    }
    return list;
}

/// Reads the fields of one data row into a City, adding an error for each field that is malformed.
class RowReader {
public:
    RowReader(const std::string& file, const DelimitedRecord& record,
              const std::map<std::string, std::size_t, std::less<>>& column_index,
              std::vector<InputError>& errors)
        : file_(file), record_(record), column_index_(column_index), errors_(errors) {}

    /// The trimmed field of that column, or nullopt when the file has no such column.
    std::optional<std::string_view> field(std::string_view column) const {
        auto found = column_index_.find(column);
        if (found == column_index_.end()) return std::nullopt;
        return trim(record_.fields[found->second]);
    }

    void error(std::string_view column, std::string message) {
        auto found = column_index_.find(column);
        const bool known = found != column_index_.end();
        errors_.push_back({file_, known ? record_.lines[found->second] : record_.line,
                           known ? record_.columns[found->second] : 0,
                           fmt::format("{} (column '{}')", message, column)});
    }

private:
    const std::string& file_;
    const DelimitedRecord& record_;
    const std::map<std::string, std::size_t, std::less<>>& column_index_;
    std::vector<InputError>& errors_;
};

void check_name(RowReader& row, std::string_view column, std::string_view name) {
    if (name.find('"') != std::string_view::npos)
        row.error(column, fmt::format("'{}' holds a double quote, which would break the search query", name));
    else if (has_control_char(name))
        row.error(column, "the name holds a line break, a tab or another control character");
    else if (utf8_length(name) > max_name_chars)
        row.error(column, fmt::format("the name is longer than {} characters", max_name_chars));
}

City read_city(RowReader& row) {
    City city;
    city.insee = ascii_upper(row.field("insee").value_or(""));
    if (!is_insee_code(city.insee)) {
        const bool lost_zero = city.insee.size() == 4 && city.insee.find_first_not_of("0123456789") == std::string::npos;
        row.error("insee", fmt::format("INSEE code '{}' is not 5 characters like 56121 or 2A004{}", city.insee,
                                       lost_zero ? fmt::format(" (did a spreadsheet drop a leading zero? "
                                                               "write 0{})",
                                                               city.insee)
                                                 : ""));
    }
    city.name = std::string(row.field("name").value_or(""));
    if (city.name.empty()) row.error("name", "the town's name is empty");
    check_name(row, "name", city.name);

    std::string_view population = row.field("population").value_or("");
    if (!all_digits(population) || population.size() > 12) {
        row.error("population",
                  fmt::format("population '{}' is not a whole number (digits only: no spaces, "
                              "separators or decimals)",
                              population));
    } else {
        std::from_chars(population.data(), population.data() + population.size(), city.population);
    }

    if (auto departement = row.field("departement")) {
        city.departement = ascii_upper(*departement);
        if (!city.departement.empty() && !is_departement_code(city.departement)) {
            row.error("departement",
                      fmt::format("département code '{}' is not like 56, 2A or 971", *departement));
        }
    }
    city.departement_name = std::string(row.field("departement_name").value_or(""));
    check_name(row, "departement_name", city.departement_name);
    if (auto region = row.field("region")) {
        city.region = std::string(*region);
        if (!region->empty() && !all_digits(*region)) {
            row.error("region", fmt::format("region code '{}' is not a number like 53", *region));
        }
    }
    city.region_name = std::string(row.field("region_name").value_or(""));
    if (auto siren = row.field("epci_siren")) {
        city.epci_siren = std::string(*siren);
        if (!siren->empty() && !(all_digits(*siren) && siren->size() == 9)) {
            row.error("epci_siren", fmt::format("EPCI SIREN '{}' is not 9 digits", *siren));
        }
    }
    city.epci_name = std::string(row.field("epci_name").value_or(""));
    city.epci_type = std::string(row.field("epci_type").value_or(""));
    if (auto centre = row.field("ville_centre")) {
        if (*centre == "1") city.ville_centre = true;
        else if (!centre->empty() && *centre != "0")
            row.error("ville_centre", fmt::format("ville_centre '{}' is not 0 or 1", *centre));
    }
    if (auto postcodes = row.field("postcodes")) {
        std::size_t pos = 0;
        while (pos < postcodes->size()) {
            std::size_t end = postcodes->find(' ', pos);
            if (end == std::string_view::npos) end = postcodes->size();
            std::string_view code = postcodes->substr(pos, end - pos);
            if (!code.empty()) {
                if (all_digits(code) && code.size() == 5) city.postcodes.emplace_back(code);
                else row.error("postcodes", fmt::format("postcode '{}' is not 5 digits", code));
            }
            pos = end + 1;
        }
    }
    return city;
}

}  // namespace

bool is_insee_code(std::string_view code) {
    if (code.size() != 5 || !all_digits(code.substr(2))) return false;
    return all_digits(code.substr(0, 2)) || code.substr(0, 2) == "2A" || code.substr(0, 2) == "2B";
}

bool is_departement_code(std::string_view code) {
    if (code == "2A" || code == "2B") return true;
    if (code.size() == 2) return all_digits(code) && code != "00" && code != "20";
    return code.size() == 3 && all_digits(code) && code.starts_with("9") && code >= "971" &&
           code <= "989";
}

Parsed<CityList> read_cities(std::string_view text, const std::string& file) {
    Parsed<CityList> result;
    auto table = parse_delimited(text, file);
    if (!table.ok()) {
        result.errors = std::move(table.errors);
        return result;
    }
    auto& records = table.value.records;
    if (records.empty()) {
        result.errors.push_back({file, 0, 0,
                                 fmt::format("the file is empty: expected a header row with the "
                                             "columns {}",
                                             known_columns_list())});
        return result;
    }

    const DelimitedRecord& header = records.front();
    std::map<std::string, std::size_t, std::less<>> column_index;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        std::string name = ascii_lower(trim(header.fields[i]));
        if (name.empty()) continue;  // an empty header cell: a column nobody named, ignored
        auto [it, inserted] = column_index.emplace(name, i);
        if (!inserted) {
            result.errors.push_back({file, header.line, header.columns[i],
                                     fmt::format("column '{}' appears twice in the header (also "
                                                 "column {})",
                                                 name, it->second + 1)});
        } else {
            result.value.columns.push_back(name);
        }
    }
    for (auto required : required_columns) {
        if (!column_index.contains(required)) {
            result.errors.push_back(
                {file, header.line, 0,
                 fmt::format("missing column '{}' in the header (required: insee, name, population; "
                             "delimiter read as '{}')",
                             required, delimiter_name(table.value.delimiter))});
        }
    }
    if (!result.ok()) return result;

    std::map<std::string, int, std::less<>> first_line_of_insee;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const DelimitedRecord& record = records[r];
        if (record.fields.size() != header.fields.size()) {
            result.errors.push_back(
                {file, record.line, 0,
                 fmt::format("expected {} fields as in the header, found {} (a '{}' too many or too "
                             "few, or a field that should be quoted)",
                             header.fields.size(), record.fields.size(),
                             delimiter_name(table.value.delimiter))});
            continue;
        }
        RowReader row(file, record, column_index, result.errors);
        City city = read_city(row);
        auto [it, inserted] = first_line_of_insee.emplace(city.insee, record.line);
        if (!inserted && is_insee_code(city.insee)) {
            row.error("insee", fmt::format("duplicate INSEE code {}, already on line {}", city.insee,
                                           it->second));
        }
        result.value.cities.push_back(std::move(city));
    }
    return result;
}

}  // namespace sharitories
