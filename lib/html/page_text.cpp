#include "html/page_text.h"

#include <gumbo.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "html/gumbo_arena.h"
#include "html/invisible_content.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

// string_view literals: their length is known at compile time, not measured by strlen on every element
using namespace std::string_view_literals;

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

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// `text` equals `lower` (lower case) but for the case of ASCII letters, as strcasecmp compares.
bool equals_ignoring_case(std::string_view text, std::string_view lower) {
    return text.size() == lower.size() &&
           std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) { return to_lower(a) == b; });
}

/// Text with white space collapsed as it is appended: one space between words, one newline between
/// blocks, none at the start.
class TextBuilder {
public:
    void add(std::string_view text) {
        std::size_t pos = 0;
        while (pos < text.size()) {
            if (is_space(text[pos])) {
                pending_ = pending_ == Pending::line ? Pending::line : Pending::space;
                ++pos;
                continue;
            }
            std::size_t end = pos + 1;  // a word: appended whole
            while (end < text.size() && !is_space(text[end])) ++end;
            if (!out_.empty()) {
                if (pending_ == Pending::line) out_ += '\n';
                else if (pending_ == Pending::space) out_ += ' ';
            }
            pending_ = Pending::none;
            out_.append(text.data() + pos, end - pos);
            pos = end;
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

/// The value of the element's first attribute called `name` (ASCII case ignored, as
/// gumbo_get_attribute finds it); "" if it has none.
std::string_view attribute(const GumboElement& element, std::string_view name) {
    for (unsigned i = 0; i < element.attributes.length; ++i) {
        const auto* found = static_cast<const GumboAttribute*>(element.attributes.data[i]);
        if (equals_ignoring_case(found->name, name)) return found->value;
    }
    return {};
}

/// The attributes the walker reads, found in one pass over an element's attributes (the first of
/// each name, as gumbo_get_attribute finds it); nullptr where absent.
struct WalkedAttributes {
    const GumboAttribute* hidden = nullptr;
    const GumboAttribute* href = nullptr;
    const GumboAttribute* style = nullptr;
    const GumboAttribute* role = nullptr;
    const GumboAttribute* id = nullptr;
    const GumboAttribute* class_names = nullptr;

    explicit WalkedAttributes(const GumboElement& element) {
        for (unsigned i = 0; i < element.attributes.length; ++i) {
            const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
            const std::string_view name = attribute->name;
            for (auto [wanted, slot] : {std::pair{"hidden"sv, &hidden}, std::pair{"href"sv, &href},
                                        std::pair{"style"sv, &style}, std::pair{"role"sv, &role}, std::pair{"id"sv, &id},
                                        std::pair{"class"sv, &class_names}}) {
                if (!*slot && equals_ignoring_case(name, wanted)) {
                    *slot = attribute;
                    break;
                }
            }
        }
    }
    static std::string_view value(const GumboAttribute* attribute) { return attribute ? attribute->value : ""; }
};

/// Whether `text` holds `needle` (lower case, no white space) once its white space is removed and
/// its ASCII letters lower-cased: "Display: None" holds "display:none".
bool holds_squeezed(std::string_view text, std::string_view needle) {
    for (std::size_t start = 0; start < text.size(); ++start) {
        std::size_t matched = 0;
        for (std::size_t i = start; i < text.size() && matched < needle.size(); ++i) {
            if (is_space(text[i])) {
                if (matched == 0) break;  // a match starts on a character of the needle
                continue;
            }
            if (to_lower(text[i]) != needle[matched]) break;
            ++matched;
        }
        if (matched == needle.size()) return true;
    }
    return false;
}

/// Styled out of sight (display:none, visibility:hidden): often content a script shows later, so
/// kept in the text, but not as the page's content (Region::aside).
bool is_styled_hidden(std::string_view style) {
    return holds_squeezed(style, "display:none") || holds_squeezed(style, "visibility:hidden");
}

/// Calls `visit` with each word of a class or id attribute, as written: "site-footer main_nav" →
/// site, footer, main, nav; stops at the first word for which it returns true.
template <typename Visit>
bool any_name_word(std::string_view value, Visit visit) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i < value.size() && value[i] != ' ' && value[i] != '-' && value[i] != '_' && value[i] != '\t') continue;
        if (i > start && visit(value.substr(start, i - start))) return true;
        start = i + 1;
    }
    return false;
}

