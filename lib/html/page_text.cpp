#include "html/page_text.h"

#include <gumbo.h>

#include <memory>

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
    std::string take() { return std::move(out_); }

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

class Walker {
public:
    explicit Walker(PageText& page) : page_(page) {}

    void walk(const GumboNode* node) {
        switch (node->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_CDATA:
            case GUMBO_NODE_WHITESPACE:
                body_.add(node->v.text.text);
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
        if (block) body_.end_line();
        for (unsigned i = 0; i < element.children.length; ++i) walk(static_cast<const GumboNode*>(element.children.data[i]));
        if (block) body_.end_line();
    }

    std::string take_text() { return body_.take(); }

private:
    PageText& page_;
    TextBuilder body_;
};

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
    Walker walker(page);
    walker.walk(root);
    page.text = walker.take_text();
    return page;
}

}  // namespace sharitories
