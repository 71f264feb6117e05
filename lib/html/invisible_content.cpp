#include "html/invisible_content.h"

#include <cstring>

namespace sharitories::html {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Does `text` at `pos` start with `word` (lower case), case-insensitively, followed by a tag-name end?
bool tag_name_is(std::string_view text, std::size_t pos, std::string_view word) {
    if (pos + word.size() > text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(text[pos + i]) != word[i]) return false;
    }
    if (pos + word.size() == text.size()) return true;
    const char next = text[pos + word.size()];
    return next == '>' || next == '/' || next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '\f';
}

/// The end of the tag starting at `pos` (just after its '>'), quotes respected; text.size() if none.
std::size_t tag_end(std::string_view text, std::size_t pos) {
    char quote = 0;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return text.size();
}

/// The position of the closing tag "</name" (case-insensitive) from `pos`; text.size() if none.
std::size_t closing_tag(std::string_view text, std::size_t pos, std::string_view name) {
    while (pos < text.size()) {
        const void* found = std::memchr(text.data() + pos, '<', text.size() - pos);
        if (!found) return text.size();
        pos = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
        if (pos + 1 < text.size() && text[pos + 1] == '/' && tag_name_is(text, pos + 2, name)) return pos;
        ++pos;
    }
    return text.size();
}

/// Where a comment whose text starts at `pos` (after "<!--") ends, as the HTML tokenizer ends it:
/// "<!-->" and "<!--->" are empty comments, and "-->" or "--!>" close one.
std::size_t comment_end(std::string_view html, std::size_t pos) {
    if (html.substr(pos, 1) == ">") return pos + 1;
    if (html.substr(pos, 2) == "->") return pos + 2;
    const auto plain = html.find("-->", pos);
    const auto bang = html.find("--!>", pos);
    if (plain == std::string_view::npos && bang == std::string_view::npos) return html.size();
    if (bang == std::string_view::npos || (plain != std::string_view::npos && plain < bang)) return plain + 3;
    return bang + 4;
}

}  // namespace

std::string without_invisible_content(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    std::size_t pos = 0;
    while (pos < html.size()) {
        const void* found = std::memchr(html.data() + pos, '<', html.size() - pos);
        const std::size_t lt = found ? static_cast<std::size_t>(static_cast<const char*>(found) - html.data()) : html.size();
        out.append(html.substr(pos, lt - pos));
        if (lt == html.size()) break;
        if (html.substr(lt, 4) == "<!--") {  // a comment: dropped whole, ended as the tokenizer ends it
            pos = comment_end(html, lt + 4);
            continue;
        }
        if (lt + 1 < html.size() && (is_alpha(html[lt + 1]) || html[lt + 1] == '/' || html[lt + 1] == '!' || html[lt + 1] == '?')) {
            const std::size_t end = tag_end(html, lt + 1);
            out.append(html.substr(lt, end - lt));
            pos = end;
            for (std::string_view raw : {std::string_view("script"), std::string_view("style")}) {
                if (tag_name_is(html, lt + 1, raw)) {
                    pos = closing_tag(html, end, raw);  // the contents go; the closing tag stays
                    break;
                }
            }
            // text-only elements: their contents are kept as they are, a "<!--" or "<script" in them
            // is text (a title, a textarea), not markup
            for (std::string_view text_only : {"title", "textarea", "xmp", "iframe", "noembed", "noframes"}) {
                if (tag_name_is(html, lt + 1, text_only)) {
                    const std::size_t close = closing_tag(html, end, text_only);
                    out.append(html.substr(end, close - end));
                    pos = close;
                    break;
                }
            }
            continue;
        }
        out += '<';
        pos = lt + 1;
    }
    return out;
}

}  // namespace sharitories::html
