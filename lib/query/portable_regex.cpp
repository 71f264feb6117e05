#include "query/portable_regex.h"

#include <algorithm>

namespace sharitories::portable_regex {

std::string escape(std::string_view literal) {
    std::string escaped;
    escaped.reserve(literal.size());
    for (char c : literal) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) escaped += '\\';
        escaped += c;
    }
    return escaped;
}

std::string any_of(std::vector<std::string> alternatives) {
    std::sort(alternatives.begin(), alternatives.end());
    alternatives.erase(std::unique(alternatives.begin(), alternatives.end()), alternatives.end());
    if (alternatives.empty()) return "";
    std::string group = "(?:";
    for (std::size_t i = 0; i < alternatives.size(); ++i) (group += i == 0 ? "" : "|") += alternatives[i];
    return group + ")";
}

std::string path_word(std::string_view regex) {
    return "(?:^|" + std::string(path_separator) + ")" + std::string(regex) + "(?:" + std::string(path_separator) +
           "|$)";
}

}  // namespace sharitories::portable_regex
