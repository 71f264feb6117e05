// One query through its result pages: hits capped, repeats ignored, the end of the list, blocks.
#include <doctest/doctest.h>

#include "scan/search_cursor.h"

using namespace sharitories;

namespace {

SearchPage page_of(std::initializer_list<const char*> urls, std::string next = "") {
    SearchPage page;
    page.status = urls.size() ? SearchStatus::ok : SearchStatus::no_results;
    for (const char* url : urls) page.hits.push_back({url, "titre", "", 0});
    page.next_page = std::move(next);
    return page;
}

}  // namespace

TEST_CASE("search cursor: pages until the wanted hits, ranks across pages, repeats skipped") {
    SearchCursor cursor(4);
    CHECK(cursor.next_page().empty());
    CHECK(cursor.on_page(page_of({"https://a.fr/", "https://b.fr/"}, "2")) == SearchCursor::Next::page);
    CHECK(cursor.next_page() == "2");
    CHECK(cursor.first_rank() == 3);
    // the engine repeats b.fr on its second page; c.fr and d.fr make four
    CHECK(cursor.on_page(page_of({"https://b.fr/", "https://c.fr/", "https://d.fr/", "https://e.fr/"}, "3")) ==
          SearchCursor::Next::done);
    REQUIRE(cursor.hits().size() == 4);
    CHECK(cursor.hits()[2].url == "https://c.fr/");
    CHECK(cursor.hits()[2].rank == 4);  // b.fr's repeat took rank 3
    CHECK(cursor.outcome() == QueryOutcome::hits);
    CHECK(cursor.pages() == 2);
}

TEST_CASE("search cursor: no next page, a page with nothing new, and no results end the query") {
    SearchCursor last(10);
    CHECK(last.on_page(page_of({"https://a.fr/"})) == SearchCursor::Next::done);
    SearchCursor repeating(10);
    CHECK(repeating.on_page(page_of({"https://a.fr/"}, "2")) == SearchCursor::Next::page);
    CHECK(repeating.on_page(page_of({"https://a.fr/"}, "3")) == SearchCursor::Next::done);
    CHECK(repeating.hits().size() == 1);
    SearchCursor empty(10);
    CHECK(empty.on_page(page_of({})) == SearchCursor::Next::done);
    CHECK(empty.outcome() == QueryOutcome::no_results);
}

TEST_CASE("search cursor: a block or an error ends it without an answer — stop_here answers with what it has") {
    SearchCursor blocked(10);
    SearchPage captcha;
    captcha.status = SearchStatus::blocked;
    captcha.message = "DuckDuckGo shows its anomaly (CAPTCHA) page";
    CHECK(blocked.on_page(captcha) == SearchCursor::Next::ended);
    CHECK(blocked.outcome() == QueryOutcome::blocked);
    CHECK(blocked.message() == captcha.message);

    SearchCursor cut(10);
    CHECK(cut.on_page(page_of({"https://a.fr/"}, "2")) == SearchCursor::Next::page);
    cut.stop_here();
    CHECK(cut.outcome() == QueryOutcome::hits);
    CHECK(cut.message().find("budget") != std::string::npos);
}
