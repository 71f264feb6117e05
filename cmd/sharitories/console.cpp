#include "console.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "model/timestamp.h"

namespace sharitories::cli {
namespace {

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::error: return "error";
        case LogLevel::warning: return "warning";
        case LogLevel::note: return "note";
        case LogLevel::info: return "info";
    }
    return "info";
}

/// `line` cut to fit a terminal `columns` wide, less one (a full row would wrap, and \r then
/// erases only the last row): counted in UTF-8 characters, ending "…" when cut.
std::string fit(const std::string& line, int columns) {
    if (columns <= 1) return line;
    const std::size_t room = static_cast<std::size_t>(columns - 1);
    std::size_t characters = 0, cut = line.size();
    for (std::size_t i = 0; i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;  // a continuation byte
        if (characters == room - 1) cut = i;
        if (++characters > room) return line.substr(0, cut) + "…";
    }
    return line;
}

int terminal_columns() {
    struct winsize size {};
    return ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

void write_stderr(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace

Console& Console::get() {
    static Console console;
    return console;
}

void Console::configure(bool quiet, bool json) {
    std::lock_guard lock(mutex_);
    quiet_ = quiet;
    json_ = json;
    live_ = !json && !quiet && ::isatty(STDERR_FILENO) == 1;
}

void Console::clear_live_line() {
    if (shown_.empty()) return;
    write_stderr("\r\x1b[K");  // back to the line's start, erased
}

void Console::say(LogLevel level, const std::string& message, const nlohmann::json& fields, bool even_if_quiet) {
    std::lock_guard lock(mutex_);
    if (quiet_ && level != LogLevel::error && !even_if_quiet) return;
    if (json_) {
        nlohmann::ordered_json object;  // time, level and message first, as people read a log
        object["time"] = to_iso(std::chrono::system_clock::now());
        object["level"] = level_name(level);
        object["message"] = message;
        for (const auto& [key, value] : fields.items()) object[key] = value;
        write_stderr(object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
        return;
    }
    clear_live_line();
    std::string text = "sharitories: ";
    if (level != LogLevel::info) (text += level_name(level)) += ": ";
    text += message;
    text += '\n';
    if (!shown_.empty()) text += shown_;  // the live line again, below the message
    write_stderr(text);
}

void Console::progress(const std::string& line, const nlohmann::json& fields, bool periodic) {
    if (live_) {
        std::lock_guard lock(mutex_);
        clear_live_line();
        shown_ = fit("sharitories: " + line, terminal_columns());
        write_stderr(shown_);
        return;
    }
    if (periodic) say(LogLevel::info, line, nlohmann::json{{"event", "progress"}, {"progress", fields}});
}

void Console::end_progress() {
    std::lock_guard lock(mutex_);
    if (shown_.empty()) return;
    write_stderr("\n");
    shown_.clear();
}

}  // namespace sharitories::cli
