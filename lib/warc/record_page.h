// What a WARC record gives to classify, and the evidence it holds: the page of a `response` record
// (WARC 1.1 §6.3) whose HTTP answer is a 2xx HTML, XHTML or text page, decoded to UTF-8 exactly as
// the fetch engine decodes a fetched page (fetch/charset.h); or the text of a WET `conversion`
// record (§6.7, Common Crawl's extracted text: UTF-8, the page's title on the first line, then one
// line per block of its text). Every other record (warcinfo, request, metadata, revisit, a 404, an
// image) is no page, and says why.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "fetch/fetch_types.h"
#include "warc/warc_reader.h"

namespace sharitories {

struct RecordPage {
    std::string url;       ///< WARC-Target-URI
    std::string date;      ///< WARC-Date (ISO 8601, UTC): when the crawler fetched it
    std::string text;      ///< UTF-8: HTML, or WET plain text
    bool html = true;      ///< false: WET text
    std::string charset;   ///< the encoding the body was decoded from ("" for WET text)
    bool cut = false;      ///< the record or the body passed its cap: only the first part is read
};

/// The page in `record`, or nullopt with `why` ("a request record", "HTTP 404", "image/png").
std::optional<RecordPage> record_page(const WarcRecord& record, std::string& why,
                                      std::size_t max_body_bytes = default_max_body_bytes);

}  // namespace sharitories
