// Helpers shared by the tests: paths of the source tree and the built binary, temporary folders, and
// running the binary as a user would.
#pragma once

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "input/input_error.h"
#include "model/city.h"
#include "model/keyword.h"

namespace sharitories::test {

inline std::filesystem::path source_dir() { return SHARITORIES_SOURCE_DIR; }

/// The project's shared folder beside the checkout (`../shared`: fixtures of real pages), or
/// $SHARITORIES_SHARED_DIR when set.
std::filesystem::path shared_dir();

/// shared_dir() / `relative` if it exists; else reports the test as skipped (see skip()) and
/// returns nothing.
std::optional<std::filesystem::path> shared_fixture(const std::filesystem::path& relative);

/// Says why the running test case does not run: ctest reports it as skipped, not passed
/// (tests/CMakeLists.txt gives every test SKIP_REGULAR_EXPRESSION on this line). The caller returns.
void skip(const std::string& why);

/// A fresh folder under the system's temporary directory, removed with the object.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    /// Writes `content` to `name` inside the folder and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path path_;
};

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs the built sharitories with `args` (no shell: arguments are passed as they are), with the
/// environment variable SHARITORIES_DATA_DIR unset so the defaults are the source tree's.
RunResult run_sharitories(const std::vector<std::string>& args);

/// The same as an unprivileged user: as `nobody` (uid 65534) when the tests run as root, for whom
/// no permission is ever denied; as the current user otherwise.
RunResult run_sharitories_unprivileged(const std::vector<std::string>& args);

/// run_sharitories with `input` on its stdin.
RunResult run_sharitories_with_stdin(const std::vector<std::string>& args, const std::string& input);

/// The built sharitories started in the background, as run_sharitories runs it; killed (SIGKILL)
/// with the object if not waited for.
class SharitoriesProcess {
public:
    /// `stdin_path`: what the child reads on stdin (nothing by default).
    explicit SharitoriesProcess(const std::vector<std::string>& args, bool unprivileged = false,
                                const std::filesystem::path& stdin_path = "/dev/null");
    ~SharitoriesProcess();
    SharitoriesProcess(const SharitoriesProcess&) = delete;
    SharitoriesProcess& operator=(const SharitoriesProcess&) = delete;

    /// Sends a signal (SIGTERM, SIGKILL …); safe from a server's handler thread.
    void signal(int number) const;
    /// Waits for the end; its exit code (128 + the signal if one ended it) and output.
    RunResult wait();

private:
    TempDir dir_;
    std::filesystem::path out_path_, err_path_;
    int pid_ = -1;
    bool waited_ = false;
};

std::string read_file(const std::filesystem::path& path);

/// The lines of `text`, without their line breaks.
std::vector<std::string> lines_of(const std::string& text);

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// The shipped keywords/ and cities.csv, loaded once (they must load cleanly).
const KeywordSet& shipped_keywords();
const std::vector<City>& shipped_towns();
/// A town of the shipped list by INSEE code; fails the test if there is none.
const City& shipped_town(const std::string& insee);

/// A database at `path` holding one finished scan of Lorient (56121) and nothing else, as a night leaves it.
void write_finished_scan_of_lorient(const std::filesystem::path& path);

/// True if a reader reported an error on `line` whose message contains `text`.
template <typename T>
bool has_error(const Parsed<T>& parsed, int line, const std::string& text) {
    return std::any_of(parsed.errors.begin(), parsed.errors.end(), [&](const InputError& error) {
        return error.line == line && error.message.find(text) != std::string::npos;
    });
}

}  // namespace sharitories::test
