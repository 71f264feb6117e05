#include "input/delimited_text.h"

#include <utf8proc.h>

#include <fmt/core.h>

namespace sharitories {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr int delimiter_sample_lines = 10;

bool is_line_end(char c) { return c == '\n' || c == '\r'; }

/// Length of the line end (CRLF, LF or a lone CR) at `pos`, or 0 if there is none.
std::size_t line_end_length(std::string_view text, std::size_t pos) {
    if (pos >= text.size()) return 0;
    if (text[pos] == '\r') return pos + 1 < text.size() && text[pos + 1] == '\n' ? 2 : 1;
    return text[pos] == '\n' ? 1 : 0;
}

/// The physical lines of `text`, whatever their line ends.
std::vector<std::string_view> split_lines(std::string_view text, std::size_t max_lines) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t pos = 0; pos <= text.size() && lines.size() < max_lines;) {
        std::size_t end_length = line_end_length(text, pos);
        if (end_length > 0 || pos == text.size()) {
            lines.push_back(text.substr(start, pos - start));
            pos += end_length > 0 ? end_length : 1;
            start = pos;
        } else {
            ++pos;
        }
    }
    return lines;
}

std::size_t count_outside_quotes(std::string_view line, char candidate) {
    std::size_t count = 0;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == candidate && !quoted) ++count;
    }
    return count;
}

char detect_delimiter(std::string_view text, const DelimitedOptions& options) {
    std::vector<std::string_view> sample;
    for (auto line : split_lines(text, 1000)) {
        if (trim(line).empty() || (options.comments && line.front() == '#')) continue;
        sample.push_back(line);
        if (sample.size() == delimiter_sample_lines) break;
    }
    if (sample.empty()) return options.delimiters.front();
    // A line with a quoted line break spoils the count: only whole lines of quotes are compared.
    for (char candidate : options.delimiters) {
        std::size_t first = count_outside_quotes(sample.front(), candidate);
        bool consistent = first > 0;
        for (auto line : sample) consistent = consistent && count_outside_quotes(line, candidate) == first;
        if (consistent) return candidate;
    }
    char best = options.delimiters.front();
    std::size_t best_count = 0;
    for (char candidate : options.delimiters) {
        std::size_t count = count_outside_quotes(sample.front(), candidate);
        if (count > best_count) {
            best = candidate;
            best_count = count;
        }
    }
    return best;
}

/// A cursor over the text that keeps the line and the character column up to date as it moves.
class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}

    bool done() const { return pos_ >= text_.size(); }
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    int line() const { return line_; }
    int column() const { return column_; }

    void advance() {
        // the column counts characters: only the first byte of a UTF-8 sequence moves it
        if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) ++column_;
        ++pos_;
    }

    /// Consumes one line end (CRLF, LF or a lone CR) if the cursor is on one.
    bool consume_line_end() {
        std::size_t length = line_end_length(text_, pos_);
        if (length == 0) return false;
        pos_ += length;
        ++line_;
        column_ = 1;
        return true;
    }

    void skip_to_line_end() {
        while (!done() && !is_line_end(peek())) advance();
    }

    void skip_spaces() {
        while (peek() == ' ') advance();
    }

    /// True if, after spaces, a quote opens a field (spaces around quoted fields are tolerated).
    bool quote_after_spaces() const {
        std::size_t pos = pos_;
        while (pos < text_.size() && text_[pos] == ' ') ++pos;
        return pos < text_.size() && text_[pos] == '"';
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 1;
    int column_ = 1;
};

}  // namespace

std::string_view strip_bom(std::string_view text) {
    if (text.starts_with(utf8_bom)) text.remove_prefix(utf8_bom.size());
    return text;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::vector<InputError> check_utf8(std::string_view text, const std::string& file) {
    std::vector<InputError> errors;
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        errors.push_back({file, 0, 0,
                          "the file is UTF-16 (\"Unicode text\"); save it as UTF-8 (\"CSV UTF-8\")"});
        return errors;
    }
    int line = 1;
    int column = 1;
    int last_error_line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (std::size_t end_length = line_end_length(text, pos)) {
            pos += end_length;
            ++line;
            column = 1;
            continue;
        }
        utf8proc_int32_t code_point = 0;
        auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                       static_cast<utf8proc_ssize_t>(text.size() - pos), &code_point);
        if (length < 0 || code_point == 0) {
            if (line != last_error_line) {
                auto byte = static_cast<unsigned char>(text[pos]);
                std::string message =
                    code_point == 0 && length > 0
                        ? std::string("NUL byte: this is not a text file")
                        : fmt::format("invalid UTF-8 (byte 0x{:02X}); if the file was saved as "
                                      "Latin-1 or Windows-1252, save it again as UTF-8 (\"CSV UTF-8\")",
                                      byte);
                errors.push_back({file, line, column, std::move(message)});
                last_error_line = line;
            }
            ++pos;
            ++column;
            continue;
        }
        ++column;
        pos += static_cast<std::size_t>(length);
    }
    return errors;
}

Parsed<DelimitedTable> parse_delimited(std::string_view text, const std::string& file,
                                       const DelimitedOptions& options) {
    Parsed<DelimitedTable> result;
    text = strip_bom(text);
    result.errors = check_utf8(text, file);
    if (!result.ok()) return result;

    const char delimiter = detect_delimiter(text, options);
    result.value.delimiter = delimiter;
    Cursor cursor(text);
    auto at_field_end = [&] { return cursor.done() || cursor.peek() == delimiter || is_line_end(cursor.peek()); };

    while (!cursor.done()) {
        if (options.comments && cursor.peek() == '#') {
            cursor.skip_to_line_end();
            cursor.consume_line_end();
            continue;
        }
        DelimitedRecord record;
        record.line = cursor.line();
        bool record_ok = true;
        while (true) {
            std::string field;
            if (cursor.quote_after_spaces()) {
                cursor.skip_spaces();
                record.lines.push_back(cursor.line());
                record.columns.push_back(cursor.column());
                const int open_line = cursor.line();
                const int open_column = cursor.column();
                cursor.advance();
                bool closed = false;
                while (!cursor.done()) {
                    char c = cursor.peek();
                    if (c == '"') {
                        cursor.advance();
                        if (cursor.peek() == '"') {
                            field += '"';
                            cursor.advance();
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    if (is_line_end(c)) {
                        cursor.consume_line_end();
                        field += '\n';
                        continue;
                    }
                    field += c;
                    cursor.advance();
                }
                if (!closed) {
                    result.errors.push_back({file, open_line, open_column,
                                             "quoted field is never closed: a '\"' is missing"});
                    return result;
                }
                cursor.skip_spaces();
                if (!at_field_end()) {
                    result.errors.push_back({file, cursor.line(), cursor.column(),
                                             "unexpected character after a closing quote; inside a "
                                             "quoted field write a quote as \"\""});
                    record_ok = false;
                    while (!at_field_end()) cursor.advance();
                }
            } else {
                record.lines.push_back(cursor.line());
                record.columns.push_back(cursor.column());
                while (!at_field_end()) {
                    field += cursor.peek();
                    cursor.advance();
                }
            }
            record.fields.push_back(std::move(field));
            if (!cursor.done() && cursor.peek() == delimiter) {
                cursor.advance();
                continue;
            }
            cursor.consume_line_end();
            break;
        }
        const bool blank = record.fields.size() == 1 && trim(record.fields.front()).empty();
        if (!blank && record_ok) result.value.records.push_back(std::move(record));
    }
    return result;
}

}  // namespace sharitories
