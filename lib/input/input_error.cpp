#include "input/input_error.h"

#include <fmt/core.h>

namespace sharitories {

std::string format_error(const InputError& error) {
    if (error.line == 0) return fmt::format("{}: {}", error.file, error.message);
    if (error.column == 0) return fmt::format("{}:{}: {}", error.file, error.line, error.message);
    return fmt::format("{}:{}:{}: {}", error.file, error.line, error.column, error.message);
}

}  // namespace sharitories
