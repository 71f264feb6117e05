// Charset decoding (lib/fetch/charset.h): any bytes under any charset label become valid UTF-8.
// Input: a Content-Type charset label on the first line (often no encoding at all), the body after it.
// Invariants: decode_body's text is valid UTF-8, as HTML and as another type, and names an
// encoding; a label's encoding (encoding_for_label) decodes the body to valid UTF-8 too; a label the
// <meta> prescan returns names an encoding; valid UTF-8 decoded as UTF-8 is itself.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fetch/charset.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto lines = fuzz::split_first_line(fuzz::as_text(data, size));  // (clang 14 cannot capture a structured binding)
    const std::string_view label = lines.first, body = lines.second;
    const auto input = [&] { return "label \"" + fuzz::escape(label) + "\", body \"" + fuzz::escape(body) + "\""; };

    for (bool is_html : {true, false}) {
        const auto decoded = sharitories::decode_body(body, label, is_html);
        FUZZ_CHECK(fuzz::is_valid_utf8(decoded.text),
                   "decode_body (" + std::string(is_html ? "html" : "not html") + ") from \"" + fuzz::escape(decoded.encoding) + "\"" +
                       " gave \"" + fuzz::escape(decoded.text) + "\" for " + input());
        FUZZ_CHECK(!decoded.encoding.empty(), input());
        FUZZ_CHECK(sharitories::to_utf8(decoded.text, "UTF-8") == decoded.text, input());
    }

    const std::string encoding = sharitories::encoding_for_label(label);
    if (!encoding.empty()) {
        const std::string text = sharitories::to_utf8(body, encoding);
        FUZZ_CHECK(fuzz::is_valid_utf8(text),
                   "to_utf8 from \"" + fuzz::escape(encoding) + "\" gave \"" + fuzz::escape(text) + "\" for " + input());
    }

    const std::string meta = sharitories::prescan_meta_charset(body);
    if (!meta.empty())
        FUZZ_CHECK(!sharitories::encoding_for_label(meta).empty(), "<meta> label \"" + fuzz::escape(meta) + "\" for " + input());
    return 0;
}
