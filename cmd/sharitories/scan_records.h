// `scan --cc-records`: what cmd_scan.cpp hands to the record scan (scan_records.cpp).
#pragma once

#include <string>
#include <vector>

#include "cli_common.h"

namespace sharitories::cli {

struct ScanRecordsOptions {
    std::string records_file;  ///< --cc-records
    std::string base_url;      ///< --cc-base-url
    std::string db;
    SelectionOptions selection;
    std::string keywords_dir;
    std::size_t top = 0;
    PillarWeights weights;
    int workers = 0;
    FetchOptions fetch;
    OutputOptions output;
    std::string changes;
};

/// Runs the scan and writes its outputs; returns the exit code, or throws Exit.
int scan_records(ScanRecordsOptions& options);

}  // namespace sharitories::cli
