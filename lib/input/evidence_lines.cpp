#include "input/evidence_lines.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <sstream>

#include "input/cities_reader.h"

namespace sharitories {
namespace {

using Json = nlohmann::json;

constexpr std::string_view pillar_names = "consommation, production, financement, gouvernance";

/// "a string", "an array" … as a JSON value's type is said in a message.
std::string kind_of(const Json& value) {
    const std::string name = value.type_name();
    return (name == "array" || name == "object" ? "an " : "a ") + name;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

/// "AMAP; circuit court" → {"AMAP", "circuit court"}, as evidence_table joins them.
std::vector<std::string> split_terms(std::string_view joined) {
    std::vector<std::string> terms;
    while (!joined.empty()) {
        const auto semicolon = joined.find(';');
        const auto term = trim(joined.substr(0, semicolon));
        if (!term.empty()) terms.emplace_back(term);
        joined = semicolon == std::string_view::npos ? std::string_view{} : joined.substr(semicolon + 1);
    }
    return terms;
}

/// Reads one object's keys into an Evidence; the first problem found is the line's error.
class LineFields {
public:
    explicit LineFields(const Json& object) : object_(object) {}

    /// A required key: a non-empty string.
    std::optional<std::string> required(const char* key) {
        const auto found = object_.find(key);
        if (found == object_.end() || found->is_null())
            return problem(fmt::format("no \"{}\" (required: insee, pillar, initiative, url)", key));
        if (!found->is_string()) return problem(fmt::format("\"{}\" is {}, not a string", key, kind_of(*found)));
        auto text = found->get<std::string>();
        if (trim(text).empty()) return problem(fmt::format("\"{}\" is empty", key));
        return text;
    }

    /// An optional string: "" when absent or null.
    std::string text(const char* key) {
        const auto found = object_.find(key);
        if (found == object_.end() || found->is_null()) return "";
        if (!found->is_string()) {
            problem(fmt::format("\"{}\" is {}, not a string", key, kind_of(*found)));
            return "";
        }
        return found->get<std::string>();
    }

    /// An optional number in [low, high]: `absent` when absent or null.
    double number(const char* key, double absent, double low, double high) {
        const auto found = object_.find(key);
        if (found == object_.end() || found->is_null()) return absent;
        if (!found->is_number()) {
            problem(fmt::format("\"{}\" is {}, not a number", key, kind_of(*found)));
            return absent;
        }
        const double value = found->get<double>();
        if (value < low || value > high)
            problem(high == std::numeric_limits<double>::infinity()
                        ? fmt::format("\"{}\" is {}: a number from {} up is needed", key, value, low)
                        : fmt::format("\"{}\" is {}: a number from {} to {} is needed", key, value, low, high));
        return value;
    }

    /// terms: a "; "-joined string, or an array of strings.
    std::vector<std::string> terms() {
        const auto found = object_.find("terms");
        if (found == object_.end() || found->is_null()) return {};
        if (found->is_string()) return split_terms(found->get<std::string>());
        if (!found->is_array()) {
            problem(fmt::format("\"terms\" is {}, not a string or an array of strings", kind_of(*found)));
            return {};
        }
        std::vector<std::string> terms;
        for (const auto& term : *found) {
            if (!term.is_string()) {
                problem(fmt::format("\"terms\" holds {}, not only strings", kind_of(term)));
                return {};
            }
            terms.push_back(term.get<std::string>());
        }
        return terms;
    }

    /// The first problem, if any.
    const std::optional<std::string>& error() const { return error_; }

    std::nullopt_t problem(std::string message) {
        if (!error_) error_ = std::move(message);
        return std::nullopt;
    }

private:
    const Json& object_;
    std::optional<std::string> error_;
};

/// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error …" →
/// "column 9: syntax error …" (the line is always 1: each line is parsed alone).
std::string parse_reason(const Json::parse_error& error) {
    std::string_view what = error.what();
    const auto at = what.find("column ");
    return std::string(at == std::string_view::npos ? what : what.substr(at));
}

/// The line's evidence, or why it is no evidence.
Evidence parse_line(std::string_view line, std::string& why) {
    Json object;
    try {
        object = Json::parse(line.begin(), line.end());
    } catch (const Json::parse_error& error) {
        // the parser ran out of text before the value ended: a line cut mid-write
        if (error.byte > line.size() && trim(line).starts_with('{')) {
            why = "cut short: the line ends inside its JSON object (its writer stopped mid-line?)";
        } else {
            why = "not JSON: " + parse_reason(error);
        }
        return {};
    }
    if (!object.is_object()) {
        why = fmt::format("{}, not a JSON object", kind_of(object));
        return {};
    }
    LineFields fields(object);
    Evidence row;
    const auto insee = fields.required("insee");
    if (insee && !is_insee_code(*insee))
        fields.problem(fmt::format("insee \"{}\" is not an INSEE code (5 characters like 56121 or 2A004)", *insee));
    const auto pillar_name = fields.required("pillar");
    const auto pillar = pillar_name ? parse_pillar(*pillar_name) : std::nullopt;
    if (pillar_name && !pillar) fields.problem(fmt::format("unknown pillar \"{}\" (the pillars: {})", *pillar_name, pillar_names));
    const auto initiative = fields.required("initiative");
    const auto url = fields.required("url");
    row.city = fields.text("city");
    row.title = fields.text("title");
    row.terms = fields.terms();
    row.strength = fields.number("strength", 0, 0, std::numeric_limits<double>::infinity());
    row.town_weight = fields.number("town_weight", 1, 0, 1);
    row.fetched_at = fields.text("fetched_at");
    // the Common Crawl record the page was read from (wet's lines, evidence's of scan --cc-records)
    row.archive.crawl = fields.text("crawl");
    row.archive.warc_filename = fields.text("warc_filename");
    constexpr double largest_offset = 9007199254740992.0;  // 2^53: exact in a JSON number
    row.archive.warc_record_offset =
        static_cast<std::uint64_t>(fields.number("warc_record_offset", 0, 0, largest_offset));
    row.archive.warc_record_length =
        static_cast<std::uint64_t>(fields.number("warc_record_length", 0, 0, largest_offset));
    if (fields.error()) {
        why = *fields.error();
        return {};
    }
    row.insee = *insee;
    row.pillar = *pillar;
    row.initiative = *initiative;
    row.url = *url;
    return row;
}

}  // namespace

Parsed<std::vector<Evidence>> read_evidence_lines(std::istream& in, const std::string& file) {
    Parsed<std::vector<Evidence>> result;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::string_view text = line;
        if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
        if (trim(text).empty()) continue;
        std::string why;
        Evidence row = parse_line(text, why);
        if (why.empty()) result.value.push_back(std::move(row));
        else result.warnings.push_back({file, number, 0, std::move(why)});
    }
    if (in.bad()) result.errors.push_back({file, 0, 0, fmt::format("could not be read to its end (after line {})", number)});
    return result;
}

Parsed<std::vector<Evidence>> read_evidence_lines(std::string_view text, const std::string& file) {
    std::istringstream in{std::string(text)};
    return read_evidence_lines(in, file);
}

}  // namespace sharitories
