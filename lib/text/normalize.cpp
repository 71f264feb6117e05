#include "text/normalize.h"

#include <utf8proc.h>

#include <array>
#include <vector>

#include "text/utf8.h"

namespace sharitories {
namespace {

constexpr auto decompose_options = static_cast<utf8proc_option_t>(
    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);

class NormalizedText {
public:
    void add_separator() { pending_space_ = !out_.empty(); }

    void add_ascii(char c) {
        flush_space();
        out_ += c;
    }

    void add(utf8proc_int32_t code_point) {
        if (code_point == 0x0153) return add_pair('o', 'e');  // œ (Œ is case-folded to it first)
        if (code_point == 0x00E6) return add_pair('a', 'e');  // æ
        if (is_mark(code_point)) return;                      // left over after STRIPMARK: drop
        if (!is_letter_or_digit(code_point)) return add_separator();
        flush_space();
        std::array<utf8proc_uint8_t, 4> bytes{};
        auto length = utf8proc_encode_char(code_point, bytes.data());
        out_.append(reinterpret_cast<const char*>(bytes.data()), static_cast<std::size_t>(length));
    }

    std::string take() { return std::move(out_); }

private:
    void add_pair(char first, char second) {
        add_ascii(first);
        out_ += second;
    }
    void flush_space() {
        if (pending_space_) out_ += ' ';
        pending_space_ = false;
    }

    std::string out_;
    bool pending_space_ = false;
};

}  // namespace

std::string normalize(std::string_view utf8) {
    NormalizedText text;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    const auto size = static_cast<utf8proc_ssize_t>(utf8.size());
    utf8proc_ssize_t pos = 0;
    while (pos < size) {
        const auto byte = bytes[pos];
        if (byte < 0x80) {  // ASCII fast path: most of any French page
            if (byte >= 'A' && byte <= 'Z') text.add_ascii(static_cast<char>(byte - 'A' + 'a'));
            else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9'))
                text.add_ascii(static_cast<char>(byte));
            else
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
        std::array<utf8proc_int32_t, 32> buffer{};
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
    return text.take();
}

}  // namespace sharitories
