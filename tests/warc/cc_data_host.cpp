#include "warc/cc_data_host.h"

#include "test_support.h"
#include "warc/warc_builder.h"

namespace sharitories::test {
namespace {

std::string quoted(const std::string& field) { return "\"" + field + "\""; }

std::string page(const std::string& title, const std::string& body, const std::string& footer,
                 const std::string& charset = "utf-8") {
    return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"" + charset + "\"><title>" + title +
           "</title></head><body><nav><a href=\"/\">Accueil</a> <a href=\"/contact\">Contact</a></nav><main><h1>" +
           title + "</h1><p>" + body + "</p></main><footer>" + footer + "</footer></body></html>";
}

/// Latin-1 letters of `utf8` as windows-1252 bytes (enough for French: é è ê à â ç ô î û ù ë ï).
std::string windows_1252(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c == 0xC3 && i + 1 < utf8.size()) out += static_cast<char>(static_cast<unsigned char>(utf8[++i]) + 0x40);
        else out += static_cast<char>(c);
    }
    return out;
}

}  // namespace

void WarcFile::add(const std::string& record, const std::string& url) {
    const std::string member = gzip_member(record);
    if (!url.empty()) {
        CcRecord listed;
        listed.url = url;
        listed.source = {"CC-MAIN-2024-10", name, bytes.size(), member.size()};
        records.push_back(std::move(listed));
    }
    bytes += member;
}

std::string WarcFile::athena_csv() const {
    std::string csv = "\"url\",\"warc_filename\",\"warc_record_offset\",\"warc_record_length\",\"content_languages\"\n";
    for (const auto& record : records)
        csv += quoted(record.url) + "," + quoted(record.source.warc_filename) + "," +
               quoted(std::to_string(record.source.warc_record_offset)) + "," +
               quoted(std::to_string(record.source.warc_record_length)) + "," + quoted("fra") + "\n";
    return csv;
}

WarcFile morbihan_warc() {
    WarcFile file;
    file.name = "crawl-data/CC-MAIN-2024-10/segments/1707947473347.0/warc/"
                "CC-MAIN-20240220211055-20240221001055-00042.warc.gz";
    file.add(warcinfo_record("CC-MAIN-2024-10", "CC-MAIN-20240220211055-20240221001055-00042.warc.gz"));
    const std::string fabrique = "https://www.lafabrique-lorient.fr/";
    file.add(response_record(fabrique, "2024-02-21T08:15:02Z",
                             read_file(source_dir() / "tests/fixtures/pages/tiers-lieu-lorient.html")),
             fabrique);
    const std::string galais = "https://www.galais-lorient.bzh/monnaie-locale";
    file.add(response_record(galais, "2024-02-22T11:03:41Z",
                             page("Le Galais, monnaie locale du pays de Lorient",
                                  "Une monnaie locale et citoyenne, financement participatif de projets à Lorient : "
                                  "les commerçants du centre-ville l'acceptent depuis 2021.",
                                  "Association Le Galais, 56100 Lorient")),
             galais);
    const std::string amap = "https://www.amap-pays-de-vannes.fr/";
    file.add(response_record(amap, "2024-02-23T17:40:00Z",
                             windows_1252(page("AMAP du Pays de Vannes : paniers de légumes",
                                               "L'AMAP livre chaque jeudi des paniers de légumes en circuit court, "
                                               "à la maison de quartier de Ménimur, à Vannes.",
                                               "AMAP du Pays de Vannes, 4 rue de la Fontaine, 56000 Vannes",
                                               "windows-1252")),
                             "text/html"),
             amap);
    const std::string budget = "https://www.mairie-vannes.fr/budget-participatif";
    file.add(response_record(budget, "2024-02-24T09:00:00.250Z",
                             page("Budget participatif de Vannes", "Le budget participatif et le conseil citoyen : "
                                  "votez pour les projets des habitants de Vannes.",
                                  "Mairie de Vannes, place Maurice Marchais, 56000 Vannes, Morbihan")),
             budget);
    const std::string gone = "https://www.lorient.bzh/ancienne-page";
    file.add(response_record(gone, "2024-02-25T12:00:00Z", "<h1>Page introuvable</h1>", "text/html", 404), gone);
    return file;
}

CcDataHost::CcDataHost() {
    server_.http().Get(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
        bool slow_down = false;
        {
            std::lock_guard lock(mutex_);
            ranges_.push_back(request.get_header_value("Range"));
            if (slow_downs_ > 0) {
                --slow_downs_;
                slow_down = true;
            }
        }
        // cpp-httplib cuts any body to the request's Range itself: an answer that is not the slice
        // drops the parsed ranges first (the request object is the server's own, not const)
        const auto whole = [&request] { const_cast<httplib::Request&>(request).ranges.clear(); };
        if (slow_down) {
            whole();
            response.status = 503;
            response.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please "
                                 "reduce your request rate.</Message></Error>",
                                 "application/xml");
            return;
        }
        for (const auto& [path, bytes] : files_) {
            if (request.path != "/" + path) continue;
            if (ignore_range_) {
                whole();
                response.status = 200;
            }
            response.set_content(bytes, "application/octet-stream");  // with a Range: 206 and the slice
            return;
        }
        whole();
        response.status = 404;
    });
}

void CcDataHost::serve(const WarcFile& file) { files_.emplace_back(file.name, file.bytes); }

std::vector<std::string> CcDataHost::ranges() const {
    std::lock_guard lock(mutex_);
    return ranges_;
}

int CcDataHost::requests() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(ranges_.size());
}

}  // namespace sharitories::test
