#include "html/invisible_content.h"

#include <cstring>

namespace sharitories::html {
namespace {

// string_view literals: their length is known at compile time, not measured by strlen on every tag
using namespace std::string_view_literals;

constexpr std::size_t npos = std::string_view::npos;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// The tokenizer's whitespace (§13.2.5: tab, LF, FF, space; a CR is an LF by then, §13.2.3.5).
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/// What ends an end tag's name in the RAWTEXT, RCDATA and script data end tag name states.
bool ends_name(char c) { return is_space(c) || c == '/' || c == '>'; }

/// The position of the next '<' from `pos`; npos if none.
std::size_t next_lt(std::string_view text, std::size_t pos) {
    if (pos >= text.size()) return npos;
    const void* found = std::memchr(text.data() + pos, '<', text.size() - pos);
    return found ? static_cast<std::size_t>(static_cast<const char*>(found) - text.data()) : npos;
}

/// Is `text` at `pos` the name `word` (lower case), case-insensitively, followed by what ends an end
/// tag's name? ("the appropriate end tag": "</scripts" or "</script" at the end of the input is not)
bool appropriate_end_tag_at(std::string_view text, std::size_t pos, std::string_view word) {
    if (pos + word.size() >= text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(text[pos + i]) != word[i]) return false;
    }
    return ends_name(text[pos + word.size()]);
}

bool name_is(std::string_view name, std::string_view word) {
    if (name.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(name[i]) != word[i]) return false;
    }
    return true;
}

struct Tag {
    std::string_view name;  ///< as written
    std::size_t end = npos;  ///< just after its '>'; npos when the input ends inside it (the tokenizer drops it)
};

/// The start or end tag whose name starts at `name_start` (a letter, after "<" or "</"), split as the
/// tokenizer splits it: tag name, before/after attribute name, attribute name, before attribute
/// value, quoted and unquoted values, after a quoted value, self-closing start tag (§13.2.5.8–40).
/// A quote inside a name or an unquoted value is an ordinary character there, as in the tokenizer.
Tag read_tag(std::string_view html, std::size_t name_start) {
    enum class State { tag_name, before_name, name, after_name, before_value, double_quoted, single_quoted, unquoted, after_quoted, self_closing };
    Tag tag;
    State state = State::tag_name;
    for (std::size_t i = name_start; i < html.size(); ++i) {
        const char c = html[i];
        switch (state) {
            case State::tag_name:
                if (is_space(c) || c == '/' || c == '>') tag.name = html.substr(name_start, i - name_start);
                if (is_space(c)) state = State::before_name;
                else if (c == '/') state = State::self_closing;
                else if (c == '>') return tag.end = i + 1, tag;
                break;
            case State::before_name:  // '/' and '>' reconsumed in "after attribute name"
                if (c == '/') state = State::self_closing;
                else if (c == '>') return tag.end = i + 1, tag;
                else if (!is_space(c)) state = State::name;  // '=' too starts a name here
                break;
            case State::name:
                if (is_space(c)) state = State::after_name;
                else if (c == '/') state = State::self_closing;
                else if (c == '=') state = State::before_value;
                else if (c == '>') return tag.end = i + 1, tag;
                break;
            case State::after_name:
                if (c == '/') state = State::self_closing;
                else if (c == '=') state = State::before_value;
                else if (c == '>') return tag.end = i + 1, tag;
                else if (!is_space(c)) state = State::name;
                break;
            case State::before_value:
                if (c == '"') state = State::double_quoted;
                else if (c == '\'') state = State::single_quoted;
                else if (c == '>') return tag.end = i + 1, tag;  // a missing value
                else if (!is_space(c)) state = State::unquoted;
                break;
            case State::double_quoted:
            case State::single_quoted: {
                const char quote = state == State::double_quoted ? '"' : '\'';
                const void* close = std::memchr(html.data() + i, quote, html.size() - i);
                if (!close) return tag;
                i = static_cast<std::size_t>(static_cast<const char*>(close) - html.data());
                state = State::after_quoted;
                break;
            }
            case State::unquoted:
                if (is_space(c)) state = State::before_name;
                else if (c == '>') return tag.end = i + 1, tag;
                break;
            case State::after_quoted:
                if (is_space(c)) state = State::before_name;
                else if (c == '/') state = State::self_closing;
                else if (c == '>') return tag.end = i + 1, tag;
                else state = State::name;  // reconsumed in "before attribute name": it starts a name
                break;
            case State::self_closing:
                if (c == '>') return tag.end = i + 1, tag;
                if (!is_space(c)) state = State::name;  // reconsumed in "before attribute name"
                else state = State::before_name;
                break;
        }
    }
    return tag;
}

