#include "html/document.h"

#include <gumbo.h>

#include <cctype>
#include <cstring>

#include "text/utf8.h"

namespace sharitories {

struct HtmlDocument::Parsed {
    GumboOutput* output = nullptr;
    ~Parsed() {
        if (output) gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
};

namespace {

const GumboNode* node_of(HtmlDocument::Element element) { return static_cast<const GumboNode*>(element.node); }

bool is_element(const GumboNode* node) { return node && node->type == GUMBO_NODE_ELEMENT; }

std::string_view tag_name(const GumboNode* node) {
    if (node->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(node->v.element.tag);
    // an unknown tag keeps its original spelling: take the name from the source
    GumboStringPiece piece = node->v.element.original_tag;
    gumbo_tag_from_original_text(&piece);
    return {piece.data, piece.length};
}

bool class_list_has(std::string_view classes, std::string_view wanted) {
    std::size_t pos = 0;
    while (pos < classes.size()) {
        while (pos < classes.size() && std::isspace(static_cast<unsigned char>(classes[pos]))) ++pos;
        std::size_t end = pos;
        while (end < classes.size() && !std::isspace(static_cast<unsigned char>(classes[end]))) ++end;
        if (classes.substr(pos, end - pos) == wanted) return true;
        pos = end;
    }
    return false;
}

bool element_has_class(const GumboNode* node, std::string_view wanted) {
    const GumboAttribute* classes = gumbo_get_attribute(&node->v.element.attributes, "class");
    return classes && class_list_has(classes->value, wanted);
}

void collect(const GumboNode* node, std::string_view tag, std::string_view class_name,
             std::vector<HtmlDocument::Element>& out) {
    if (!is_element(node)) return;
    if ((tag.empty() || ascii_lower(tag_name(node)) == tag) && (class_name.empty() || element_has_class(node, class_name)))
        out.push_back({node});
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) collect(static_cast<const GumboNode*>(children.data[i]), tag, class_name, out);
}

void append_text(const GumboNode* node, std::string& out) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
        out += node->v.text.text;
        return;
    }
    if (!is_element(node)) return;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) append_text(static_cast<const GumboNode*>(children.data[i]), out);
}

std::string collapse_spaces(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

HtmlDocument::HtmlDocument(std::string_view html) : parsed_(std::make_unique<Parsed>()) {
    parsed_->output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
}

HtmlDocument::~HtmlDocument() = default;

std::vector<HtmlDocument::Element> HtmlDocument::find_all(std::string_view tag, std::string_view class_name) const {
    if (!parsed_->output) return {};
    return find_all(Element{parsed_->output->root}, tag, class_name);
}

std::vector<HtmlDocument::Element> HtmlDocument::find_all(Element scope, std::string_view tag,
                                                          std::string_view class_name) const {
    std::vector<Element> found;
    const GumboNode* node = node_of(scope);
    if (!is_element(node)) return found;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i)
        collect(static_cast<const GumboNode*>(children.data[i]), ascii_lower(tag), class_name, found);
    return found;
}

std::string HtmlDocument::attribute(Element element, std::string_view name) const {
    const GumboNode* node = node_of(element);
    if (!is_element(node)) return "";
    const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, std::string(name).c_str());
    return attribute ? attribute->value : "";
}

bool HtmlDocument::has_class(Element element, std::string_view class_name) const {
    const GumboNode* node = node_of(element);
    return is_element(node) && element_has_class(node, class_name);
}

std::string HtmlDocument::text(Element element) const {
    std::string raw;
    if (const GumboNode* node = node_of(element)) append_text(node, raw);
    return collapse_spaces(raw);
}

}  // namespace sharitories
