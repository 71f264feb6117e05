#include "classify/town_evidence.h"

#include <algorithm>
#include <set>

#include "classify/registrable_domain.h"
#include "fetch/url.h"
#include "text/normalize.h"

namespace sharitories {
namespace {

struct Forms {
    std::vector<std::string> texts;
    std::vector<std::vector<std::size_t>> towns;
};

/// Every written form of every town name, each with the towns that bear it.
Forms all_forms(const std::vector<City>& towns) {
    Forms forms;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t t = 0; t < towns.size(); ++t) {
        for (auto& form : name_forms(normalize(towns[t].name))) {
            auto [it, inserted] = index.emplace(form, forms.texts.size());
            if (inserted) {
                forms.texts.push_back(form);
                forms.towns.emplace_back();
            }
            auto& bearers = forms.towns[it->second];
            if (std::find(bearers.begin(), bearers.end(), t) == bearers.end()) bearers.push_back(t);
        }
    }
    return forms;
}

}  // namespace

TownIndex::TownIndex(const std::vector<City>& towns) : towns_(towns), forms_([&] {
      Forms forms = all_forms(towns);
      towns_of_form_ = std::move(forms.towns);
      return TermMatcher(forms.texts, /*fold_plurals=*/false);
  }()) {
    for (std::size_t t = 0; t < towns.size(); ++t) {
        by_insee_.emplace(towns[t].insee, t);
        std::string squashed = normalize(towns[t].name);
        std::erase(squashed, ' ');
        by_squashed_name_[squashed].push_back(t);
    }
}

std::size_t TownIndex::find(std::string_view insee) const {
    auto found = by_insee_.find(std::string(insee));
    return found == by_insee_.end() ? towns_.size() : found->second;
}

std::vector<std::size_t> TownIndex::named(std::string_view normalized_text, std::string_view url) const {
    std::set<std::size_t> named;
    auto add_matches = [&](std::string_view text) {
        for (const auto& match : forms_.find(text))
            named.insert(towns_of_form_[match.term].begin(), towns_of_form_[match.term].end());
    };
    add_matches(normalized_text);
    if (auto parsed = parse_url(url)) {
        // the site's name in words ("ville-lorient" → "ville lorient"), or a name written in one
        // word within it ("tierslieu-larochelle")
        const std::string site = registrable_domain(parsed->host);
        const std::string site_words = normalize(site.substr(0, site.find('.')));
        add_matches(site_words);
        for (auto token : tokens_of(site_words)) {
            if (auto found = by_squashed_name_.find(std::string(token)); found != by_squashed_name_.end())
                named.insert(found->second.begin(), found->second.end());
        }
    }
    return {named.begin(), named.end()};
}

std::vector<Evidence> evidence_for_page(const PageText& page, const std::string& url,
                                        const std::vector<std::string>& hint_insees, const TownIndex& towns,
                                        const ClassifierData& classifier, const std::string& fetched_at) {
    std::vector<std::size_t> candidates = towns.named(normalize(page.title) + " | " + normalize(page.text), url);
    for (const auto& insee : hint_insees) {
        const std::size_t t = towns.find(insee);
        if (t < towns.towns().size()) candidates.push_back(t);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

    std::vector<Evidence> found;
    for (std::size_t t : candidates) {
        const City& town = towns.towns()[t];
        const PageVerdict verdict = classify_page(page, url, town, classifier);
        if (!verdict.initiative) continue;
        for (Pillar pillar : verdict.pillars()) {
            const auto p = static_cast<std::size_t>(pillar);
            found.push_back({town.insee, town.name, pillar, *verdict.initiative, url, page.title, verdict.terms[p],
                             verdict.strength[p] * verdict.town.weight, verdict.town.weight, fetched_at});
        }
    }
    std::sort(found.begin(), found.end(), [](const Evidence& a, const Evidence& b) {
        return std::tie(a.insee, a.pillar) < std::tie(b.insee, b.pillar);
    });
    return found;
}

}  // namespace sharitories
