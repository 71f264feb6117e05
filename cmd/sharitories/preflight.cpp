#include "preflight.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "cli_common.h"
#include "exit_codes.h"
#include "run_lock.h"

namespace sharitories::cli {
namespace {

std::filesystem::path folder_of(const std::filesystem::path& file) {
    const auto folder = file.parent_path();
    return folder.empty() ? std::filesystem::path(".") : folder;
}

/// The database SQLite opens for `db`: where a link at its end leads (SQLite follows it); `db` as
/// given otherwise, so that a message names the folders as the user wrote them.
std::filesystem::path database_followed(const std::filesystem::path& db) {
    std::error_code error;
    return std::filesystem::is_symlink(std::filesystem::symlink_status(db, error)) ? database_file(db) : db;
}

std::string lowercase_extension(const std::filesystem::path& file) {
    std::string extension = file.extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return extension;
}

}  // namespace

std::optional<std::string> why_not_writable(const std::filesystem::path& file) {
    const auto folder = folder_of(file);
    struct stat folder_info {};
    if (::stat(folder.c_str(), &folder_info) != 0)
        return errno == ENOENT ? fmt::format("the folder {} does not exist", folder.string())
                               : fmt::format("cannot reach the folder {} ({})", folder.string(), std::strerror(errno));
    if (!S_ISDIR(folder_info.st_mode)) return fmt::format("{} is not a folder", folder.string());
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        return fmt::format("cannot write in the folder {} ({})", folder.string(), std::strerror(errno));
    struct stat info {};
    if (::lstat(file.c_str(), &info) == 0) {  // the path itself: a link there is replaced, not followed
        if (S_ISDIR(info.st_mode)) return fmt::format("{} is a folder", file.string());
        // the output is written aside and renamed over the path: only a file or a link can be replaced so
        if (!S_ISREG(info.st_mode) && !S_ISLNK(info.st_mode))
            return fmt::format("{} is not a regular file (the output is written aside, then renamed over it)", file.string());
    }
    return std::nullopt;
}

std::optional<std::string> why_not_replaceable(const std::filesystem::path& file) {
    if (auto why = why_not_writable(file)) return why;
    // in a shared folder with the sticky bit (/tmp), only a name's owner, or the folder's, may replace it
    const auto folder = folder_of(file);
    struct stat folder_info {}, info {};
    const uid_t me = ::geteuid();
    if (::stat(folder.c_str(), &folder_info) == 0 && (folder_info.st_mode & S_ISVTX) != 0 && me != 0 &&
        folder_info.st_uid != me && ::lstat(file.c_str(), &info) == 0 && info.st_uid != me) {
        const bool link = S_ISLNK(info.st_mode);
        return fmt::format("{} is {} another user owns, in the shared folder {} (sticky) where only its owner may "
                           "replace it{}: choose another name",
                           file.string(), link ? "a symbolic link" : "a file", folder.string(),
                           link ? " (the output replaces the path, never the file a link leads to)" : "");
    }
    return std::nullopt;
}

void require_writable(const std::string& option, const std::filesystem::path& file) {
    if (auto why = why_not_replaceable(file)) fail({fmt::format("{} {}: {}", option, file.string(), *why)}, exit_usage);
}

void require_database_writable(const std::filesystem::path& given) {
    // the file SQLite opens, its journal files and the lock beside it: where a link at --db leads
    const auto db = database_followed(given);
    if (auto why = why_not_writable(db))
        fail({fmt::format("--db {}: {}; a scan keeps its database there, with SQLite's journal files and its lock "
                          "beside it: choose a folder you can write in",
                          given.string(), *why)},
             exit_usage);
    if (::access(db.c_str(), F_OK) == 0 && ::access(db.c_str(), R_OK | W_OK) != 0)
        fail({fmt::format("--db {}: the file cannot be written ({}): a scan records its work in it", given.string(),
                          std::strerror(errno))},
             exit_usage);
}

void require_database_readable(const std::filesystem::path& db) {
    if (::access(db.c_str(), F_OK) != 0)
        fail({fmt::format("the database {} does not exist (run a scan with --db {} first)", db.string(), db.string())},
             exit_usage);
    if (::access(db.c_str(), R_OK) != 0)
        fail({fmt::format("--db {}: cannot read it ({})", db.string(), std::strerror(errno))}, exit_usage);
    // WAL mode: even a reader writes the -shm index beside the database, and the file itself
    const std::filesystem::path shm = database_followed(db).string() + "-shm";  // beside the file a link leads to
    const bool shm_writable = ::access(shm.c_str(), W_OK) == 0;
    if (!shm_writable) {
        if (auto why = why_not_writable(shm))
            fail({fmt::format("--db {}: cannot open it: {}, and SQLite needs to write {} there even to read (its "
                              "WAL index); copy the database to a folder you can write in",
                              db.string(), *why, shm.filename().string())},
                 exit_usage);
    }
    if (::access(db.c_str(), W_OK) != 0)
        fail({fmt::format("--db {}: the file is read-only for you ({}); sharitories opens its database for writing, "
                          "also to read it (it keeps it in WAL mode and upgrades an older one): copy it, or ask for "
                          "write access",
                          db.string(), std::strerror(errno))},
             exit_usage);
}

void refuse_unwritten_spreadsheet(const std::string& option, const std::filesystem::path& file) {
    const std::string extension = lowercase_extension(file);
    if (extension == ".ods" || extension == ".xls" || extension == ".xlsm")
        fail({fmt::format("{} {}: sharitories writes spreadsheets as .xlsx (which LibreOffice and Excel open), not "
                          "{}: name the file .xlsx",
                          option, file.string(), extension)},
             exit_usage);
}

void refuse_spreadsheet_as_cities(const std::filesystem::path& file) {
    const std::string extension = lowercase_extension(file);
    bool spreadsheet = extension == ".xlsx" || extension == ".xls" || extension == ".ods" || extension == ".xlsm" ||
                       extension == ".numbers";
    if (!spreadsheet) {
        // a spreadsheet renamed .csv: a zip (xlsx, ods) or an OLE compound file (xls)
        std::array<char, 4> head{};
        std::ifstream in(file, std::ios::binary);
        if (in.read(head.data(), head.size())) {
            const std::string_view magic(head.data(), head.size());
            spreadsheet = magic == std::string_view("PK\x03\x04", 4) || magic == std::string_view("\xD0\xCF\x11\xE0", 4);
        }
    }
    if (spreadsheet)
        fail({fmt::format("--cities {}: this is a spreadsheet, not a CSV file: export it as CSV UTF-8 (Calc: File › Save "
                          "a Copy › Text CSV, character set UTF-8; Excel: Save As › CSV UTF-8) and give that file",
                          file.string())},
             exit_usage);
}

}  // namespace sharitories::cli
