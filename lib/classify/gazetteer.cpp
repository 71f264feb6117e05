#include "classify/gazetteer.h"

#include <algorithm>
#include <set>

#include "classify/page_classifier.h"
#include "text/normalize.h"

namespace sharitories {
namespace {

std::string squashed(std::string text) {
    std::erase(text, ' ');
    return text;
}

/// Every way the name is written: with its articles contracted and Saint abbreviated, spaced as
/// normalize() writes it and in one word as normalize_joined() writes a hyphenated name.
std::vector<std::string> written_forms(const std::string& name) {
    std::set<std::string> forms;
    for (const auto& form : name_forms(normalize(name))) {
        forms.insert(form);
        forms.insert(squashed(form));
    }
    for (const auto& form : name_forms(normalize_joined(name))) forms.insert(form);
    return {forms.begin(), forms.end()};
}

/// The intercommunality's name without its legal form, if two words at least remain: "CA du Bassin
/// de Bourg-en-Bresse" → "bassin de bourg en bresse"; "Laval Agglomération" stays.
std::string epci_phrase_of(const std::string& epci_name) {
    static const std::set<std::string> legal{"ca", "cc", "cu", "communaute", "d", "de", "du", "des", "communes",
                                             "urbaine", "agglomeration", "metropole"};
    const std::string normalized = normalize(epci_name);
    const std::vector<std::string_view> words = tokens_of(normalized);
    std::size_t first = 0;
    while (first < words.size() && legal.count(std::string(words[first]))) ++first;
    if (words.size() - first < 2) return "";
    std::string phrase;
    for (std::size_t i = first; i < words.size(); ++i) phrase += (phrase.empty() ? "" : " ") + std::string(words[i]);
    return phrase;
}

}  // namespace

bool has_phrase(std::string_view normalized, std::string_view phrase) {
    if (phrase.empty()) return false;
    for (std::size_t at = normalized.find(phrase); at != std::string_view::npos; at = normalized.find(phrase, at + 1)) {
        const bool starts = at == 0 || normalized[at - 1] == ' ';
        const bool ends = at + phrase.size() == normalized.size() || normalized[at + phrase.size()] == ' ';
        if (starts && ends) return true;
    }
    return false;
}

TownGazetteer::TownGazetteer(const std::vector<City>& towns, const std::vector<AmbiguousName>& ambiguous)
    : towns_(towns),
      forms_([&] {
          std::vector<std::string> texts;
          std::unordered_map<std::string, std::size_t> index;
          for (std::size_t t = 0; t < towns.size(); ++t) {
              for (auto& form : written_forms(towns[t].name)) {
                  auto [it, inserted] = index.emplace(form, texts.size());
                  if (inserted) {
                      texts.push_back(form);
                      towns_of_form_.emplace_back();
                      form_lengths_.push_back(tokens_of(form).size());
                  }
                  towns_of_form_[it->second].push_back(t);
              }
          }
          return TermMatcher(texts, /*fold_plurals=*/false);
      }()),
      ambiguous_names_(ambiguous, towns) {
    for (std::size_t t = 0; t < towns_.size(); ++t) {
        const City& town = towns_[t];
        by_insee_.emplace(town.insee, t);
        names_.push_back(normalize(town.name));
        by_squashed_name_[squashed(names_.back())].push_back(t);
        for (const auto& postcode : town.postcodes) by_postcode_[postcode].push_back(t);
        departement_names_.push_back(normalize(town.departement_name));
        departement_codes_.push_back(normalize(town.departement));
        if (!town.departement_name.empty()) territories_.emplace(squashed(departement_names_.back()), town.departement);
        if (!town.region_name.empty()) territories_.emplace(squashed(normalize(town.region_name)), "");
        epci_phrases_.push_back(epci_phrase_of(town.epci_name));
        ambiguity_.push_back(ambiguous_names_.find(town.name));
        std::vector<std::string> against;
        if (ambiguity_.back())
            for (const auto& word : ambiguity_.back()->against) against.push_back(normalize(word));
        against_.push_back(std::move(against));
    }
}

std::size_t TownGazetteer::find(std::string_view insee) const {
    auto found = by_insee_.find(std::string(insee));
    return found == by_insee_.end() ? towns_.size() : found->second;
}

std::vector<std::string> TownGazetteer::name_forms_of(std::size_t town) const { return written_forms(towns_[town].name); }

std::vector<PlaceMatch> TownGazetteer::places(std::string_view joined) const { return places(tokens_of(joined)); }

std::vector<PlaceMatch> TownGazetteer::places(const std::vector<std::string_view>& joined_tokens) const {
    std::vector<PlaceMatch> all;
    for (const auto& match : forms_.find(joined_tokens)) {
        all.push_back({towns_of_form_[match.term], match.token, form_lengths_[match.term]});
    }
    // where two overlap, the longest names the place: "saint genis laval", not "laval"
    std::sort(all.begin(), all.end(), [](const PlaceMatch& a, const PlaceMatch& b) {
        return a.length != b.length ? a.length > b.length : a.token < b.token;
    });
    std::vector<PlaceMatch> kept;
    for (auto& match : all) {
        const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const PlaceMatch& other) {
            return match.token < other.token + other.length && other.token < match.token + match.length;
        });
        if (!overlaps) kept.push_back(std::move(match));
    }
    std::sort(kept.begin(), kept.end(), [](const PlaceMatch& a, const PlaceMatch& b) { return a.token < b.token; });
    return kept;
}

