// The exit codes cron jobs depend on (DESIGN.md §4), documented in --help and README.
#pragma once

namespace sharitories::cli {

inline constexpr int exit_done = 0;
inline constexpr int exit_failed = 1;       ///< the run failed (an unwritable output, …)
inline constexpr int exit_usage = 2;        ///< bad arguments or bad input files
inline constexpr int exit_partial = 3;      ///< done, but some queries failed
inline constexpr int exit_locked = 4;       ///< another run holds the database lock

inline constexpr const char* exit_codes_help =
    "Exit codes (the same for every command; 4 and 130/143 come from scans):\n"
    "  0    done\n"
    "  1    the run failed (e.g. the output could not be written)\n"
    "  2    usage or input error (bad option, unreadable or malformed input file)\n"
    "  3    partial: done, but some queries (scan) or URLs (fetch) failed\n"
    "  4    another scan holds the lock on the database\n"
    "  130  interrupted by SIGINT (143 by SIGTERM)";

/// Thrown once the reason has been printed on stderr; main() turns it into the exit code.
struct Exit {
    int code;
};

}  // namespace sharitories::cli
