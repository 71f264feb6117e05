// Removes what no reader sees before the HTML parser reads it: the contents of <script> and <style>
// (raw text to the parser, often most of a news page's bytes) and the text of comments. The parser
// then builds the same tree from the result, less those texts: this is a speed-up, never a change in
// what a page says, and tests/fuzz/page_text checks it against Gumbo on every input it finds.
//
// To be exact, the pre-pass reads the page as the HTML tokenizer does (WHATWG HTML §13.2.5): tags are
// split into their name and attributes, quoted or not, exactly as the tokenizer splits them; comments
// end where it ends them ("<!-->", "--!>", end of file); script contents end at the first "</script"
// that is not inside the script data escaped states ("<!--<script>…</script>-->" inside a script);
// RCDATA (title, textarea), RAWTEXT (xmp, iframe, noembed, noframes, style) and PLAINTEXT are
// followed. What it removes is replaced so that the token stream keeps its shape: a comment becomes
// the empty comment "<!---->" (its text goes, the node stays, so neighbouring text is not merged
// into a new tag or character reference), a script or style keeps its start and end tags.
//
// Departure, on the safe side: what the tokenizer does also depends on the tree builder (§13.2.6) —
// inside <svg> and <math> (foreign content) a <style> is an ordinary element and "<![CDATA[" a
// section; inside <select> a <style> tag is ignored; <template> and <frameset> have modes of their
// own. The pre-pass does not model those modes: from the first such start tag on it copies the
// rest of the page unchanged. That costs speed on such pages, never text.
//
// Input: UTF-8 (pages reach it decoded, fetch/charset.h). Every byte that decides a state is ASCII,
// so multi-byte characters pass through as "anything else".
#pragma once

#include <string>
#include <string_view>

namespace sharitories::html {

std::string without_invisible_content(std::string_view html);

}  // namespace sharitories::html
