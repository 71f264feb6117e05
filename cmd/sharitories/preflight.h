// Checks made before a command starts its work, so that a night's scan does not end hours later on
// a folder that does not exist, and so that the message says why: where the output goes, where the
// database lives, what the town list is.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace sharitories::cli {

/// Why this process cannot create or replace `file` (its folder missing, not a folder, not writable
/// and why, or `file` itself a folder or a device: the path itself, a link there is not followed),
/// or nothing if it can.
std::optional<std::string> why_not_writable(const std::filesystem::path& file);

/// why_not_writable(), and for an output written aside and renamed onto its path (AtomicFile): a name
/// another user owns in a sticky shared folder (/tmp), which rename(2) may not replace.
std::optional<std::string> why_not_replaceable(const std::filesystem::path& file);

/// Fails with exit 2, naming `option`, if `file` cannot be written (why_not_replaceable()).
void require_writable(const std::string& option, const std::filesystem::path& file);

/// For a scan, which writes the database: its folder must take SQLite's journal files (-wal, -shm)
/// and the lock, and the file, if it exists, must be writable. Fails with exit 2 saying why.
void require_database_writable(const std::filesystem::path& db);

/// For the commands that only read the database (rank, evidence): it must exist (this never creates
/// it), and SQLite in WAL mode must be able to open its -shm file beside it. Fails with exit 2.
void require_database_readable(const std::filesystem::path& db);

/// A file named as a spreadsheet this tool does not write (.ods, .xls, .xlsm): a CSV under that name
/// would not open; fails with exit 2, naming `option` and saying to name it .xlsx.
void refuse_unwritten_spreadsheet(const std::string& option, const std::filesystem::path& file);

/// A town list that is a spreadsheet (.xlsx, .ods, .xls: by name or by its first bytes), not CSV:
/// fails with exit 2 and one line saying to export it as CSV UTF-8.
void refuse_spreadsheet_as_cities(const std::filesystem::path& file);

}  // namespace sharitories::cli
