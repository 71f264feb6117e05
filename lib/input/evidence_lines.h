// Reads evidence as JSON Lines — what `sharitories wet` writes on each machine and what `sharitories
// evidence --format jsonl` writes — so that `rank --evidence` ranks towns without a database. Unlike
// the other readers, a bad line does not spoil the file: it is reported and skipped (a shard cut
// mid-write by a killed job ends with half a line), and every good line is kept.
#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "input/input_error.h"
#include "model/evidence.h"

namespace sharitories {

/// One JSON object a line, keyed by the evidence columns (rank/town_ranking.h: evidence_table).
/// Required: insee (an INSEE code), pillar (one of the four names), initiative, url — non-empty
/// strings. Optional: city, title, fetched_at (strings), terms (a "; "-joined string or an array of
/// strings), strength (a number ≥ 0, absent: 0), town_weight (a number from 0 to 1; absent: 1, as
/// in the evidence written before the column existed, which listed only counted pages at full
/// weight), and the page's Common Crawl record: crawl, warc_filename (strings), warc_record_offset,
/// warc_record_length (numbers ≥ 0) — wet's, and evidence's. null is as absent. Other keys are
/// ignored. Blank lines, a
/// UTF-8 BOM and CRLF line ends are fine.
///
/// `value` holds the good lines in file order; `warnings` one "FILE:LINE: why" per bad line
/// skipped (not JSON, cut short, not an object, a required key missing, a key of the wrong type, an
/// unknown pillar); `errors` only a stream that could not be read to its end (line 0).
Parsed<std::vector<Evidence>> read_evidence_lines(std::istream& in, const std::string& file);
Parsed<std::vector<Evidence>> read_evidence_lines(std::string_view text, const std::string& file);

}  // namespace sharitories
