// What a page says, as a reader sees it: the visible text of an HTML page, with its title and
// headings kept apart so that classification can weigh them more. Parsed by Gumbo (the only place
// gumbo.h is included is lib/html/), so entities, broken markup and unclosed tags are read as a
// browser would. Not visible, so left out: script, style, noscript, template, comments, the head, and
// elements marked `hidden` (elements styled display:none stay in the text, as the aside). Block elements (p, div, li, td, h1 …, br) end a
// line, so words of two blocks never run together; runs of white space become one space. Each line
// is also given as a block that says where it sits (the content, a menu, the footer …) and which
// listing entry it belongs to, so that classification can tell a page's content from the site
// around it (its menus, footer, sidebars, "related" and "most read" boxes), and a directory from an
// article.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sharitories {

struct PageLink {
    std::string href;  ///< as written in the page
    std::string text;  ///< its visible text
};

/// Where on the page a block is: the page's own content, or the site's furniture around it.
enum class Region {
    main,        ///< the content
    navigation,  ///< nav, menus, breadcrumbs (role=navigation, class or id nav / menu …)
    header,      ///< the site's banner (header, role=banner)
    footer,      ///< the site's footer (footer, role=contentinfo): often its address
    aside,       ///< sidebars, cookie banners, consent dialogs, what is styled out of sight
};

enum class BlockKind { heading, paragraph, list_item, table_cell, other };

/// One line of the page's text with what its markup says about it. An entry is one item of a
/// listing: a list item, a table row, or one of several sibling elements alike (same tag and class:
/// cards, search results); a group is the listing (the list, the table, the card grid).
struct TextBlock {
    std::string text;  ///< the line, white space collapsed
    BlockKind kind = BlockKind::other;
    Region region = Region::main;
    int entry = -1;  ///< the entry this line belongs to (numbered in page order), -1 if none
    int group = -1;  ///< the listing of that entry, -1 if none
};

struct PageText {
    std::string title;                  ///< <title>, white space collapsed
    std::vector<std::string> headings;  ///< h1–h6, in order
    std::string text;                   ///< the visible body text, one line per block (headings included)
    std::vector<PageLink> links;        ///< a[href], in order
    std::string lang;                   ///< <html lang>, lower case ("fr", "fr-fr"); "" if absent
    std::vector<TextBlock> blocks;      ///< the lines of `text`, in order, with their place in the page
    std::string canonical;              ///< <link rel="canonical" href>, as written; "" if absent
};

/// `html` is UTF-8 (the fetch engine has converted it). Never fails: any input gives some text.
/// `drop_invisible_first` (see invisible_content.h) is false only to check that it changes nothing.
PageText extract_page_text(std::string_view html, bool drop_invisible_first = true);

}  // namespace sharitories
