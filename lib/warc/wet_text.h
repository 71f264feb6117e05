// A WET record's text as page text (html/page_text.h), for classification. Common Crawl's extractor
// keeps the visible text of a page, one line per block, the page's <title> on the first line, and
// drops the markup that tells a page's content from the site around it. What the lines still show
// is used to give some of it back:
//   - the lines before the first paragraph (a line of twelve words or more, or a sentence of four
//     words or more: a heading is rarely either)
//     are the site's header and menus, except the one just before it: the page's heading;
//   - the lines after the last paragraph are the footer (where a publisher's address is);
//   - between, a short line just before a paragraph is a heading, and a run of three lines or more
//     of at most three words each ("Accueil", "Ma ville", "Conseils de quartier") is a menu, its
//     last line too (not a heading).
// The rest is content. Asides, listings and links cannot be told apart: README ("Common Crawl")
// gives what this costs on the evaluation set (scripts/eval --wet).
#pragma once

#include <string_view>

#include "html/page_text.h"

namespace sharitories {

PageText wet_page_text(std::string_view text);

}  // namespace sharitories
