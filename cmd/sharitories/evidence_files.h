// `rank --evidence FILE…`: the evidence files read (wet's shards, another machine's `evidence
// --format jsonl`; - is standard input) and merged. A file that cannot be read ends the command
// (exit 2, naming it); a bad line is said on stderr and skipped, and counted for the exit code 3.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "model/evidence.h"

namespace sharitories::cli {

struct EvidenceFiles {
    std::vector<Evidence> rows;  ///< merged: one per town, pillar and page (rank/evidence_merge.h)
    std::size_t read = 0;        ///< good lines read, all files together, before merging
    /// The files with bad lines, in the order given, and how many each had.
    std::vector<std::pair<std::string, std::size_t>> skipped;
};

/// Every file is checked before any is read: a missing or unreadable one, a directory, or - given
/// twice print why and throw Exit{exit_usage}.
EvidenceFiles read_evidence_files(const std::vector<std::string>& files);

/// "2 bad lines skipped in shard-1.jsonl", one line per file with any, said also under --quiet.
void report_skipped_lines(const EvidenceFiles& files);

}  // namespace sharitories::cli
