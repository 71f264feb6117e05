// A parsed HTML document to query, for pages whose structure we know (a search engine's result
// page): elements by tag and class, their attributes and text. Gumbo stays behind this file pair;
// elements are opaque handles valid while their document lives.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sharitories {

class HtmlDocument {
public:
    /// An element of this document; compare with == to tell two apart.
    struct Element {
        const void* node = nullptr;
        bool operator==(const Element&) const = default;
    };

    explicit HtmlDocument(std::string_view html);
    ~HtmlDocument();
    HtmlDocument(const HtmlDocument&) = delete;
    HtmlDocument& operator=(const HtmlDocument&) = delete;

    /// Elements named `tag` ("" for any) having the class token `class_name` ("" for any), in
    /// document order, within `scope` (the whole document when omitted).
    std::vector<Element> find_all(std::string_view tag, std::string_view class_name = "") const;
    std::vector<Element> find_all(Element scope, std::string_view tag, std::string_view class_name = "") const;

    /// The attribute's value, "" when absent.
    std::string attribute(Element element, std::string_view name) const;
    bool has_class(Element element, std::string_view class_name) const;
    /// The element's text, white space collapsed to single spaces.
    std::string text(Element element) const;

private:
    struct Parsed;
    std::unique_ptr<Parsed> parsed_;
};

}  // namespace sharitories