/// Where RCDATA or RAWTEXT contents that start at `pos` end: the '<' of the appropriate end tag
/// "</name", or the end of the input (§13.2.5.2–3, 9–15).
std::size_t raw_text_end(std::string_view html, std::size_t pos, std::string_view name) {
    for (std::size_t lt = next_lt(html, pos); lt != npos; lt = next_lt(html, lt + 1)) {
        if (lt + 1 < html.size() && html[lt + 1] == '/' && appropriate_end_tag_at(html, lt + 2, name)) return lt;
    }
    return html.size();
}

/// The end of the run of ASCII letters from `pos`.
std::size_t letters_end(std::string_view html, std::size_t pos) {
    while (pos < html.size() && is_alpha(html[pos])) ++pos;
    return pos;
}

/// Where script contents that start at `pos` end: the '<' of "</script" in the script data state or
/// one of its escaped states, or the end of the input. Follows §13.2.5.4 and 15–32: "<!--" enters the
/// escaped state, "<script" there the double-escaped one (where "</script" does not end the script,
/// it returns to escaped), "-->" back to script data.
std::size_t script_data_end(std::string_view html, std::size_t i) {
    enum class State { data, escaped, escaped_dash, escaped_dash_dash, double_escaped, double_dash, double_dash_dash };
    State state = State::data;
    const std::size_t n = html.size();
    auto at = [&](std::size_t k) { return k < n ? html[k] : '\0'; };
    // the double escape start and end states: the letters from `name_start` are the temporary buffer;
    // the character after them, if it ends a name, is consumed and the state becomes `on_script` when
    // the buffer is "script"; otherwise it is reconsumed. Returns where reading goes on.
    auto past_name_switching_on_script = [&](std::size_t name_start, State on_script) {
        const std::size_t end = letters_end(html, name_start);
        if (end >= n || !ends_name(html[end])) return end;
        if (name_is(html.substr(name_start, end - name_start), "script"sv)) state = on_script;
        return end + 1;
    };
    while (i < n) {
        if (state == State::data) {
            i = next_lt(html, i);
            if (i == npos) return n;
            if (at(i + 1) == '/') {
                if (appropriate_end_tag_at(html, i + 2, "script"sv)) return i;
                i += 2;  // "</" and what follows are text: reconsumed in script data
            } else if (at(i + 1) == '!' && at(i + 2) == '-' && at(i + 3) == '-') {
                state = State::escaped_dash_dash;  // "<!--": script data escape start, then its dashes
                i += 4;
            } else {
                ++i;
            }
            continue;
        }
        const char c = html[i];
        const bool escaped = state == State::escaped || state == State::escaped_dash || state == State::escaped_dash_dash;
        if (c == '<') {
            if (escaped) {  // script data escaped less-than sign state
                if (at(i + 1) == '/' && appropriate_end_tag_at(html, i + 2, "script"sv)) return i;
                state = State::escaped;
                if (at(i + 1) == '/') {
                    i += 2;
                } else if (is_alpha(at(i + 1))) {  // double escape start: "<script" + a name's end
                    i = past_name_switching_on_script(i + 1, State::double_escaped);
                } else {
                    ++i;
                }
            } else {  // script data double escaped less-than sign state
                state = State::double_escaped;
                if (at(i + 1) == '/') {  // double escape end: "</script" + a name's end
                    i = past_name_switching_on_script(i + 2, State::escaped);
                } else {
                    ++i;
                }
            }
            continue;
        }
        switch (state) {
            case State::escaped:
            case State::double_escaped:
                if (c == '-') state = escaped ? State::escaped_dash : State::double_dash;
                break;
            case State::escaped_dash:
            case State::double_dash:
                if (c == '-') state = escaped ? State::escaped_dash_dash : State::double_dash_dash;
                else state = escaped ? State::escaped : State::double_escaped;
                break;
            case State::escaped_dash_dash:
            case State::double_dash_dash:
                if (c == '>') state = State::data;
                else if (c != '-') state = escaped ? State::escaped : State::double_escaped;
                break;
            case State::data: break;
        }
        ++i;
    }
    return n;
}

