#include "html/invisible_content.h"

#include <cstring>

namespace sharitories::html {
namespace {

// string_view literals: their length is known at compile time, not measured by strlen on every tag
using namespace std::string_view_literals;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool ends_tag_name(char c) { return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/// Does `text` at `pos` start with `word` (lower case), case-insensitively, followed by a tag-name end?
bool tag_name_is(std::string_view text, std::size_t pos, std::string_view word) {
    if (pos + word.size() > text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(text[pos + i]) != word[i]) return false;
    }
    return pos + word.size() == text.size() || ends_tag_name(text[pos + word.size()]);
}

/// The name of the tag whose name starts at `pos` if it is all letters and ends as a tag name ends
/// (the only names the pre-pass looks for), as written; "" otherwise.
std::string_view letters_tag_name(std::string_view text, std::size_t pos) {
    std::size_t end = pos;
    while (end < text.size() && is_alpha(text[end])) ++end;
    if (end < text.size() && !ends_tag_name(text[end])) return {};
    return text.substr(pos, end - pos);
}

/// The end of the tag starting at `pos` (just after its '>'), quotes respected; text.size() if none.
std::size_t tag_end(std::string_view text, std::size_t pos) {
    for (std::size_t i = pos; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '>') return i + 1;
        if (c == '"' || c == '\'') {  // a quoted value: skipped to its closing quote
            const void* close = std::memchr(text.data() + i + 1, c, text.size() - i - 1);
            if (!close) return text.size();
            i = static_cast<std::size_t>(static_cast<const char*>(close) - text.data());
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
    if (html.substr(pos, 1) == ">"sv) return pos + 1;
    if (html.substr(pos, 2) == "->"sv) return pos + 2;
    // the first "--" followed by ">" or "!>" (not a search for each ending: a page without "--!>"
    // would be read to its end for every comment)
    for (auto dashes = html.find("--"sv, pos); dashes != std::string_view::npos; dashes = html.find("--"sv, dashes + 1)) {
        if (html.substr(dashes + 2, 1) == ">"sv) return dashes + 3;
        if (html.substr(dashes + 2, 2) == "!>"sv) return dashes + 4;
    }
    return html.size();
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
        if (html.substr(lt, 4) == "<!--"sv) {  // a comment: dropped whole, ended as the tokenizer ends it
            pos = comment_end(html, lt + 4);
            continue;
        }
        if (lt + 1 < html.size() && (is_alpha(html[lt + 1]) || html[lt + 1] == '/' || html[lt + 1] == '!' || html[lt + 1] == '?')) {
            const std::size_t end = tag_end(html, lt + 1);
            out.append(html.substr(lt, end - lt));
            pos = end;
            const std::string_view name = letters_tag_name(html, lt + 1);
            auto is = [&](std::string_view lower_name) {
                return name.size() == lower_name.size() && tag_name_is(html, lt + 1, lower_name);
            };
            if (name.empty()) continue;  // a closing tag, a doctype, a name that is none of these
            if (is("script"sv) || is("style"sv)) {  // the contents go; the closing tag stays
                pos = closing_tag(html, end, is("script"sv) ? "script"sv : "style"sv);
                continue;
            }
            // text-only elements: their contents are kept as they are, a "<!--" or "<script" in them
            // is text (a title, a textarea), not markup
            for (std::string_view text_only : {"title"sv, "textarea"sv, "xmp"sv, "iframe"sv, "noembed"sv, "noframes"sv}) {
                if (is(text_only)) {
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
