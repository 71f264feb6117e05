// Located errors for the input readers: "file:line:column: message", as compilers print them, so an
// editor can jump to the spot. Readers collect every error they find instead of stopping at the first,
// so that one run tells a user everything to fix in their file.
#pragma once

#include <string>
#include <vector>

namespace sharitories {

struct InputError {
    std::string file;
    int line = 0;    ///< 1-based; 0 when the error concerns the whole file
    int column = 0;  ///< 1-based, in characters (not bytes); 0 when unknown
    std::string message;
};

/// "cities.csv:12:34: message" (line and column left out when unknown).
std::string format_error(const InputError& error);

/// A reader's answer: a value, usable only when `errors` is empty, and warnings about things it
/// read past that a user probably wants to know (a file it skipped, say).
template <typename T>
struct Parsed {
    T value{};
    std::vector<InputError> errors;
    std::vector<InputError> warnings;

    bool ok() const { return errors.empty(); }
};

}  // namespace sharitories
