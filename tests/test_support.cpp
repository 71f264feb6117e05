#include "test_support.h"

#include "input/data_files.h"
#include "store/store.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace sharitories::test {

std::filesystem::path shared_dir() {
    const char* set = std::getenv("SHARITORIES_SHARED_DIR");
    return set != nullptr && *set != '\0' ? std::filesystem::path(set) : source_dir() / ".." / "shared";
}

std::optional<std::filesystem::path> shared_fixture(const std::filesystem::path& relative) {
    auto path = shared_dir() / relative;
    if (std::filesystem::exists(path)) return path;
    skip(path.string() + " is absent (the project's shared folder beside the checkout)");
    return std::nullopt;
}

void skip(const std::string& why) {
    // on stdout, where ctest reads it, whatever doctest's own output options
    std::cout << "[sharitories test skipped] " << why << std::endl;
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sharitories-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
    auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
}

const KeywordSet& shipped_keywords() {
    static const KeywordSet keywords = [] {
        auto loaded = load_keywords(source_dir() / "keywords");
        if (!loaded.ok()) throw std::runtime_error("the shipped keywords do not load");
        return std::move(loaded.value);
    }();
    return keywords;
}

const std::vector<City>& shipped_towns() {
    static const std::vector<City> towns = [] {
        auto loaded = load_cities(source_dir() / "cities.csv");
        if (!loaded.ok()) throw std::runtime_error("the shipped cities.csv does not load");
        return std::move(loaded.value.cities);
    }();
    return towns;
}

const City& shipped_town(const std::string& insee) {
    for (const auto& town : shipped_towns())
        if (town.insee == insee) return town;
    throw std::runtime_error("no shipped town " + insee);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

SharitoriesProcess::SharitoriesProcess(const std::vector<std::string>& args, bool unprivileged,
                                       const std::filesystem::path& stdin_path) {
    out_path_ = dir_.path() / "stdout";
    err_path_ = dir_.path() / "stderr";
    // everything the child needs is made here, before fork(): in a child of a threaded process (the
    // test servers' threads) only async-signal-safe calls are safe — an allocation can deadlock on a
    // lock another thread held at the fork
    std::string binary = SHARITORIES_BINARY;
    std::vector<std::string> copies = args;
    std::vector<char*> argv{binary.data()};
    for (auto& arg : copies) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;  // the environment without SHARITORIES_DATA_DIR
    for (char** entry = environ; *entry != nullptr; ++entry)
        if (!std::string_view(*entry).starts_with("SHARITORIES_DATA_DIR=")) envp.push_back(*entry);
    envp.push_back(nullptr);
    const bool drop_root = unprivileged && ::geteuid() == 0;
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = ::open(stdin_path.c_str(), O_RDONLY);
        if (out < 0 || err < 0 || in < 0) ::_exit(126);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        // the test runner may block signals in its threads: the child starts with none blocked
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (drop_root) {
            constexpr uid_t nobody = 65534;
            if (::setgroups(0, nullptr) != 0 || ::setgid(nobody) != 0 || ::setuid(nobody) != 0) ::_exit(125);
        }
        ::execve(binary.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
}

SharitoriesProcess::~SharitoriesProcess() {
    if (pid_ > 0 && !waited_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

void SharitoriesProcess::signal(int number) const { ::kill(pid_, number); }

RunResult SharitoriesProcess::wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_path_);
    result.err = read_file(err_path_);
    return result;
}

RunResult run_sharitories(const std::vector<std::string>& args) { return SharitoriesProcess(args).wait(); }

RunResult run_sharitories_unprivileged(const std::vector<std::string>& args) {
    return SharitoriesProcess(args, true).wait();
}

RunResult run_sharitories_with_stdin(const std::vector<std::string>& args, const std::string& input) {
    TempDir dir;
    return SharitoriesProcess(args, false, dir.write("stdin", input)).wait();
}


void write_finished_scan_of_lorient(const std::filesystem::path& path) {
    Store store(path);
    const auto run = store.begin_run("2026-11-30T02:00:00Z", 1, 200);
    store.save_run_towns(run, {shipped_town("56121")});
    RunSummary summary;
    summary.id = run;
    summary.finished_at = "2026-11-30T02:20:00Z";
    summary.status = "done";
    store.finish_run(summary);
}

}  // namespace sharitories::test
