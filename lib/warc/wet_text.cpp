#include "warc/wet_text.h"

#include <vector>

namespace sharitories {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r'; }

/// `line` with runs of white space as one space, none at its ends.
std::string collapse(std::string_view line) {
    while (!line.empty() && blank(line.front())) line.remove_prefix(1);
    while (!line.empty() && blank(line.back())) line.remove_suffix(1);
    // most lines of Common Crawl's text are clean already: copied whole
    bool clean = true;
    for (std::size_t i = 0; i < line.size() && clean; ++i)
        clean = line[i] == ' ' ? line[i + 1] != ' ' : !blank(line[i]);  // no space at the end: i + 1 is in
    if (clean) return std::string(line);
    std::string out;
    out.reserve(line.size());
    for (char c : line) {
        if (blank(c) && !out.empty() && out.back() == ' ') continue;
        out += blank(c) ? ' ' : c;
    }
    return out;
}

int words(std::string_view line) {
    int count = line.empty() ? 0 : 1;
    for (char c : line) count += c == ' ';
    return count;
}

bool ends_a_sentence(std::string_view line) {
    return line.ends_with('.') || line.ends_with('!') || line.ends_with('?') || line.ends_with(':') ||
           line.ends_with("\xe2\x80\xa6") /* … */;
}

/// A paragraph of the content, not a menu item, a heading or a footer's line.
bool paragraph(std::string_view line) {
    const int count = words(line);
    return count >= 12 || (count >= 4 && ends_a_sentence(line));
}

}  // namespace

PageText wet_page_text(std::string_view text) {
    PageText page;
    std::vector<std::string> lines;
    bool first = true;
    while (!text.empty()) {
        const auto lf = text.find('\n');
        std::string line = collapse(text.substr(0, lf));
        text.remove_prefix(lf == std::string_view::npos ? text.size() : lf + 1);
        if (line.empty()) continue;
        if (first) {
            first = false;
            page.title = std::move(line);
        } else {
            lines.push_back(std::move(line));
        }
    }
    std::vector<bool> paragraphs(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) paragraphs[i] = paragraph(lines[i]);
    std::size_t first_paragraph = lines.size(), last_paragraph = lines.size(), bytes = 0;
    for (const auto& line : lines) bytes += line.size() + 1;
    page.text.reserve(bytes);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!paragraphs[i]) continue;
        if (first_paragraph == lines.size()) first_paragraph = i;
        last_paragraph = i;
    }
    const bool structured = first_paragraph < lines.size();  // no paragraph at all: all of it is content
    // runs of three lines or more of at most three words: a menu (a menu's items are a word or two)
    std::vector<bool> in_run(lines.size(), false);
    for (std::size_t i = 0; i < lines.size();) {
        std::size_t j = i;
        while (j < lines.size() && !paragraphs[j] && words(lines[j]) <= 3) ++j;
        if (j - i >= 3) for (std::size_t k = i; k < j; ++k) in_run[k] = true;
        i = j == i ? i + 1 : j;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        TextBlock block{std::move(lines[i]), BlockKind::paragraph, Region::main, -1, -1};
        const bool before_paragraph = i + 1 < lines.size() && paragraphs[i + 1] && !paragraphs[i];
        if (structured && i + 1 < first_paragraph) block.region = Region::navigation;
        else if (structured && i > last_paragraph) block.region = Region::footer;
        else if (structured && in_run[i] && i + 1 != first_paragraph) block.region = Region::navigation;  // a menu's last item
        else if (before_paragraph) block.kind = BlockKind::heading;
        if (block.kind == BlockKind::heading) page.headings.push_back(block.text);
        page.text += block.text;
        page.text += '\n';
        page.blocks.push_back(std::move(block));
    }
    return page;
}

}  // namespace sharitories
