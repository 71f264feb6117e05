// Everything sharitories says on stderr goes through here, so that cron and people each get what
// they need: `--quiet` keeps the errors only; `--log-format json` writes one JSON object per line
// ({"time", "level", "message"}, plus the figures of a progress or summary line); on a terminal a
// live progress line is redrawn in place, and other messages are printed above it. Thread-safe (the
// fetcher's notes come from its own thread).
#pragma once

#include <nlohmann/json.hpp>

#include <mutex>
#include <string>

namespace sharitories::cli {

enum class LogLevel { error, warning, note, info };

class Console {
public:
    /// The one console of the process.
    static Console& get();

    /// `quiet`: errors only. `json`: JSON lines. Progress is redrawn in place when stderr is a
    /// terminal and the format is text.
    void configure(bool quiet, bool json);

    /// "sharitories: error: …" (error), "sharitories: warning: …", "sharitories: note: …",
    /// "sharitories: …" (info); `fields` are added to the JSON object (the summary's figures).
    /// `even_if_quiet`: also under --quiet (why a scan ends with another exit code than 0).
    void say(LogLevel level, const std::string& message, const nlohmann::json& fields = nlohmann::json::object(),
             bool even_if_quiet = false);

    /// A progress report: on a terminal `line` replaces the live line; elsewhere it is printed as an
    /// info line when `periodic` (the caller decides how often), with `fields` in JSON.
    void progress(const std::string& line, const nlohmann::json& fields, bool periodic);

    /// The live line, if any, is ended (a new line), so that what follows starts clean.
    void end_progress();

    bool live() const { return live_; }

private:
    void clear_live_line();
    std::mutex mutex_;
    bool quiet_ = false;
    bool json_ = false;
    bool live_ = false;          ///< stderr is a terminal and the format is text
    std::string shown_;          ///< the live line on screen now, "" if none
};

inline void say(LogLevel level, const std::string& message) { Console::get().say(level, message); }

}  // namespace sharitories::cli
