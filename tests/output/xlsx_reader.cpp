#include "output/xlsx_reader.h"

#include <cstdio>
#include <memory>
#include <regex>
#include <stdexcept>

namespace sharitories::test {
namespace {

std::string unescape(std::string text) {
    static const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&#10;", "\n"}, {"&amp;", "&"}};
    for (const auto& [entity, character] : entities) {
        for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1))
            text.replace(at, std::string(entity).size(), character);
    }
    return text;
}

std::string attribute(const std::string& element, const std::string& name) {
    const std::regex pattern("\\s" + name + "=\"([^\"]*)\"");
    std::smatch match;
    return std::regex_search(element, match, pattern) ? unescape(match[1]) : "";
}

std::string shell_quoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::vector<std::string> shared_strings(const std::filesystem::path& path) {
    std::vector<std::string> strings;
    const std::string xml = unzip_member(path, "xl/sharedStrings.xml");
    static const std::regex item("<si>([\\s\\S]*?)</si>");
    static const std::regex text("<t(?: [^>]*)?>([\\s\\S]*?)</t>");
    for (std::sregex_iterator it(xml.begin(), xml.end(), item), end; it != end; ++it) {
        const std::string body = (*it)[1];
        std::string joined;  // rich text: the runs' texts together
        for (std::sregex_iterator t(body.begin(), body.end(), text); t != end; ++t) joined += (*t)[1];
        strings.push_back(unescape(joined));
    }
    return strings;
}

}  // namespace

XlsxCell XlsxSheet::at(const std::string& ref) const {
    auto found = cells.find(ref);
    return found == cells.end() ? XlsxCell{} : found->second;
}

std::string unzip_member(const std::filesystem::path& zip, const std::string& member) {
    const std::string command = "unzip -p " + shell_quoted(zip.string()) + " " + shell_quoted(member) + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot run unzip");
    std::string text;
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;) text.append(buffer, n);
    return text;
}

std::vector<XlsxSheet> read_xlsx(const std::filesystem::path& path) {
    const auto strings = shared_strings(path);
    const std::string workbook = unzip_member(path, "xl/workbook.xml");
    const std::string relations = unzip_member(path, "xl/_rels/workbook.xml.rels");
    static const std::regex sheet_element("<sheet [^>]*/>");
    static const std::regex cell_element("<c ([^>]*?)(?:/>|>([\\s\\S]*?)</c>)");
    static const std::regex value_element("<v>([\\s\\S]*?)</v>");
    static const std::regex inline_text("<is>[\\s\\S]*?<t(?: [^>]*)?>([\\s\\S]*?)</t>");
    static const std::regex formula_element("<f(?: [^>]*)?>([\\s\\S]*?)</f>");
    static const std::regex pane_element("<pane [^>]*/>");
    static const std::regex autofilter_element("<autoFilter [^>]*>");
    static const std::regex hyperlink_element("<hyperlink [^>]*/>");
    static const std::regex column_element("<col [^>]*/>");
    static const std::regex relation_element("<Relationship [^>]*/>");

    std::map<std::string, std::string> targets;  // workbook relation id → part
    for (std::sregex_iterator it(relations.begin(), relations.end(), relation_element), end; it != end; ++it)
        targets[attribute(it->str(), "Id")] = attribute(it->str(), "Target");

    std::vector<XlsxSheet> sheets;
    for (std::sregex_iterator it(workbook.begin(), workbook.end(), sheet_element), end; it != end; ++it) {
        XlsxSheet sheet;
        sheet.name = attribute(it->str(), "name");
        std::string part = targets[attribute(it->str(), "r:id")];
        if (part.starts_with("/")) part = part.substr(1);
        else part = "xl/" + part;
        const std::string xml = unzip_member(path, part);
        for (std::sregex_iterator c(xml.begin(), xml.end(), cell_element); c != end; ++c) {
            const std::string attributes = " " + (*c)[1].str();
            const std::string body = (*c)[2];
            XlsxCell cell;
            cell.type = attribute(attributes, "t");
            if (cell.type.empty()) cell.type = "n";
            const std::string style = attribute(attributes, "s");
            cell.style = style.empty() ? 0 : std::stoi(style);
            std::smatch match;
            if (std::regex_search(body, match, formula_element)) cell.formula = unescape(match[1]);
            if (cell.type == "inlineStr" && std::regex_search(body, match, inline_text)) {
                cell.type = "s";
                cell.value = unescape(match[1]);
            } else if (std::regex_search(body, match, value_element)) {
                cell.value = unescape(match[1]);
                if (cell.type == "s") cell.value = strings.at(std::stoul(cell.value));
            } else if (body.empty()) {
                continue;  // a styled empty cell
            }
            sheet.cells[attribute(attributes, "r")] = cell;
        }
        std::smatch match;
        if (std::regex_search(xml, match, pane_element)) sheet.pane = match.str();
        if (std::regex_search(xml, match, autofilter_element)) sheet.autofilter = attribute(match.str(), "ref");
        const std::string sheet_relations = unzip_member(
            path, part.substr(0, part.rfind('/')) + "/_rels/" + part.substr(part.rfind('/') + 1) + ".rels");
        std::map<std::string, std::string> links;
        for (std::sregex_iterator r(sheet_relations.begin(), sheet_relations.end(), relation_element); r != end; ++r)
            links[attribute(r->str(), "Id")] = attribute(r->str(), "Target");
        for (std::sregex_iterator h(xml.begin(), xml.end(), hyperlink_element); h != end; ++h)
            sheet.hyperlinks[attribute(h->str(), "ref")] = links[attribute(h->str(), "r:id")];
        for (std::sregex_iterator col(xml.begin(), xml.end(), column_element); col != end; ++col) {
            const int min = std::stoi(attribute(col->str(), "min"));
            const int max = std::stoi(attribute(col->str(), "max"));
            for (int n = min; n <= max; ++n) sheet.widths[n] = std::stod(attribute(col->str(), "width"));
        }
        sheets.push_back(std::move(sheet));
    }
    return sheets;
}

std::string xlsx_number_format(const std::filesystem::path& path, int style) {
    const std::string xml = unzip_member(path, "xl/styles.xml");
    static const std::map<int, std::string> builtin = {{0, "General"}, {1, "0"}, {2, "0.00"}, {49, "@"}};
    static const std::regex cell_xfs("<cellXfs[^>]*>([\\s\\S]*?)</cellXfs>");
    static const std::regex xf("<xf [^>]*?(?:/>|>)");
    std::smatch match;
    if (!std::regex_search(xml, match, cell_xfs)) return "";
    const std::string xfs = match[1];
    int index = 0;
    for (std::sregex_iterator it(xfs.begin(), xfs.end(), xf), end; it != end; ++it, ++index) {
        if (index != style) continue;
        const int id = std::stoi(attribute(it->str(), "numFmtId"));
        if (auto found = builtin.find(id); found != builtin.end()) return found->second;
        const std::regex custom("<numFmt [^>]*numFmtId=\"" + std::to_string(id) + "\"[^>]*/>");
        std::smatch format;
        if (std::regex_search(xml, format, custom)) return attribute(format.str(), "formatCode");
        return "#" + std::to_string(id);
    }
    return "";
}

}  // namespace sharitories::test