/// Where a comment whose text starts at `pos` (after "<!--") ends, as the tokenizer ends it
/// (§13.2.5.43–52): "<!-->" and "<!--->" are empty comments; otherwise the first "--" followed by
/// ">" or "!>" closes it (the nested "<!--" states only report errors); the end of the input too.
std::size_t comment_end(std::string_view html, std::size_t pos) {
    if (html.substr(pos, 1) == ">"sv) return pos + 1;
    if (html.substr(pos, 2) == "->"sv) return pos + 2;
    // the first "--" followed by ">" or "!>" (not a search for each ending: a page without "--!>"
    // would be read to its end for every comment)
    for (auto dashes = html.find("--"sv, pos); dashes != npos; dashes = html.find("--"sv, dashes + 1)) {
        if (html.substr(dashes + 2, 1) == ">"sv) return dashes + 3;
        if (html.substr(dashes + 2, 2) == "!>"sv) return dashes + 4;
    }
    return html.size();
}

/// What a start tag does to the tokenizer, as far as the pre-pass is concerned.
enum class Contents { markup, dropped, kept_raw, rest_unchanged };

Contents contents_after(std::string_view name, std::string_view& raw_name) {
    for (std::string_view dropped : {"script"sv, "style"sv}) {
        if (name_is(name, dropped)) return raw_name = dropped, Contents::dropped;
    }
    // RCDATA and RAWTEXT elements whose text is (or may be) read: copied as they are, a "<!--" or
    // "<script" in them is text, not markup
    for (std::string_view raw : {"title"sv, "textarea"sv, "xmp"sv, "iframe"sv, "noembed"sv, "noframes"sv}) {
        if (name_is(name, raw)) return raw_name = raw, Contents::kept_raw;
    }
    // PLAINTEXT, and the tree builder's modes the pre-pass does not model (see the header)
    for (std::string_view unmodelled : {"plaintext"sv, "svg"sv, "math"sv, "select"sv, "template"sv, "frameset"sv}) {
        if (name_is(name, unmodelled)) return Contents::rest_unchanged;
    }
    return Contents::markup;
}

}  // namespace

std::string without_invisible_content(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    const std::size_t n = html.size();
    std::size_t pos = 0;
    auto copy_rest = [&] { out.append(html.substr(pos)); };
    auto at = [&](std::size_t k) { return k < n ? html[k] : '\0'; };
    while (pos < n) {
        const std::size_t lt = next_lt(html, pos);
        if (lt == npos) break;
        out.append(html.substr(pos, lt - pos));
        pos = lt;
        const char next = at(lt + 1);
        if (next == '!' && html.substr(lt, 4) == "<!--"sv) {  // a comment: its text goes, the node stays
            out += "<!---->";
            pos = comment_end(html, lt + 4);
        } else if (next == '!' || next == '?' || (next == '/' && lt + 2 < n && !is_alpha(html[lt + 2]))) {
            // a DOCTYPE, a bogus comment ("<!x", "<?xml", "</ x"), "</>": up to the first '>', as it is
            const std::size_t close = html.find('>', lt + 1);
            pos = close == npos ? n : close + 1;
            out.append(html.substr(lt, pos - lt));
        } else if (is_alpha(next) || (next == '/' && is_alpha(at(lt + 2)))) {
            const bool closing = next == '/';
            const Tag tag = read_tag(html, lt + (closing ? 2 : 1));
            if (tag.end == npos) break;  // the input ends inside the tag
            out.append(html.substr(lt, tag.end - lt));
            pos = tag.end;
            if (closing) continue;
            std::string_view raw_name;
            switch (contents_after(tag.name, raw_name)) {
                case Contents::markup: break;
                case Contents::dropped:
                    pos = raw_name == "script"sv ? script_data_end(html, pos) : raw_text_end(html, pos, raw_name);
                    break;
                case Contents::kept_raw: {
                    const std::size_t close = raw_text_end(html, pos, raw_name);
                    out.append(html.substr(pos, close - pos));
                    pos = close;
                    break;
                }
                case Contents::rest_unchanged: copy_rest(); return out;
            }
        } else {  // a '<' that opens nothing ("3 < 5", "</" at the end): text
            out += '<';
            pos = lt + 1;
        }
    }
    copy_rest();
    return out;
}

}  // namespace sharitories::html
