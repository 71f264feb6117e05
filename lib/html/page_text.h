// What a page says, as a reader sees it: the visible text of an HTML page, with its title and
// headings kept apart so that classification can weigh them more. Parsed by Gumbo (the only place
// gumbo.h is included is lib/html/), so entities, broken markup and unclosed tags are read as a
// browser would. Not visible, so left out: script, style, noscript, template, comments, the head, and
// elements marked `hidden`. Block elements (p, div, li, td, h1 …, br) end a line, so words of two
// blocks never run together; runs of white space become one space.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sharitories {

struct PageLink {
    std::string href;  ///< as written in the page
    std::string text;  ///< its visible text
};

struct PageText {
    std::string title;                  ///< <title>, white space collapsed
    std::vector<std::string> headings;  ///< h1–h6, in order
    std::string text;                   ///< the visible body text, one line per block (headings included)
    std::vector<PageLink> links;        ///< a[href], in order
    std::string lang;                   ///< <html lang>, lower case ("fr", "fr-fr"); "" if absent
};

/// `html` is UTF-8 (the fetch engine has converted it). Never fails: any input gives some text.
/// `drop_invisible_first` (see invisible_content.h) is false only to check that it changes nothing.
PageText extract_page_text(std::string_view html, bool drop_invisible_first = true);

}  // namespace sharitories
