// The invisible-content pre-pass (lib/html/invisible_content.h), differentially: extract_page_text
// with the pre-pass must give what Gumbo alone gives (extract_page_text(html, false)). The input is
// decoded first (decode_body, as the fetch engine does), since a page always reaches the parser as
// valid UTF-8.
// Invariants: the same text, title, lang, headings, links, canonical and blocks, both ways; the
// text is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fetch/charset.h"
#include "fuzz_support.h"
#include "html/page_text.h"

namespace {

std::string describe(const sharitories::TextBlock& block) {
    return "\"" + fuzz::escape(block.text, 120) + "\" kind " + std::to_string(static_cast<int>(block.kind)) +
           " region " + std::to_string(static_cast<int>(block.region)) + " entry " + std::to_string(block.entry) +
           " group " + std::to_string(block.group);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string html = sharitories::decode_body(fuzz::as_text(data, size), "", true).text;
    const auto with = sharitories::extract_page_text(html, true);
    const auto without = sharitories::extract_page_text(html, false);
    const auto differs = [&](const char* what, const std::string& a, const std::string& b) {
        return std::string(what) + " with the pre-pass: \"" + fuzz::escape(a) + "\"\n" + what + " by Gumbo alone: \"" +
               fuzz::escape(b) + "\"\nhtml: \"" + fuzz::escape(html, 2000) + "\"";
    };

    FUZZ_CHECK(with.text == without.text, differs("text", with.text, without.text));
    FUZZ_CHECK(with.title == without.title, differs("title", with.title, without.title));
    FUZZ_CHECK(with.lang == without.lang, differs("lang", with.lang, without.lang));
    FUZZ_CHECK(with.canonical == without.canonical, differs("canonical", with.canonical, without.canonical));
    FUZZ_CHECK(with.headings == without.headings,
               differs("headings", std::to_string(with.headings.size()), std::to_string(without.headings.size())));
    FUZZ_CHECK(with.links.size() == without.links.size(),
               differs("links", std::to_string(with.links.size()), std::to_string(without.links.size())));
    for (std::size_t i = 0; i < with.links.size(); ++i) {
        FUZZ_CHECK(with.links[i].href == without.links[i].href, differs("link href", with.links[i].href, without.links[i].href));
        FUZZ_CHECK(with.links[i].text == without.links[i].text, differs("link text", with.links[i].text, without.links[i].text));
    }
    FUZZ_CHECK(with.blocks.size() == without.blocks.size(),
               differs("blocks", std::to_string(with.blocks.size()), std::to_string(without.blocks.size())));
    for (std::size_t i = 0; i < with.blocks.size(); ++i) {
        const auto& a = with.blocks[i];
        const auto& b = without.blocks[i];
        FUZZ_CHECK(a.text == b.text && a.kind == b.kind && a.region == b.region && a.entry == b.entry && a.group == b.group,
                   differs("block", describe(a), describe(b)));
    }
    FUZZ_CHECK(fuzz::is_valid_utf8(with.text), differs("text", with.text, without.text));
    return 0;
}
