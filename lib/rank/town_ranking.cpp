#include "rank/town_ranking.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace sharitories {
namespace {

std::size_t pillar_index(Pillar pillar) { return static_cast<std::size_t>(pillar); }

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string joined;
    for (const auto& item : items) joined += (joined.empty() ? "" : separator) + item;
    return joined;
}

}  // namespace

double town_score(const std::array<int, 4>& initiatives, const PillarWeights& weights) {
    // with every weight 1 each product is exact: the unweighted score to the last bit
    double breadth = 0;
    double volume = 0;
    for (std::size_t p = 0; p < initiatives.size(); ++p) {
        const double weight = weights.values[p];
        if (initiatives[p] > 0) breadth += 10 * weight;
        volume += weight * std::log2(1.0 + initiatives[p]);
    }
    return breadth + 9 * volume / (volume + 4);
}

std::vector<CityScore> rank_towns(const std::vector<City>& towns, const std::vector<Evidence>& evidence,
                                  const PillarWeights& weights) {
    std::map<std::string, std::vector<const Evidence*>> by_town;
    for (const auto& row : evidence) by_town[row.insee].push_back(&row);

    std::vector<CityScore> ranking;
    for (const City& town : towns) {
        CityScore score;
        score.city = town;
        std::array<std::set<std::string>, 4> counted;
        std::set<std::string> all_initiatives;
        auto rows = by_town[town.insee];
        for (const Evidence* row : rows) {
            if (!row->counts()) continue;
            counted[pillar_index(row->pillar)].insert(row->initiative);
            all_initiatives.insert(row->initiative);
        }
        for (std::size_t p = 0; p < 4; ++p) score.initiatives[p] = static_cast<int>(counted[p].size());
        score.pillars = static_cast<int>(std::count_if(score.initiatives.begin(), score.initiatives.end(),
                                                       [](int n) { return n > 0; }));
        score.score = town_score(score.initiatives, weights);
        score.per_10k = town.population > 0 ? 10'000.0 * static_cast<double>(all_initiatives.size()) /
                                                  static_cast<double>(town.population)
                                            : 0;
        // the strongest pages first, one per initiative
        std::sort(rows.begin(), rows.end(), [](const Evidence* a, const Evidence* b) {
            return a->strength != b->strength ? a->strength > b->strength : a->url < b->url;
        });
        std::set<std::string> shown;
        for (const Evidence* row : rows) {
            if (score.top_evidence.size() == top_evidence_urls) break;
            if (!row->counts() || !shown.insert(row->initiative).second) continue;
            score.top_evidence.push_back(row->url);
        }
        ranking.push_back(std::move(score));
    }
    std::stable_sort(ranking.begin(), ranking.end(), [](const CityScore& a, const CityScore& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.per_10k != b.per_10k) return a.per_10k > b.per_10k;
        return a.city.insee < b.city.insee;
    });
    for (std::size_t i = 0; i < ranking.size(); ++i) ranking[i].rank = static_cast<int>(i + 1);
    return ranking;
}

Table shortlist_table(const std::vector<CityScore>& ranking, std::size_t top, bool searched) {
    Table table{{{"rank", ColumnType::integer},
                 {"insee", ColumnType::text},
                 {"city", ColumnType::text},
                 {"departement", ColumnType::text},
                 {"population", ColumnType::integer},
                 {"score", ColumnType::number},
                 {"consommation", ColumnType::integer},
                 {"production", ColumnType::integer},
                 {"financement", ColumnType::integer},
                 {"gouvernance", ColumnType::integer},
                 {"pillars", ColumnType::integer},
                 {"per_10k", ColumnType::number},
                 {"top_evidence", ColumnType::text},
                 {"coverage", ColumnType::number},
                 {"searched_at", ColumnType::text}},
                {}};
    for (const auto& town : ranking) {
        if (top > 0 && table.rows.size() == top) break;
        table.rows.push_back({std::to_string(town.rank), town.city.insee, town.city.name, town.city.departement,
                              std::to_string(town.city.population), fmt::format("{:.2f}", town.score),
                              std::to_string(town.initiatives[0]), std::to_string(town.initiatives[1]),
                              std::to_string(town.initiatives[2]), std::to_string(town.initiatives[3]),
                              std::to_string(town.pillars), fmt::format("{:.2f}", town.per_10k),
                              join(town.top_evidence, " "), searched ? fmt::format("{:.2f}", town.coverage) : "",
                              searched ? town.searched_at : ""});
    }
    return table;
}

Table evidence_table(const std::vector<Evidence>& evidence) {
    Table table{{{"insee", ColumnType::text},
                 {"city", ColumnType::text},
                 {"pillar", ColumnType::text},
                 {"initiative", ColumnType::text},
                 {"url", ColumnType::text},
                 {"title", ColumnType::text},
                 {"terms", ColumnType::text},
                 {"strength", ColumnType::number},
                 {"fetched_at", ColumnType::text},
                 {"town_weight", ColumnType::number}},
                {}};
    for (const auto& row : evidence) {
        // town_weight as it is (shortest exact form: 1, 0.2), as it decides whether the page counts
        table.rows.push_back({row.insee, row.city, std::string(to_string(row.pillar)), row.initiative, row.url, row.title,
                              join(row.terms, "; "), fmt::format("{:.2f}", row.strength), row.fetched_at,
                              fmt::format("{}", row.town_weight)});
    }
    return table;
}

}  // namespace sharitories
