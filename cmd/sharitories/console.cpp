#include "console.h"

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

void Console::say(LogLevel level, const std::string& message, const nlohmann::json& fields) {
    std::lock_guard lock(mutex_);
    if (quiet_ && level != LogLevel::error) return;
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
        shown_ = "sharitories: " + line;
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
