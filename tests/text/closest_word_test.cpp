// "Did you mean …?" for a misspelt option (text/closest_word.h).
#include <doctest/doctest.h>

#include "text/closest_word.h"

using namespace sharitories;

TEST_CASE("edit distance: insertions, deletions, substitutions and swapped neighbours cost one each") {
    CHECK(edit_distance("budget", "budget") == 0);
    CHECK(edit_distance("budgt", "budget") == 1);       // a letter left out
    CHECK(edit_distance("buddget", "budget") == 1);     // one too many
    CHECK(edit_distance("bidget", "budget") == 1);      // one wrong
    CHECK(edit_distance("bugdet", "budget") == 1);      // two swapped
    CHECK(edit_distance("", "top") == 3);
    CHECK(edit_distance("departement", "département") == 2);  // é is two bytes
}

TEST_CASE("closest word: what a misspelt option meant, or nothing when it is not clear") {
    const std::vector<std::string> options{"budget", "db", "departement", "insee", "max-pop", "min-pop",
                                           "refresh-days", "region", "results", "top", "weights"};
    CHECK(closest_word("budgt", options) == "budget");
    CHECK(closest_word("refresh-day", options) == "refresh-days");
    CHECK(closest_word("weigths", options) == "weights");
    CHECK(closest_word("departemnt", options) == "departement");
    CHECK(closest_word("refr", options) == "refresh-days");  // the beginning of one option only
    CHECK_FALSE(closest_word("m", options));                  // min-pop or max-pop
    CHECK(closest_word("mxa-pop", options) == "max-pop");
    CHECK_FALSE(closest_word("colour", options));             // nothing near
    CHECK_FALSE(closest_word("tp", options));                 // two letters: only an exact beginning
    CHECK(closest_word("dbb", options) == "db");              // three: one edit
    CHECK_FALSE(closest_word("", options));
}
