// Removes what no reader sees before the HTML parser reads it: the contents of <script> and <style>
// (raw text to the parser, often most of a news page's bytes) and comments. The tags themselves stay,
// so the tree keeps its shape; the contents of text-only elements (title, textarea, xmp, iframe,
// noembed, noframes) are copied as they are. Tags are skipped whole, quotes respected, so a
// "<script" inside an attribute value is not taken for a tag; comments end as the tokenizer ends
// them ("<!-->", "--!>"). Script contents end at the first "</script" as in the HTML tokenizer; its
// rarely met escape states ("<!--<script>" inside a script) are not followed, so such a script may
// leave a few characters of itself in the page text.
#pragma once

#include <string>
#include <string_view>

namespace sharitories::html {

std::string without_invisible_content(std::string_view html);

}  // namespace sharitories::html
