// `sharitories fetch`: fetches URLs as a scan would — robots.txt, politeness, safety rules — and
// prints one line per URL saying what happened, so a user can see why a site is never counted.
#include <fmt/core.h>

#include <iostream>
#include <map>

#include "cli_common.h"
#include "console.h"
#include "commands.h"
#include "exit_codes.h"
#include "input/data_files.h"
#include "input/delimited_text.h"

namespace sharitories::cli {
namespace {

std::string human_size(std::size_t bytes) {
    if (bytes < 1024) return fmt::format("{} B", bytes);
    if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024);
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024 * 1024));
}

/// A result without its body (a run over many URLs must not hold them all), and the body's size.
struct Fetched {
    FetchResult result;
    std::size_t bytes = 0;
};

Table results_table(const std::vector<Fetched>& fetched) {
    Table table{{{"url", ColumnType::text},
                 {"status", ColumnType::integer},
                 {"content_type", ColumnType::text},
                 {"charset", ColumnType::text},
                 {"bytes", ColumnType::integer},
                 {"seconds", ColumnType::number},
                 {"transfer_seconds", ColumnType::number},
                 {"attempts", ColumnType::integer},
                 {"redirects", ColumnType::integer},
                 {"final_url", ColumnType::text},
                 {"error", ColumnType::text},
                 {"detail", ColumnType::text}},
                {}};
    for (const auto& [r, bytes] : fetched) {
        table.rows.push_back({r.requested_url, r.status ? std::to_string(r.status) : "", r.content_type, r.charset,
                              std::to_string(bytes), fmt::format("{:.3f}", r.seconds),
                              fmt::format("{:.3f}", r.transfer_seconds),
                              std::to_string(r.attempts), std::to_string(r.redirects), r.final_url,
                              std::string(to_string(r.error)), r.error_detail});
    }
    return table;
}

/// "200 text/html UTF-8 14.2 KiB 0.31 s 1 try https://… [→ final] [error: detail]"
std::string text_line(const Fetched& fetched) {
    const FetchResult& r = fetched.result;
    // a URL never requested (refused, or its host unreachable) has no size, time or tries to show
    const bool requested = r.attempts > 0;
    std::string line = fmt::format("{:<4} {:<18} {:<22} {:>9} {:>9} {:<7} {}",
                                   r.status ? std::to_string(r.status) : "---",
                                   r.ok() ? (r.not_modified ? "not-modified" : "ok") : std::string(to_string(r.error)),
                                   r.content_type.empty() ? "-" : r.content_type,
                                   requested ? human_size(fetched.bytes) : "-",
                                   requested ? fmt::format("{:.2f} s", r.seconds) : "-",
                                   requested ? fmt::format("{} {}", r.attempts, r.attempts == 1 ? "try" : "tries") : "-",
                                   r.requested_url);
    if (r.redirects > 0) line += " → " + r.final_url;
    if (!r.error_detail.empty()) line += "  (" + r.error_detail + ")";
    return line;
}

class FetchCommand : public Command {
public:
    explicit FetchCommand(CLI::App& parent) {
        app_ = parent.add_subcommand("fetch", "Fetch URLs as a scan would, and say what happened to each");
        set_footer(*app_,
                   "Each URL is fetched with the scan's rules: robots.txt first (RFC 9309), at most "
                   "--per-host-connections requests to a host at once and --per-host-delay-ms between "
                   "them, retries of 408, 425, 429, 500, 502, 503, 504, timeouts and resets (3 attempts, "
                   "Retry-After honoured; a server asking for more than 2 minutes is not retried this run), only http and https (redirects too, 5 at most), no private or loopback "
                   "targets unless --allow-private-hosts, bodies capped at 5 MiB after decompression, "
                   "only HTML, XHTML and text kept. One line per URL, in the order given (the command "
                   "line's, then --urls FILE's): status, "
                   "outcome, type, size, time, attempts, URL, and the reason when it failed. Exit code "
                   "0 when every URL was fetched, 3 when some were not.");
        app_->add_option("urls", urls_, "URLs to fetch")->type_name("URL");
        app_->add_option("--urls", urls_file_, "Also read URLs from FILE, one per line ('-': standard input; # comments)")
            ->type_name("FILE");
        add_network_options(*app_, options_);
        add_output_options(*app_, output_, {"text", "csv", "tsv", "json", "jsonl", "md", "xlsx"});
    }

    int run() override {
        check_output_options(output_);
        read_urls_file();
        if (urls_.empty()) fail({"no URL given (fetch URL… or --urls FILE)"}, exit_usage);
        options_.log = [](const std::string& line) { say(LogLevel::note, line); };

        auto fetcher = make_curl_fetcher(options_);
        for (std::size_t i = 0; i < urls_.size(); ++i) {
            FetchRequest request;
            request.url = urls_[i];
            request.id = i;
            fetcher->submit(std::move(request));
        }
        std::vector<Fetched> results(urls_.size());
        fetcher->run([&](FetchResult result) {
            Fetched& row = results[static_cast<std::size_t>(result.id)];
            row.bytes = result.body.size();
            std::string().swap(result.body);  // frees the page: assignment would keep its capacity
            row.result = std::move(result);
        });

        if (output_.format == "text") {
            std::string text;
            for (const auto& result : results) text += text_line(result) + '\n';
            write_output_text(text, output_);
        } else {
            write_output(results_table(results), output_, "fetch");
        }
        const auto failed =
            std::count_if(results.begin(), results.end(), [](const Fetched& f) { return !f.result.ok(); });
        say(LogLevel::info, fmt::format("{} fetched, {} failed", results.size() - static_cast<std::size_t>(failed),
                                        failed));
        return failed == 0 ? exit_done : exit_partial;
    }

private:
    void read_urls_file() {
        if (urls_file_.empty()) return;
        std::string text;
        if (urls_file_ == "-") {
            text.assign(std::istreambuf_iterator<char>(std::cin), {});
        } else {
            auto file = read_text_file(urls_file_);
            if (!file.ok()) fail_input(file.errors);
            text = std::move(file.value);
        }
        std::size_t pos = 0;
        while (pos < text.size()) {
            auto end = text.find('\n', pos);
            if (end == std::string::npos) end = text.size();
            auto line = trim(std::string_view(text).substr(pos, end - pos));
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (!line.empty() && line.front() != '#') urls_.emplace_back(line);
            pos = end + 1;
        }
    }

    std::vector<std::string> urls_;
    std::string urls_file_;
    FetchOptions options_;
    OutputOptions output_;
};

}  // namespace

std::unique_ptr<Command> make_fetch_command(CLI::App& parent) { return std::make_unique<FetchCommand>(parent); }

}  // namespace sharitories::cli
