#include "html/page_text.h"

#include <gumbo.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "html/gumbo_arena.h"
#include "html/invisible_content.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

bool is_hidden_tag(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_MATH:
            return true;
        default:
            return false;
    }
}

/// Inline elements continue the line; every other element starts and ends one.
bool is_inline_tag(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B: case GUMBO_TAG_BDI: case GUMBO_TAG_BDO:
        case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA: case GUMBO_TAG_DFN: case GUMBO_TAG_EM:
        case GUMBO_TAG_FONT: case GUMBO_TAG_I: case GUMBO_TAG_KBD: case GUMBO_TAG_LABEL: case GUMBO_TAG_MARK:
        case GUMBO_TAG_Q: case GUMBO_TAG_S: case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN:
        case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_U:
        case GUMBO_TAG_VAR: case GUMBO_TAG_WBR: case GUMBO_TAG_BIG: case GUMBO_TAG_TT: case GUMBO_TAG_STRIKE:
        case GUMBO_TAG_NOBR: case GUMBO_TAG_IMG: case GUMBO_TAG_UNKNOWN:
            return true;
        default:
            return false;
    }
}

bool is_heading(GumboTag tag) {
    return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
           tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

/// Text with white space collapsed as it is appended: one space between words, one newline between
/// blocks, none at the start.
class TextBuilder {
public:
    void add(std::string_view text) {
        for (char c : text) {
            if (is_space(c)) {
                pending_ = pending_ == Pending::line ? Pending::line : Pending::space;
                continue;
            }
            if (!out_.empty()) {
                if (pending_ == Pending::line) out_ += '\n';
                else if (pending_ == Pending::space) out_ += ' ';
            }
            pending_ = Pending::none;
            out_ += c;
        }
    }
    void end_line() { pending_ = Pending::line; }
    bool empty() const { return out_.empty(); }
    std::string take() {
        pending_ = Pending::none;
        return std::move(out_);
    }

private:
    enum class Pending { none, space, line };
    std::string out_;
    Pending pending_ = Pending::none;
};

/// Visible text of a subtree, collapsed to one line (a title, a heading, a link).
void collect_inline(const GumboNode* node, TextBuilder& out) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
        out.add(node->v.text.text);
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    if (is_hidden_tag(node->v.element.tag)) return;
    const bool block = !is_inline_tag(node->v.element.tag);
    if (block) out.add(" ");
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) collect_inline(static_cast<const GumboNode*>(children.data[i]), out);
    if (block) out.add(" ");
}

std::string inline_text(const GumboNode* node) {
    TextBuilder text;
    collect_inline(node, text);
    return text.take();
}

std::string_view attribute(const GumboElement& element, const char* name) {
    const GumboAttribute* found = gumbo_get_attribute(&element.attributes, name);
    return found ? std::string_view(found->value) : std::string_view();
}

