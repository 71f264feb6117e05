#include "classify/page_classifier.h"

#include <algorithm>
#include <fmt/core.h>
#include <set>

#include "classify/registrable_domain.h"
#include "fetch/url.h"
#include "text/normalize.h"

namespace sharitories {
namespace {

constexpr int max_text_occurrences = 3;
constexpr double title_factor = 3;
constexpr double heading_factor = 2;
constexpr double platform_bonus = 2;

std::size_t pillar_index(Pillar pillar) { return static_cast<std::size_t>(pillar); }

std::vector<std::string> distinct_names(const std::vector<City>& towns) {
    std::set<std::string> names;
    for (const auto& town : towns) names.insert(normalize(town.name));
    return {names.begin(), names.end()};
}

bool has_token_sequence(std::string_view normalized_text, std::string_view normalized_phrase) {
    if (normalized_phrase.empty()) return false;
    const std::string padded_text = " " + std::string(normalized_text) + " ";
    return padded_text.find(" " + std::string(normalized_phrase) + " ") != std::string::npos;
}

bool names_any(std::string_view text, const std::vector<std::string>& forms) {
    return std::any_of(forms.begin(), forms.end(), [&](const std::string& form) { return has_token_sequence(text, form); });
}

/// Words that make a domain a town's own: ville-orange.fr is the town's, orange-business.com is not.
bool has_municipal_word(std::string_view site_tokens) {
    for (const char* word : {"ville", "mairie", "agglo", "agglomeration", "commune", "communaute", "cc", "ca", "pays",
                             "tourisme", "ot", "office", "metropole"}) {
        if (has_token_sequence(site_tokens, word)) return true;
    }
    return false;
}

}  // namespace

std::vector<std::string> name_forms(const std::string& name) {
    std::vector<std::string> forms{name};
    auto with_article = [&](const std::string& article, std::initializer_list<const char*> contracted) {
        if (!name.starts_with(article + " ")) return;
        for (const char* form : contracted) forms.push_back(form + name.substr(article.size()));
    };
    with_article("le", {"du", "au"});
    with_article("les", {"des", "aux"});
    const std::size_t count = forms.size();
    for (std::size_t i = 0; i < count; ++i) {
        std::string shortened = " " + forms[i] + " ";
        for (auto [full, brief] : {std::pair{" sainte ", " ste "}, std::pair{" saint ", " st "}}) {
            for (auto at = shortened.find(full); at != std::string::npos; at = shortened.find(full))
                shortened.replace(at, std::string_view(full).size(), brief);
        }
        shortened = shortened.substr(1, shortened.size() - 2);
        if (shortened != forms[i]) forms.push_back(shortened);
    }
    return forms;
}

ClassifierData::ClassifierData(const KeywordSet& keywords, const std::vector<City>& towns)
    : keywords_(keywords.keywords),
      terms_([&] {
          std::vector<std::string> terms;
          for (const auto& keyword : keywords.keywords) terms.push_back(keyword.term);
          return terms;
      }()),
      platforms_(keywords.platforms),
      town_name_list_(distinct_names(towns)),
      town_names_(town_name_list_, /*fold_plurals=*/false),
      ambiguous_(keywords.ambiguous_names, towns) {
    for (const auto& name : town_name_list_) town_name_ambiguous_.push_back(ambiguous_.find(name) != nullptr);
}

std::vector<Pillar> PageVerdict::pillars() const {
    std::vector<Pillar> shown;
    if (town.weight <= 0) return shown;
    for (Pillar pillar : all_pillars) {
        if (strength[pillar_index(pillar)] >= pillar_threshold) shown.push_back(pillar);
    }
    return shown;
}

PageVerdict classify_page(const PageText& page, std::string_view url_text, const City& town, const ClassifierData& data) {
    PageVerdict verdict;
    const std::string title = normalize(page.title);
    const std::string text = normalize(page.text);
    std::string headings;
    for (const auto& heading : page.headings) headings += normalize(heading) + " | ";

    // --- pillars ------------------------------------------------------------------------------
    std::vector<int> in_text(data.keywords().size(), 0);
    std::vector<bool> in_title(data.keywords().size(), false), in_heading(data.keywords().size(), false);
    for (const auto& match : data.terms().find(text)) ++in_text[match.term];
    for (const auto& match : data.terms().find(title)) in_title[match.term] = true;
    for (const auto& match : data.terms().find(headings)) in_heading[match.term] = true;
    for (std::size_t i = 0; i < data.keywords().size(); ++i) {
        if (in_text[i] == 0 && !in_title[i] && !in_heading[i]) continue;
        const Keyword& keyword = data.keywords()[i];
        const double score = keyword.weight * ((in_title[i] ? title_factor : 0) + (in_heading[i] ? heading_factor : 0) +
                                               std::min(in_text[i], max_text_occurrences));
        verdict.strength[pillar_index(keyword.pillar)] += score;
        verdict.terms[pillar_index(keyword.pillar)].push_back(keyword.term);
    }
    auto url = parse_url(url_text);
    if (url) {
        verdict.platform = data.platforms().find(url->host);
        if (verdict.platform && verdict.platform->pillar)
            verdict.strength[pillar_index(*verdict.platform->pillar)] += platform_bonus;
    }
    verdict.initiative = initiative_key(url_text, data.platforms());

    // --- town -----------------------------------------------------------------------------------
    TownVerdict& verdict_town = verdict.town;
    const std::string name = normalize(town.name);
    const std::vector<std::string> forms = name_forms(name);
    const bool in_page_title = names_any(title, forms);
    const bool in_page_text = names_any(text, forms);
    // the site's own name, in whole words: "ville-lorient.fr" → "ville lorient"; the name may also be
    // written in one word ("tierslieu-larochelle.fr"), never found inside another ("charles-de-gaulle")
    const std::string site = url ? registrable_domain(url->host) : "";
    const std::string site_name = normalize(site.substr(0, site.find('.')));
    std::string squashed = name;
    std::erase(squashed, ' ');
    const bool in_domain = !site_name.empty() && (names_any(site_name, forms) || has_token_sequence(site_name, squashed));
    // "orange.fr" or "orange-business.com" name Orange but are the operator's: for an ambiguous name
    // only a domain with a municipal word (ville-orange.fr, mairie-sens.fr) vouches for the town
    const bool domain_vouches = in_domain && site_name != name && has_municipal_word(site_name);
    if (in_page_title) verdict_town.signals.push_back("named in the title");
    if (in_page_text) verdict_town.signals.push_back("named in the text");
    if (in_domain) verdict_town.signals.push_back("name in the domain " + site);
    verdict_town.named = in_page_title || in_page_text || in_domain;

    for (const auto& postcode : town.postcodes) {
        if (has_token_sequence(text, postcode)) {
            verdict_town.signals.push_back("postcode " + postcode);
            verdict_town.corroborated = true;
            break;
        }
    }
    if (!town.departement_name.empty() && has_token_sequence(text + " " + title, normalize(town.departement_name))) {
        verdict_town.signals.push_back("département " + town.departement_name);
        verdict_town.corroborated = true;
    }
    verdict_town.corroborated = verdict_town.corroborated || domain_vouches;
    verdict_town.ambiguous = data.ambiguous().find(town.name) != nullptr;

    // towns named, for telling directories: ambiguous names do not count ("sens", "plaisir" are words)
    std::set<std::size_t> named_towns;
    for (const auto* part : {&text, &title}) {
        for (const auto& match : data.town_names().find(*part))
            if (!data.town_name_is_ambiguous(match.term)) named_towns.insert(match.term);
    }
    verdict_town.towns_named = static_cast<int>(named_towns.size());

    if (!verdict_town.named) {
        verdict_town.reason = "the page does not name " + town.name;
    } else if (verdict_town.ambiguous && !verdict_town.corroborated) {
        verdict_town.reason = town.name + " is an ambiguous name and nothing on the page confirms the town "
                                          "(no postcode, département or town domain)";
    } else if (verdict_town.towns_named >= directory_ignored_from_towns) {
        verdict_town.reason = fmt::format("a directory naming {} towns of the list", verdict_town.towns_named);
    } else if (verdict_town.towns_named >= directory_from_towns) {
        verdict_town.weight = static_cast<double>(directory_from_towns - 1) / verdict_town.towns_named;
        verdict_town.reason = fmt::format("names {} towns of the list: weak evidence for each", verdict_town.towns_named);
    } else {
        verdict_town.weight = 1;
        verdict_town.reason = "about " + town.name;
    }
    return verdict;
}

}  // namespace sharitories