bool is_any_of(std::string_view word, std::initializer_list<std::string_view> lower_words) {
    return std::any_of(lower_words.begin(), lower_words.end(),
                       [&](std::string_view lower) { return equals_ignoring_case(word, lower); });
}

/// True if `word` holds one of `lower_parts` (lower case), whatever the case of `word`.
bool contains_any_ignoring_case(std::string_view word, std::initializer_list<std::string_view> lower_parts) {
    return std::any_of(lower_parts.begin(), lower_parts.end(), [&](std::string_view part) {
        for (std::size_t at = 0; at + part.size() <= word.size(); ++at)
            if (equals_ignoring_case(word.substr(at, part.size()), part)) return true;
        return false;
    });
}

/// The region an element opens, if it opens one: by its tag, its ARIA role, or the words of its id
/// and class as sites name their furniture.
std::optional<Region> region_of(const GumboElement& element, const WalkedAttributes& attributes) {
    switch (element.tag) {
        case GUMBO_TAG_NAV: return Region::navigation;
        case GUMBO_TAG_FOOTER: return Region::footer;
        case GUMBO_TAG_HEADER: return Region::header;
        case GUMBO_TAG_ASIDE: return Region::aside;
        case GUMBO_TAG_MAIN: return Region::main;
        default: break;
    }
    const std::string_view role = WalkedAttributes::value(attributes.role);
    if (role == "navigation" || role == "menubar" || role == "menu") return Region::navigation;
    if (role == "contentinfo") return Region::footer;
    if (role == "banner") return Region::header;
    if (role == "complementary" || role == "dialog" || role == "alertdialog") return Region::aside;
    if (role == "main") return Region::main;
    std::optional<Region> region;
    for (const GumboAttribute* names : {attributes.id, attributes.class_names}) {
        const std::string_view value = WalkedAttributes::value(names);
        // a newspaper's "read more", "most read", "read also": other articles, not this one
        auto has_word = [&](std::initializer_list<std::string_view> words) {
            return any_name_word(value, [&](std::string_view word) { return is_any_of(word, words); });
        };
        if (has_word({"read"sv}) && has_word({"more"sv, "also"sv, "most"sv})) return Region::aside;
        any_name_word(value, [&](std::string_view word) {
            if (is_any_of(word, {"nav"sv, "navbar"sv, "navigation"sv, "menu"sv, "breadcrumb"sv, "breadcrumbs"sv, "menubar"sv,
                                 "submenu"sv}))
                region = Region::navigation;
            else if (is_any_of(word, {"footer"sv, "pied"sv}))
                region = Region::footer;
            else if (is_any_of(word, {"sidebar"sv, "widget"sv, "widgets"sv, "related"sv, "popular"sv, "trending"sv,
                                      "recommended"sv, "readmore"sv, "newsletter"sv, "share"sv, "sharing"sv, "social"sv,
                                      "advert"sv, "ads"sv, "publicite"sv}) ||
                     contains_any_ignoring_case(word, {"cookie"sv, "consent"sv, "gdpr"sv, "rgpd"sv, "cmplz"sv,
                                                       "tarteaucitron"sv, "didomi"sv, "onetrust"sv, "axeptio"sv,
                                                       "cookiebot"sv, "quantcast"sv}))
                // a consent banner, however its plugin names it ("cmplz-cookiebanner", "tarteaucitron")
                region = Region::aside;
            return region.has_value();
        });
        if (region) return region;
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

class Walker {
public:
    explicit Walker(PageText& page) : page_(page) {}

    /// `parent_group`: the listing `node`'s parent is (a list, a table, a card grid), -1 if none;
    /// `card`: `node` is one of the cards of that grid.
    void walk(const GumboNode* node, int parent_group = -1, bool card = false) {
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
        if (is_hidden_tag(element.tag)) return;
        const WalkedAttributes attributes(element);
        if (attributes.hidden) return;
        if (is_heading(element.tag)) {
            auto heading = inline_text(node);
            if (!heading.empty()) page_.headings.push_back(std::move(heading));
        }
        if (element.tag == GUMBO_TAG_A && attributes.href) page_.links.push_back({attributes.href->value, inline_text(node)});
        const bool block = !is_inline_tag(element.tag);
        if (block) end_line();
        const Context outer = context_;
        const bool article_part = element.tag == GUMBO_TAG_HEADER || element.tag == GUMBO_TAG_FOOTER;
        if (auto region = region_of(element, attributes);
            region && (context_.region == Region::main || *region != Region::main) &&
            !(article_part && context_.in_article))  // an article's own header and footer are content
            context_.region = *region;  // furniture inside furniture stays furniture
        if (element.tag == GUMBO_TAG_ARTICLE || element.tag == GUMBO_TAG_MAIN || element.tag == GUMBO_TAG_SECTION)
            context_.in_article = true;
        if (is_styled_hidden(WalkedAttributes::value(attributes.style))) context_.region = Region::aside;
        if (block) context_.kind = kind_of(element.tag, outer.kind);
        const bool entry = element.tag == GUMBO_TAG_LI || element.tag == GUMBO_TAG_TR || element.tag == GUMBO_TAG_DT || card;
        if (entry) {
            context_.entry = next_entry_++;
            context_.group = parent_group >= 0 ? parent_group : next_group_++;
        }
        int group = -1;  // the listing this element is, if it is one
        std::vector<bool> cards;
        if (element.tag == GUMBO_TAG_UL || element.tag == GUMBO_TAG_OL || element.tag == GUMBO_TAG_DL ||
            element.tag == GUMBO_TAG_TBODY || element.tag == GUMBO_TAG_TABLE) {
            group = next_group_++;
        } else if (block) {
            cards = repeated_children(element);
            if (!cards.empty()) group = next_group_++;
        }
        for (unsigned i = 0; i < element.children.length; ++i)
            walk(static_cast<const GumboNode*>(element.children.data[i]), group, !cards.empty() && cards[i]);
        if (block) end_line();
        context_ = outer;
    }

    /// The body text: the blocks' lines, one after the other.
    std::string take_text() {
        end_line();
        std::size_t size = 0;
        for (const auto& block : page_.blocks) size += block.text.size() + 1;
        std::string text;
        text.reserve(size);
        for (const auto& block : page_.blocks) {
            if (!text.empty()) text += '\n';
            text += block.text;
        }
        return text;
    }

private:
    struct Context {
        Region region = Region::main;
        BlockKind kind = BlockKind::other;
        int entry = -1;
        int group = -1;
        bool in_article = false;
    };

    /// The element children of `element` alike enough to be a listing's entries, marked by their
    /// index: three or more with the same tag and the same non-empty class (cards, results,
    /// members). Empty if there are none.
    std::vector<bool> repeated_children(const GumboElement& element) {
        alike_.clear();
        for (unsigned i = 0; i < element.children.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
            if (child->type != GUMBO_NODE_ELEMENT || is_inline_tag(child->v.element.tag)) continue;
            const std::string_view kind = attribute(child->v.element, "class");
            if (!kind.empty()) alike_.push_back({child->v.element.tag, kind, i});
        }
        std::vector<bool> cards;
        if (alike_.size() < 3) return cards;
        std::sort(alike_.begin(), alike_.end(), [](const ClassedChild& a, const ClassedChild& b) {
            return std::tie(a.tag, a.kind, a.index) < std::tie(b.tag, b.kind, b.index);
        });
        for (std::size_t start = 0, end = 0; start < alike_.size(); start = end) {
            while (end < alike_.size() && alike_[end].tag == alike_[start].tag && alike_[end].kind == alike_[start].kind) ++end;
            if (end - start < 3) continue;
            cards.resize(element.children.length);
            for (std::size_t i = start; i < end; ++i) cards[alike_[i].index] = true;
        }
        return cards;
    }

    void add(std::string_view text) {
        if (line_.empty()) line_context_ = context_;
        line_.add(text);
    }

    void end_line() {
        std::string text = line_.take();
        line_ = TextBuilder();
        if (text.empty()) return;
        page_.blocks.push_back({std::move(text), line_context_.kind, line_context_.region, line_context_.entry,
                                line_context_.group});
    }

    struct ClassedChild {
        GumboTag tag;
        std::string_view kind;  // its class attribute
        unsigned index;
    };

    PageText& page_;
    TextBuilder line_;
    Context context_;
    Context line_context_;
    std::vector<ClassedChild> alike_;  // repeated_children's work space, kept from element to element
    int next_entry_ = 0;
    int next_group_ = 0;
};

/// <link rel="canonical" href="…"> in the head.
std::string find_canonical(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return "";
    const GumboElement& element = node->v.element;
    if (element.tag == GUMBO_TAG_LINK) {
        const bool canonical = any_name_word(attribute(element, "rel"),
                                             [](std::string_view word) { return equals_ignoring_case(word, "canonical"); });
        return canonical ? std::string(attribute(element, "href")) : "";
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
