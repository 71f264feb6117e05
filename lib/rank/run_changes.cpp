#include "rank/run_changes.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "text/normalize.h"

namespace sharitories {
namespace {

using InitiativeKey = std::tuple<std::string, Pillar, std::string>;  // insee, pillar, initiative

constexpr std::string_view kind_names[] = {"appeared", "back", "disappeared", "covered", "rank", "count"};

std::string number_cell(ChangeKind kind, const std::optional<double>& value) {
    if (!value) return "";
    if (kind == ChangeKind::covered) return fmt::format("{:.2f}", *value);
    return fmt::format("{:.0f}", *value);
}

}  // namespace

std::string_view to_string(ChangeKind kind) { return kind_names[static_cast<int>(kind)]; }

RunSnapshot snapshot_of(const std::vector<CityScore>& ranking, const std::vector<Evidence>& evidence) {
    RunSnapshot snapshot;
    std::map<std::string, bool> towns;
    for (const auto& score : ranking) {
        snapshot.towns.push_back({score.city.insee, score.city.name, score.rank, score.initiatives, score.score,
                                  score.coverage});
        towns[score.city.insee] = true;
    }
    std::map<InitiativeKey, const Evidence*> strongest;
    for (const auto& row : evidence) {
        if (!row.counts() || !towns.count(row.insee)) continue;
        auto [at, added] = strongest.try_emplace({row.insee, row.pillar, row.initiative}, &row);
        const Evidence* kept = at->second;
        if (!added && (row.strength > kept->strength || (row.strength == kept->strength && row.url < kept->url)))
            at->second = &row;
    }
    for (const auto& [key, row] : strongest)
        snapshot.initiatives.push_back({row->insee, row->pillar, row->initiative, row->url});
    return snapshot;
}

std::vector<Change> diff_snapshots(const RunSnapshot* before, const std::string& before_started_at,
                                   const RunSnapshot& after, const std::vector<InitiativeSeen>& seen) {
    std::map<std::string, const SnapshotTown*> towns_before, towns_after;
    if (before)
        for (const auto& town : before->towns) towns_before.emplace(town.insee, &town);
    for (const auto& town : after.towns) towns_after.emplace(town.insee, &town);
    std::map<InitiativeKey, const SnapshotInitiative*> initiatives_before, initiatives_after;
    if (before)
        for (const auto& item : before->initiatives) initiatives_before.emplace(InitiativeKey{item.insee, item.pillar, item.initiative}, &item);
    for (const auto& item : after.initiatives) initiatives_after.emplace(InitiativeKey{item.insee, item.pillar, item.initiative}, &item);
    std::map<InitiativeKey, const InitiativeSeen*> dates;
    for (const auto& item : seen) dates.emplace(InitiativeKey{item.insee, item.pillar, item.initiative}, &item);

    std::vector<Change> changes;
    const auto initiative_change = [&](ChangeKind kind, const SnapshotInitiative& item, const SnapshotTown& town) {
        Change change{kind, item.insee, town.city, item.pillar, item.initiative, item.url, "", "", {}, {}};
        if (auto found = dates.find({item.insee, item.pillar, item.initiative}); found != dates.end()) {
            change.first_seen = found->second->first_seen;
            change.last_seen = found->second->last_seen;
        }
        return change;
    };
    for (const auto& [key, item] : initiatives_after) {
        if (initiatives_before.count(key)) continue;
        const auto town = towns_after.find(item->insee);
        if (town == towns_after.end()) continue;
        auto change = initiative_change(ChangeKind::appeared, *item, *town->second);
        // first seen before the earlier run started, yet not in its snapshot: seen again after a gap;
        // with no earlier snapshot (the first since an upgrade), known before: no change to report
        if (!change.first_seen.empty() && change.first_seen < before_started_at) {
            if (!before) continue;
            change.kind = ChangeKind::back;
        }
        changes.push_back(std::move(change));
    }
    for (const auto& [key, item] : initiatives_before) {
        if (initiatives_after.count(key)) continue;
        const auto town = towns_after.find(item->insee);
        if (town == towns_after.end()) continue;  // only the later run's towns are compared
        changes.push_back(initiative_change(ChangeKind::disappeared, *item, *town->second));
    }
    for (const auto& [insee, town] : towns_after) {
        const auto found = towns_before.find(insee);
        const SnapshotTown* earlier = found == towns_before.end() ? nullptr : found->second;
        if (town->coverage > 0 && (!earlier || earlier->coverage <= 0)) {
            changes.push_back({ChangeKind::covered, insee, town->city, std::nullopt, "", "", "", "",
                               earlier ? std::optional<double>(earlier->coverage) : std::nullopt, town->coverage});
        }
        if (!earlier) continue;
        if (earlier->rank != town->rank && (earlier->score > 0 || town->score > 0))
            changes.push_back({ChangeKind::rank, insee, town->city, std::nullopt, "", "", "", "",
                               static_cast<double>(earlier->rank), static_cast<double>(town->rank)});
        for (std::size_t p = 0; p < all_pillars.size(); ++p) {
            if (earlier->initiatives[p] == town->initiatives[p]) continue;
            changes.push_back({ChangeKind::count, insee, town->city, all_pillars[p], "", "", "", "",
                               static_cast<double>(earlier->initiatives[p]), static_cast<double>(town->initiatives[p])});
        }
    }

    // by kind, then town name as a reader sorts it (Épinal among the E), pillar, initiative
    std::map<std::string, std::string> name_keys;
    for (const auto& change : changes) name_keys.try_emplace(change.city, normalize(change.city));
    std::stable_sort(changes.begin(), changes.end(), [&](const Change& a, const Change& b) {
        const auto pillar = [](const Change& change) { return change.pillar ? static_cast<int>(*change.pillar) : -1; };
        return std::forward_as_tuple(a.kind, name_keys.at(a.city), a.insee, pillar(a), a.initiative) <
               std::forward_as_tuple(b.kind, name_keys.at(b.city), b.insee, pillar(b), b.initiative);
    });
    return changes;
}

Table changes_table(const std::vector<Change>& changes, const std::string& from_scan, const std::string& to_scan) {
    Table table{{{"change", ColumnType::text},
                 {"insee", ColumnType::text},
                 {"city", ColumnType::text},
                 {"pillar", ColumnType::text},
                 {"initiative", ColumnType::text},
                 {"url", ColumnType::text},
                 {"first_seen", ColumnType::text},
                 {"last_seen", ColumnType::text},
                 {"before", ColumnType::number},
                 {"after", ColumnType::number},
                 {"from_scan", ColumnType::text},
                 {"to_scan", ColumnType::text}},
                {}};
    for (const auto& change : changes) {
        table.rows.push_back({std::string(to_string(change.kind)), change.insee, change.city,
                              change.pillar ? std::string(to_string(*change.pillar)) : "", change.initiative, change.url,
                              change.first_seen, change.last_seen, number_cell(change.kind, change.before),
                              number_cell(change.kind, change.after), from_scan, to_scan});
    }
    return table;
}

std::string changes_summary(const std::vector<Change>& changes) {
    std::map<ChangeKind, int> counts;
    for (const auto& change : changes) ++counts[change.kind];
    std::string summary;
    for (const auto& [kind, count] : counts) summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", count, to_string(kind));
    return summary.empty() ? "no changes" : summary;
}

}  // namespace sharitories
