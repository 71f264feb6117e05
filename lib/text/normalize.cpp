#include "text/normalize.h"

#include <utf8proc.h>

#include <array>
#include <vector>

#include "text/utf8.h"

namespace sharitories {
namespace {

bool is_ascii_letter_or_digit(utf8proc_int32_t byte) {
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9');
}

constexpr auto decompose_options = static_cast<utf8proc_option_t>(
    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);

/// Builds a normalised text, and optionally, in the same pass, its joined twin (normalize_joined):
/// identical but for hyphens between two words, which join them there.
class NormalizedText {
public:
    /// `size`: the source's size, most often the result's at most (decompositions can be longer)
    NormalizedText(bool with_joined, std::size_t size) : with_joined_(with_joined) {
        out_.reserve(size);
        if (with_joined_) joined_.reserve(size);
    }

    void add_separator() {
        pending_space_ = !out_.empty();
        pending_joined_space_ = !joined_.empty();
    }
    /// A hyphen between two words: a separator in the normal text, nothing in the joined one.
    void add_hyphen() { pending_space_ = !out_.empty(); }

    void add_ascii(char c) {
        flush_space();
        out_ += c;
        if (with_joined_) joined_ += c;
    }

    /// A run of ASCII letters and digits, lower-cased here.
    void add_ascii_word(std::string_view word) {
        flush_space();
        const std::size_t start = out_.size();
        out_ += word;
        for (std::size_t i = start; i < out_.size(); ++i)
            if (out_[i] >= 'A' && out_[i] <= 'Z') out_[i] = static_cast<char>(out_[i] - 'A' + 'a');
        if (with_joined_) joined_.append(out_, start);
    }

    void add(utf8proc_int32_t code_point) {
        if (code_point < 0x80) {  // ASCII out of a decomposition: as it is if a letter or a digit
            if (is_ascii_letter_or_digit(code_point)) return add_ascii(static_cast<char>(code_point));
            return add_separator();
        }
        if (code_point == 0x0153) return add_pair('o', 'e');  // œ (Œ is case-folded to it first)
        if (code_point == 0x00E6) return add_pair('a', 'e');  // æ
        const CharClass kind = char_class(code_point);
        if (kind == CharClass::mark) return;  // left over after STRIPMARK: drop
        if (kind != CharClass::word) return add_separator();
        flush_space();
        std::array<utf8proc_uint8_t, 4> bytes{};
        auto length = utf8proc_encode_char(code_point, bytes.data());
        out_.append(reinterpret_cast<const char*>(bytes.data()), static_cast<std::size_t>(length));
        if (with_joined_) joined_.append(reinterpret_cast<const char*>(bytes.data()), static_cast<std::size_t>(length));
    }

    std::string take() { return std::move(out_); }
    std::string take_joined() { return std::move(joined_); }
    /// Whether the last thing added was a letter or a digit (no separator pending).
    bool in_word() const { return !out_.empty() && !pending_space_; }

private:
    void add_pair(char first, char second) {
        add_ascii(first);
        out_ += second;
        if (with_joined_) joined_ += second;
    }
    void flush_space() {
        if (pending_space_) out_ += ' ';
        pending_space_ = false;
        if (with_joined_ && pending_joined_space_) joined_ += ' ';
        pending_joined_space_ = false;
    }

    bool with_joined_;
    std::string out_, joined_;
    bool pending_space_ = false, pending_joined_space_ = false;
};

}  // namespace

namespace {

bool is_hyphen_at(const utf8proc_uint8_t* bytes, utf8proc_ssize_t pos, utf8proc_ssize_t size, utf8proc_ssize_t* length) {
    if (bytes[pos] == '-') {
        *length = 1;
        return true;
    }
    // U+2010 hyphen and U+2011 non-breaking hyphen: E2 80 90 / E2 80 91
    if (pos + 2 < size && bytes[pos] == 0xE2 && bytes[pos + 1] == 0x80 && (bytes[pos + 2] == 0x90 || bytes[pos + 2] == 0x91)) {
        *length = 3;
        return true;
    }
    return false;
}

bool starts_word(const utf8proc_uint8_t* bytes, utf8proc_ssize_t pos, utf8proc_ssize_t size) {
    if (pos >= size) return false;
    const auto byte = bytes[pos];
    return byte >= 0x80 || (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9');
}

void normalize_into(std::string_view utf8, NormalizedText& text, bool with_joined) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    const auto size = static_cast<utf8proc_ssize_t>(utf8.size());
    utf8proc_ssize_t pos = 0;
    while (pos < size) {
        const auto byte = bytes[pos];
        if (is_ascii_letter_or_digit(byte)) {  // ASCII fast path, a run at a time: most of any French page
            utf8proc_ssize_t end = pos + 1;
            while (end < size && is_ascii_letter_or_digit(bytes[end])) ++end;
            text.add_ascii_word({utf8.data() + pos, static_cast<std::size_t>(end - pos)});
            pos = end;
            continue;
        }
        utf8proc_ssize_t hyphen = 0;
        if (with_joined && text.in_word() && is_hyphen_at(bytes, pos, size, &hyphen) && starts_word(bytes, pos + hyphen, size)) {
            text.add_hyphen();  // between two words: joins them in the joined text
            pos += hyphen;
            continue;
        }
        if (byte < 0x80) {
            text.add_separator();
            ++pos;
            continue;
        }
        utf8proc_int32_t code_point = 0;
        auto length = utf8proc_iterate(bytes + pos, size - pos, &code_point);
        if (length < 0) {
            text.add_separator();
            ++pos;
            continue;
        }
        pos += length;
        // 32 code points hold every decomposition Unicode has (the longest, U+FDFA's, has 18); a longer
        // one in a future Unicode gets a buffer of its size rather than being lost.
        std::array<utf8proc_int32_t, 32> buffer;  // filled by utf8proc_decompose_char
        std::vector<utf8proc_int32_t> large;
        utf8proc_int32_t* decomposed = buffer.data();
        int boundclass = UTF8PROC_BOUNDCLASS_START;
        auto count = utf8proc_decompose_char(code_point, decomposed, static_cast<utf8proc_ssize_t>(buffer.size()),
                                             decompose_options, &boundclass);
        if (count > static_cast<utf8proc_ssize_t>(buffer.size())) {
            large.resize(static_cast<std::size_t>(count));
            decomposed = large.data();
            boundclass = UTF8PROC_BOUNDCLASS_START;
            count = utf8proc_decompose_char(code_point, decomposed, count, decompose_options, &boundclass);
        }
        if (count < 0) {
            text.add_separator();
            continue;
        }
        for (utf8proc_ssize_t i = 0; i < count; ++i) text.add(decomposed[i]);
    }
}

}  // namespace

std::string normalize(std::string_view utf8) {
    NormalizedText text(false, utf8.size());
    normalize_into(utf8, text, false);
    return text.take();
}

std::string normalize_joined(std::string_view utf8) {
    NormalizedText text(true, utf8.size());
    normalize_into(utf8, text, true);
    return text.take_joined();
}

std::pair<std::string, std::string> normalize_both(std::string_view utf8) {
    NormalizedText text(true, utf8.size());
    normalize_into(utf8, text, true);
    std::string normal = text.take();
    return {std::move(normal), text.take_joined()};
}

}  // namespace sharitories
