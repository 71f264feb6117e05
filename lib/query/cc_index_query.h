// The SQL that selects, from Common Crawl's columnar URL index (table ccindex.ccindex), the French HTML
// records that may be evidence for a set of towns. Dialect: Amazon Athena, that is Presto/Trino SQL;
// its regular expressions keep to portable_regex.h, so that the tests evaluate them with std::regex.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "classify/gazetteer.h"
#include "classify/town_site.h"
#include "model/keyword.h"

namespace sharitories {

/// Athena's limit on the text of a query, in bytes.
inline constexpr std::size_t athena_query_limit = 262144;

/// The result's columns, in order: `scan --cc-records` reads Athena's CSV by these names.
inline constexpr std::array<std::string_view, 7> cc_record_columns{
    "url", "warc_filename", "warc_record_offset", "warc_record_length", "url_host_registered_domain", "fetch_time",
    "content_charset"};

/// Whether `crawl` is written as Common Crawl names its crawls: CC-MAIN-YYYY-WW, the week 01 to 53.
bool is_crawl_name(std::string_view crawl);

/// `text` as an SQL string literal: in single quotes, its own quotes doubled ("l'a" → 'l''a').
std::string sql_literal(std::string_view text);

/// The pillar terms looked for in URL paths, as one regular expression over a lower-cased path: each
/// term normalised (accents, case), its words joined by '-', '_' or nothing, each word also in its
/// plurals (plural_forms: as the page matcher folds them), the whole on path-word boundaries.
struct PathTerms {
    std::string regex;                    ///< "" if no term is kept
    std::vector<std::string> kept;        ///< the terms as written, in the files' order
    std::vector<std::string> weak;        ///< left out: a weight under 1 (too often used in other senses)
    std::vector<std::string> contextual;  ///< left out: count only beside words a path cannot show (context.tsv needs)
};
PathTerms path_terms(const KeywordSet& keywords);

/// A town's name (any of its forms, words joined by '-', '_' or nothing) as a whole word of a
/// lower-cased URL path, for the platforms' project pages ("/tiers-lieu-de-saint-nazaire"); ambiguous
/// names are left out, as a path cannot confirm them. "" if no town is left.
std::string town_path_regex(const TownGazetteer& gazetteer, const std::vector<std::size_t>& towns);

/// A platform whose project pages are kept when their path names a town: those whose pages imply a
/// pillar, all of their paths or only those under `segments` (HelloAsso's collectes).
struct PlatformPages {
    std::string domain;
    std::vector<std::string> segments;  ///< empty: any path
};
std::vector<PlatformPages> project_platforms(const std::vector<Platform>& platforms);

struct CcIndexQuery {
    std::string sql;
    OwnSitePattern own_sites;
    PathTerms terms;
    std::string town_paths;
    std::vector<PlatformPages> platforms;
    std::vector<std::string> ambiguous;  ///< towns (as written) with no bare site name nor path name
};

/// The query for `towns`, indexes into gazetteer.towns() (built from the whole list, so that the
/// names two towns share are known to be ambiguous). `crawl` must satisfy is_crawl_name().
CcIndexQuery build_cc_index_query(std::string_view crawl, const TownGazetteer& gazetteer,
                                  const std::vector<std::size_t>& towns, const KeywordSet& keywords);

}  // namespace sharitories
