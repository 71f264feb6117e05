// Whether a known page is fetched tonight, and how: fresh within --max-age, revalidated with its
// validators when older, downloaded without them or after a failure that is due again; --max-age's
// forms.
#include <doctest/doctest.h>

#include "scan/page_freshness.h"
#include "scan/plan.h"

using namespace sharitories;
using namespace std::chrono_literals;

namespace {

const SystemTime now = *parse_iso("2026-12-01T23:00:00Z");
constexpr std::chrono::seconds week = std::chrono::days(7);

PageRecord fetched(std::string at, std::string etag = "\"a1b2\"", std::string last_modified = "Fri, 20 Nov 2026 08:00:00 GMT") {
    PageRecord page;
    page.url = "https://amap-lorient.fr/";
    page.final_url = page.url;
    page.status = 200;
    page.content_type = "text/html";
    page.etag = std::move(etag);
    page.last_modified = std::move(last_modified);
    page.fetched_at = std::move(at);
    return page;
}

}  // namespace

TEST_CASE("page freshness: never fetched is downloaded, within max age is fresh, older is revalidated with its validators") {
    CHECK(plan_page_fetch(std::nullopt, now, week).freshness == PageFreshness::download);

    const auto yesterday = plan_page_fetch(fetched("2026-11-30T23:00:00Z"), now, week);
    CHECK(yesterday.freshness == PageFreshness::fresh);
    CHECK(yesterday.if_none_match.empty());
    CHECK(plan_page_fetch(fetched("2026-11-24T23:00:01Z"), now, week).freshness == PageFreshness::fresh);

    // exactly max age old, or older: stale
    const auto week_old = plan_page_fetch(fetched("2026-11-24T23:00:00Z"), now, week);
    CHECK(week_old.freshness == PageFreshness::revalidate);
    CHECK(week_old.if_none_match == "\"a1b2\"");
    CHECK(week_old.if_modified_since == "Fri, 20 Nov 2026 08:00:00 GMT");

    // one validator is enough, and only it is sent
    const auto etag_only = plan_page_fetch(fetched("2026-10-01T00:00:00Z", "W/\"v3\"", ""), now, week);
    CHECK(etag_only.freshness == PageFreshness::revalidate);
    CHECK(etag_only.if_none_match == "W/\"v3\"");
    CHECK(etag_only.if_modified_since.empty());
    const auto date_only = plan_page_fetch(fetched("2026-10-01T00:00:00Z", ""), now, week);
    CHECK(date_only.freshness == PageFreshness::revalidate);
    CHECK(date_only.if_none_match.empty());
    CHECK(date_only.if_modified_since == "Fri, 20 Nov 2026 08:00:00 GMT");

    // without validators a stale page is simply downloaded
    const auto bare = plan_page_fetch(fetched("2026-10-01T00:00:00Z", "", ""), now, week);
    CHECK(bare.freshness == PageFreshness::download);
    CHECK(bare.if_none_match.empty());
    CHECK(bare.if_modified_since.empty());

    // a max age in hours or minutes
    CHECK(plan_page_fetch(fetched("2026-12-01T22:00:00Z"), now, 90min).freshness == PageFreshness::fresh);
    CHECK(plan_page_fetch(fetched("2026-12-01T21:00:00Z"), now, 90min).freshness == PageFreshness::revalidate);
    // a date the store could not have written: stale
    CHECK(plan_page_fetch(fetched(""), now, week).freshness == PageFreshness::revalidate);
}

TEST_CASE("page freshness: a max age of 0 revalidates every page found, even one fetched this second") {
    CHECK(plan_page_fetch(fetched("2026-12-01T23:00:00Z"), now, 0s).freshness == PageFreshness::revalidate);
    CHECK(plan_page_fetch(fetched("2026-12-02T10:00:00Z"), now, 0s).freshness == PageFreshness::revalidate);  // clock skew
    CHECK(plan_page_fetch(fetched("2026-12-01T23:00:00Z", "", ""), now, 0s).freshness == PageFreshness::download);
}

TEST_CASE("page freshness: a page whose last fetch failed keeps the retry rules, and is downloaded when due") {
    PageRecord page = fetched("2026-11-30T23:00:00Z", "", "");
    page.error = FetchError::timeout;
    page.failures = 1;
    CHECK(plan_page_fetch(page, now, week).freshness == PageFreshness::download);  // a passing failure: again at once
    page.failures = max_page_failures;
    CHECK(plan_page_fetch(page, now, week).freshness == PageFreshness::fresh);  // three in a row: waits for max age
    page.fetched_at = "2026-11-20T23:00:00Z";
    CHECK(plan_page_fetch(page, now, week).freshness == PageFreshness::download);

    page.fetched_at = "2026-11-30T23:00:00Z";
    page.failures = 1;
    page.error = FetchError::http_status;
    page.status = 503;
    CHECK(plan_page_fetch(page, now, week).freshness == PageFreshness::download);
    page.status = 404;  // for good: waits for max age
    CHECK(plan_page_fetch(page, now, week).freshness == PageFreshness::fresh);
    CHECK(plan_page_fetch(page, now, 0s).freshness == PageFreshness::download);
    page.error = FetchError::robots;
    page.status = 0;
    CHECK(plan_page_fetch(page, now, week).freshness == PageFreshness::fresh);

    // the validators a failed fetch's response carried are not the page's: downloaded, not revalidated
    page = fetched("2026-11-30T23:00:00Z", "\"erreur\"", "");
    page.error = FetchError::http_status;
    page.status = 502;
    page.failures = 1;
    const auto retry = plan_page_fetch(page, now, week);
    CHECK(retry.freshness == PageFreshness::download);
    CHECK(retry.if_none_match.empty());
}

TEST_CASE("page freshness: --max-age takes 7d, 36h, 90m or a number of days, from 0 to 3650 days") {
    CHECK(parse_page_max_age("7d") == std::chrono::seconds(std::chrono::days(7)));
    CHECK(parse_page_max_age("7") == std::chrono::seconds(std::chrono::days(7)));
    CHECK(parse_page_max_age("36h") == std::chrono::seconds(36h));
    CHECK(parse_page_max_age("90m") == std::chrono::seconds(90min));
    CHECK(parse_page_max_age("0") == 0s);
    CHECK(parse_page_max_age("0h") == 0s);
    CHECK(parse_page_max_age("3650d") == std::chrono::seconds(std::chrono::days(3650)));
    CHECK(parse_page_max_age("87600h") == std::chrono::seconds(std::chrono::days(3650)));
    for (const char* bad : {"", "d", "-1", "-1d", "+7", "7 d", " 7", "7j", "7days", "1.5d", "7D", "3651", "87601h",
                            "5256001m", "99999999999999999999", "1e3", "0x10", "nan"}) {
        INFO(bad);
        CHECK_FALSE(parse_page_max_age(bad));
    }
}
