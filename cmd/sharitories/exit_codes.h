// The exit codes cron jobs depend on (DESIGN.md §4), documented in --help and README.
#pragma once

namespace sharitories::cli {

inline constexpr int exit_done = 0;
inline constexpr int exit_failed = 1;       ///< the run failed (an unwritable output, …)
inline constexpr int exit_usage = 2;        ///< bad arguments or bad input files
inline constexpr int exit_partial = 3;      ///< done, but some queries failed (or input lines skipped)
inline constexpr int exit_locked = 4;       ///< another run holds the database lock
inline constexpr int exit_interrupted = 130;  ///< SIGINT: the shell's 128 + 2
inline constexpr int exit_terminated = 143;   ///< SIGTERM: 128 + 15

inline constexpr const char* exit_codes_help =
    "Exit codes (the same for every command; 4 and 130/143 come from scans):\n"
    "  0    done (a scan also when its search budget is spent or nothing was due)\n"
    "  1    the run failed (most searches failed, the output could not be written …)\n"
    "  2    usage or input error (bad option, unreadable or malformed input file)\n"
    "  3    partial: done, but some searches were blocked or failed (scan), URLs failed (fetch), bad\n"
    "       evidence lines were skipped (rank --evidence) or a file was not read to its end (wet)\n"
    "  4    another scan holds the lock on the database\n"
    "  130  interrupted by SIGINT (143 by SIGTERM): what was recorded is kept; the next scan goes on";

/// Thrown once the reason has been printed on stderr; main() turns it into the exit code.
struct Exit {
    int code;
};

}  // namespace sharitories::cli
