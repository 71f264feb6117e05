// What `scan --changes FILE` borrows from `sharitories changes` (cmd_changes.cpp): the same table,
// written at the end of a scan that finishes.
#pragma once

#include <string>

#include "output/table.h"
#include "store/store.h"

namespace sharitories::cli {

/// The changes from the finished scan before the latest to the latest: a workbook's third sheet.
Table latest_changes_table(const Store& store);

/// The help of --changes.
extern const char* const changes_file_help;

/// Before a scan starts: FILE's folder exists and is writable; else prints why (naming --changes)
/// and throws Exit{exit_usage}.
void check_changes_file(const std::string& file);

/// The changes from the finished scan before the latest to the latest (the one that just recorded
/// its snapshot), written to FILE atomically, in the format its extension names (.csv, .tsv, .json,
/// .jsonl, .md, .xlsx; else csv); --csv-excel applies to a .csv. Says on stderr which scans it compared.
/// Throws Exit{exit_failed} if it cannot.
void write_changes_file(const Store& store, const std::string& file, bool csv_excel);

}  // namespace sharitories::cli
