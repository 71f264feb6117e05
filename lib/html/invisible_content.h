// Removes what no reader sees before the HTML parser reads it: the contents of <script> and <style>
// (raw text to the parser, often most of a news page's bytes) and comments. The tags themselves stay,
// so the tree keeps its shape. Tags are skipped whole, quotes respected, so a "<script" inside an
// attribute value or a comment is not taken for a tag. Script contents end at the first "</script"
// as in the HTML tokenizer (its rarely met escape states are not followed: at worst a little script
// text is left for the parser, which the page-text walk skips anyway).
#pragma once

#include <string>
#include <string_view>

namespace sharitories::html {

std::string without_invisible_content(std::string_view html);

}  // namespace sharitories::html
