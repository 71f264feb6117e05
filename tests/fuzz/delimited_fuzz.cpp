// Delimited text (lib/input/delimited_text.h): CSV, `;` and TAB files as real files come.
// Invariants, with and without `#` comments: every error is located; each record has a line and a
// column for each field, lines in order; and the fields read back: the records written again as
// RFC 4180 (every field quoted, `"` doubled, with the delimiter found) parse to the same fields.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "input/delimited_text.h"

namespace {

std::string quoted(const std::string& field) {
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string describe(const sharitories::DelimitedTable& table) {
    std::string out;
    for (const auto& record : table.records) {
        out += std::to_string(record.line) + ":";
        for (const auto& field : record.fields) out += " [" + fuzz::escape(field, 80) + "]";
        out += "\n";
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::as_text(data, size);
    for (bool comments : {false, true}) {
        const sharitories::DelimitedOptions options{.comments = comments};
        const auto parsed = sharitories::parse_delimited(text, "fuzz.csv", options);
        const auto input = [&] { return std::string(comments ? "(comments) " : "") + "\"" + fuzz::escape(text) + "\""; };
        for (const auto& error : parsed.errors)
            FUZZ_CHECK(error.line >= 0 && error.column >= 0 && !error.message.empty(), input());
        if (!parsed.ok()) continue;

        int last_line = 0;
        std::string written;
        for (const auto& record : parsed.value.records) {
            FUZZ_CHECK(!record.fields.empty(), input());
            FUZZ_CHECK(record.lines.size() == record.fields.size() && record.columns.size() == record.fields.size(), input());
            FUZZ_CHECK(record.line > last_line, input());
            for (std::size_t i = 0; i < record.fields.size(); ++i) {
                FUZZ_CHECK(record.lines[i] >= record.line && record.columns[i] >= 1, input());
                FUZZ_CHECK(fuzz::is_valid_utf8(record.fields[i]), input());
                if (i > 0) written += parsed.value.delimiter;
                written += quoted(record.fields[i]);
            }
            last_line = record.line;
            written += '\n';
        }

        const std::string delimiter(1, parsed.value.delimiter);
        const auto again = sharitories::parse_delimited(written, "again.csv", {.delimiters = delimiter, .comments = comments});
        FUZZ_CHECK(again.ok(), input() + "\nwritten again: \"" + fuzz::escape(written) + "\"");
        FUZZ_CHECK(again.value.records.size() == parsed.value.records.size(),
                   input() + "\nread:\n" + describe(parsed.value) + "read again:\n" + describe(again.value));
        for (std::size_t r = 0; r < parsed.value.records.size(); ++r)
            FUZZ_CHECK(again.value.records[r].fields == parsed.value.records[r].fields,
                       input() + "\nread:\n" + describe(parsed.value) + "read again:\n" + describe(again.value));
    }
    return 0;
}
