#include "input/delimited_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <fmt/core.h>

namespace sharitories {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// Number of characters (code points) in a valid UTF-8 byte range.
int count_chars(std::string_view text) {
    return static_cast<int>(std::count_if(text.begin(), text.end(),
                                          [](char c) { return !is_continuation_byte(c); }));
}

bool is_line_end(char c) { return c == '\n' || c == '\r'; }

/// Most frequent candidate on the first line that is neither blank nor a comment.
char detect_delimiter(std::string_view text, const DelimitedOptions& options) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (trim(line).empty() || trim(line) == "\r") continue;
        if (options.comments && line.front() == '#') continue;

        char best = options.delimiters.front();
        std::size_t best_count = 0;
        for (char candidate : options.delimiters) {
            std::size_t count = 0;
            bool quoted = false;
            for (char c : line) {
                if (c == '"') quoted = !quoted;
                else if (c == candidate && !quoted) ++count;
            }
            if (count > best_count) {
                best = candidate;
                best_count = count;
            }
        }
        return best;
    }
    return options.delimiters.front();
}

/// A cursor over the text that keeps line and column bookkeeping in one place.
class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}

    bool done() const { return pos_ >= text_.size(); }
    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
    }
    void advance() { ++pos_; }
    int line() const { return line_; }
    int column() const { return count_chars(text_.substr(line_start_, pos_ - line_start_)) + 1; }

    /// Consumes one line end (CRLF, LF or a lone CR) if the cursor is on one.
    bool consume_line_end() {
        if (peek() == '\r') {
            ++pos_;
            if (peek() == '\n') ++pos_;
        } else if (peek() == '\n') {
            ++pos_;
        } else {
            return false;
        }
        ++line_;
        line_start_ = pos_;
        return true;
    }

    void skip_to_line_end() {
        while (!done() && !is_line_end(peek())) ++pos_;
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;
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
        if (code_point == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
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
            record.columns.push_back(cursor.column());
            if (cursor.peek() == '"') {
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
                if (!cursor.done() && cursor.peek() != delimiter && !is_line_end(cursor.peek())) {
                    result.errors.push_back(
                        {file, cursor.line(), cursor.column(),
                         fmt::format("unexpected character after a closing quote; inside a quoted "
                                     "field write a quote as \"\"")});
                    record_ok = false;
                    while (!cursor.done() && cursor.peek() != delimiter && !is_line_end(cursor.peek()))
                        cursor.advance();
                }
            } else {
                while (!cursor.done() && cursor.peek() != delimiter && !is_line_end(cursor.peek())) {
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