std::vector<std::size_t> TownGazetteer::towns_of_site(std::string_view site) const {
    const std::string words = normalize(site.substr(0, site.find('.')));
    const auto tokens = tokens_of(words);
    // a hyphen in a domain separates words ("ville-lorient") but also joins a compound name
    // ("loos-en-gohelle", "bonchamp-les-laval"): a name linked to a word before or after is part of
    // another name, unless that word is a municipal one ("ville-de-lorient")
    auto linking = [](std::string_view token) {
        for (const char* word : {"en", "sur", "sous", "les", "le", "la", "l", "de", "du", "des", "d", "aux", "au", "et", "lez"})
            if (token == word) return true;
        return false;
    };
    auto municipal = [](std::string_view token) { return token == "ville" || token == "mairie" || token == "commune"; };
    auto part_of_another_name = [&](std::size_t first, std::size_t end) {
        const bool linked_after = end + 1 < tokens.size() && linking(tokens[end]);
        const bool linked_before = first >= 2 && linking(tokens[first - 1]) && !municipal(tokens[first - 2]);
        return linked_after || linked_before;
    };
    std::set<std::size_t> found;
    for (const auto& match : places(words))
        if (!part_of_another_name(match.token, match.token + match.length))
            found.insert(match.towns.begin(), match.towns.end());
    for (std::size_t i = 0; i < tokens.size(); ++i) {  // a name written in one word: "tierslieu-larochelle"
        auto named = by_squashed_name_.find(std::string(tokens[i]));
        if (named != by_squashed_name_.end() && !part_of_another_name(i, i + 1))
            found.insert(named->second.begin(), named->second.end());
    }
    return {found.begin(), found.end()};
}

bool TownGazetteer::names_territory(std::string_view site) const {
    const std::string words = normalize(site.substr(0, site.find('.')));
    std::string letters, digits;
    for (char c : words) {
        if (c >= '0' && c <= '9') digits += c;
        else if (c != ' ') letters += c;
    }
    for (std::string_view article : {"departement", "region", "cd", "cg", "la", "le", "les", "l"}) {
        if (letters.starts_with(article) && territories_.count(letters.substr(article.size()))) {
            letters = letters.substr(article.size());
            break;
        }
    }
    auto found = territories_.find(letters);
    if (found == territories_.end()) return false;
    return !by_squashed_name_.count(letters) || (!digits.empty() && digits == found->second);
}

const std::vector<std::size_t>& TownGazetteer::towns_of_postcode(std::string_view postcode) const {
    static const std::vector<std::size_t> none;
    auto found = by_postcode_.find(std::string(postcode));
    return found == by_postcode_.end() ? none : found->second;
}

}  // namespace sharitories