/// Styled out of sight (display:none, visibility:hidden): often content a script shows later, so
/// kept in the text, but not as the page's content (Region::aside).
bool is_styled_hidden(const GumboElement& element) {
    std::string style;
    for (char c : attribute(element, "style"))
        if (!is_space(c)) style += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

/// The words of a class or id attribute: "site-footer main_nav" → site, footer, main, nav.
std::vector<std::string> name_words(std::string_view value) {
    std::vector<std::string> words;
    std::string word;
    for (char c : value) {
        if (c == ' ' || c == '-' || c == '_' || c == '\t') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

/// The region an element opens, if it opens one: by its tag, its ARIA role, or the words of its id
/// and class as sites name their furniture.
std::optional<Region> region_of(const GumboElement& element) {
    switch (element.tag) {
        case GUMBO_TAG_NAV: return Region::navigation;
        case GUMBO_TAG_FOOTER: return Region::footer;
        case GUMBO_TAG_HEADER: return Region::header;
        case GUMBO_TAG_ASIDE: return Region::aside;
        case GUMBO_TAG_MAIN: return Region::main;
        default: break;
    }
    const std::string_view role = attribute(element, "role");
    if (role == "navigation" || role == "menubar" || role == "menu") return Region::navigation;
    if (role == "contentinfo") return Region::footer;
    if (role == "banner") return Region::header;
    if (role == "complementary" || role == "dialog" || role == "alertdialog") return Region::aside;
    if (role == "main") return Region::main;
    for (const char* name : {"id", "class"}) {
        const auto words = name_words(attribute(element, name));
        auto has_word = [&](std::string_view w) { return std::find(words.begin(), words.end(), w) != words.end(); };
        // a newspaper's "read more", "most read", "related": other articles, not this one
        if (has_word("read") && (has_word("more") || has_word("also") || has_word("most"))) return Region::aside;
        for (const auto& word : words) {
            // a consent banner, however its plugin names it ("cmplz-cookiebanner", "tarteaucitron")
            for (const char* part : {"cookie", "consent", "gdpr", "rgpd", "cmplz", "tarteaucitron", "didomi", "onetrust",
                                     "axeptio", "cookiebot", "quantcast"})
                if (word.find(part) != std::string::npos) return Region::aside;
            if (word == "nav" || word == "navbar" || word == "navigation" || word == "menu" || word == "breadcrumb" ||
                word == "breadcrumbs" || word == "menubar" || word == "submenu")
                return Region::navigation;
            if (word == "footer" || word == "pied") return Region::footer;
            if (word == "sidebar" || word == "widget" || word == "widgets" || word == "related" || word == "popular" ||
                word == "trending" || word == "recommended" || word == "readmore" || word == "newsletter" ||
                word == "share" || word == "sharing" || word == "social" || word == "advert" || word == "ads" ||
                word == "publicite")
                return Region::aside;
        }
    }
    return std::nullopt;
}

BlockKind kind_of(GumboTag tag, BlockKind outer) {
    if (is_heading(tag)) return BlockKind::heading;
    switch (tag) {
        case GUMBO_TAG_P: return outer == BlockKind::other ? BlockKind::paragraph : outer;
        case GUMBO_TAG_LI:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_DD: return BlockKind::list_item;
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH: return BlockKind::table_cell;
        default: return outer;
    }
}

/// The element children of `element` alike enough to be a listing's entries: three or more with the
/// same tag and the same non-empty class (cards, results, members).
std::vector<const GumboNode*> repeated_children(const GumboElement& element) {
    std::map<std::pair<GumboTag, std::string_view>, std::vector<const GumboNode*>> alike;
    for (unsigned i = 0; i < element.children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
        if (child->type != GUMBO_NODE_ELEMENT || is_inline_tag(child->v.element.tag)) continue;
        const std::string_view kind = attribute(child->v.element, "class");
        if (!kind.empty()) alike[{child->v.element.tag, kind}].push_back(child);
    }
    std::vector<const GumboNode*> entries;
    for (auto& [key, children] : alike)
        if (children.size() >= 3) entries.insert(entries.end(), children.begin(), children.end());
    return entries;
}

class Walker {
public:
    explicit Walker(PageText& page) : page_(page) {}

    void walk(const GumboNode* node) {
        switch (node->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_CDATA:
            case GUMBO_NODE_WHITESPACE:
                add(node->v.text.text);
                return;
            case GUMBO_NODE_ELEMENT:
                break;
            default:  // comments, templates (GUMBO_NODE_TEMPLATE), the document itself is handled by the caller
                return;
        }
        const GumboElement& element = node->v.element;
        if (is_hidden_tag(element.tag) || gumbo_get_attribute(&element.attributes, "hidden") != nullptr) return;
        if (is_heading(element.tag)) {
            auto heading = inline_text(node);
            if (!heading.empty()) page_.headings.push_back(std::move(heading));
        }
        if (element.tag == GUMBO_TAG_A) {
            if (const GumboAttribute* href = gumbo_get_attribute(&element.attributes, "href"))
                page_.links.push_back({href->value, inline_text(node)});
        }
        const bool block = !is_inline_tag(element.tag);
        if (block) end_line();
        const Context outer = context_;
        const bool article_part = element.tag == GUMBO_TAG_HEADER || element.tag == GUMBO_TAG_FOOTER;
        if (auto region = region_of(element);
            region && (context_.region == Region::main || *region != Region::main) &&
            !(article_part && context_.in_article))  // an article's own header and footer are content
            context_.region = *region;  // furniture inside furniture stays furniture
        if (element.tag == GUMBO_TAG_ARTICLE || element.tag == GUMBO_TAG_MAIN || element.tag == GUMBO_TAG_SECTION)
            context_.in_article = true;
        if (is_styled_hidden(element)) context_.region = Region::aside;
        if (block) context_.kind = kind_of(element.tag, outer.kind);
        const bool entry = element.tag == GUMBO_TAG_LI || element.tag == GUMBO_TAG_TR || element.tag == GUMBO_TAG_DT ||
                           entries_.count(node) > 0;
        if (entry) {
            context_.entry = next_entry_++;
            context_.group = groups_.count(node->parent) ? groups_[node->parent] : next_group_++;
        }
        if (element.tag == GUMBO_TAG_UL || element.tag == GUMBO_TAG_OL || element.tag == GUMBO_TAG_DL ||
            element.tag == GUMBO_TAG_TBODY || element.tag == GUMBO_TAG_TABLE) {
            groups_.emplace(node, next_group_++);
        } else if (block) {
            if (auto cards = repeated_children(element); !cards.empty()) {
                groups_.emplace(node, next_group_++);
                entries_.insert(cards.begin(), cards.end());
            }
        }
        for (unsigned i = 0; i < element.children.length; ++i) walk(static_cast<const GumboNode*>(element.children.data[i]));
        if (block) end_line();
        context_ = outer;
    }

    std::string take_text() {
        end_line();
        return body_.take();
    }

private:
    struct Context {
        Region region = Region::main;
        BlockKind kind = BlockKind::other;
        int entry = -1;
        int group = -1;
        bool in_article = false;
    };

    void add(std::string_view text) {
        body_.add(text);
        if (line_.empty()) line_context_ = context_;
        line_.add(text);
    }

    void end_line() {
        body_.end_line();
        std::string text = line_.take();
        line_ = TextBuilder();
        if (text.empty()) return;
        page_.blocks.push_back({std::move(text), line_context_.kind, line_context_.region, line_context_.entry,
                                line_context_.group});
    }

    PageText& page_;
    TextBuilder body_;
    TextBuilder line_;
    Context context_;
    Context line_context_;
    std::set<const GumboNode*> entries_;              // elements that are entries of a card grid
    std::map<const GumboNode*, int> groups_;          // listings: lists, tables, card grids
    int next_entry_ = 0;
    int next_group_ = 0;
};

/// <link rel="canonical" href="…"> in the head.
std::string find_canonical(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return "";
    const GumboElement& element = node->v.element;
    if (element.tag == GUMBO_TAG_LINK) {
        std::string rel;
        for (char c : attribute(element, "rel")) rel += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        for (const auto& word : name_words(rel))
            if (word == "canonical") return std::string(attribute(element, "href"));
        return "";
    }
    if (element.tag == GUMBO_TAG_BODY) return "";
    for (unsigned i = 0; i < element.children.length; ++i) {
        auto found = find_canonical(static_cast<const GumboNode*>(element.children.data[i]));
        if (!found.empty()) return found;
    }
    return "";
}

/// The <title>, which lives in the head the walker skips.
const GumboNode* find_title(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
    if (node->v.element.tag == GUMBO_TAG_TITLE) return node;
    if (node->v.element.tag == GUMBO_TAG_BODY) return nullptr;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
        if (auto* found = find_title(static_cast<const GumboNode*>(children.data[i]))) return found;
    }
    return nullptr;
}

}  // namespace

PageText extract_page_text(std::string_view html, bool drop_invisible_first) {
    PageText page;
    // scripts, styles and comments are a third of a news page's bytes: the parser need not read them
    const std::string visible = drop_invisible_first ? html::without_invisible_content(html) : std::string(html);
    html::ArenaParse parse(visible);  // the tree lives in this thread's arena until the end of the scope
    if (!parse.output()) return page;
    const GumboNode* root = parse.output()->root;
    if (const GumboAttribute* lang = gumbo_get_attribute(&root->v.element.attributes, "lang"))
        page.lang = ascii_lower(lang->value);
    if (const GumboNode* title = find_title(root)) page.title = inline_text(title);
    page.canonical = find_canonical(root);
    Walker walker(page);
    walker.walk(root);
    page.text = walker.take_text();
    return page;
}

}  // namespace sharitories
