#include "classify/page_classifier.h"

#include <algorithm>

#include "text/normalize.h"

namespace sharitories {

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
      contexts_(keywords.keywords.size()),
      platforms_(keywords.platforms),
      gazetteer_(towns, keywords.ambiguous_names) {
    for (std::size_t k = 0; k < keywords_.size(); ++k) {
        std::string squashed = normalize(keywords_[k].term);
        std::erase(squashed, ' ');
        keywords_by_squashed_[squashed].push_back(k);
    }
    for (const auto& rule : keywords.context) {
        std::vector<std::string> words;
        for (const auto& word : rule.words) words.push_back(normalize(word));
        if (rule.kind == ContextKind::needs || rule.kind == ContextKind::cancels) {
            // a word is also written in the plural, as the terms are matched ("couveuses", "habitant")
            const std::size_t written = words.size();
            for (std::size_t i = 0; i < written; ++i) {
                const std::string word = words[i];  // a copy: words grows below
                if (word.find(' ') == std::string::npos && !word.ends_with('s') && !word.ends_with('x') &&
                    !word.ends_with('z') && std::find(words.begin(), words.end(), word + "s") == words.end())
                    words.push_back(word + "s");
            }
        }
        if (rule.kind == ContextKind::passing) {
            for (const auto& phrase : words) {
                std::vector<std::string> tokens;
                for (auto token : tokens_of(phrase)) tokens.emplace_back(token);
                passing_.push_back(std::move(tokens));
            }
            continue;
        }
        if (!is_term_rule(rule.kind)) {
            auto& into = rule.kind == ContextKind::third_party ? third_party_ : rule.kind == ContextKind::proposal ? proposal_ : media_;
            into.insert(into.end(), words.begin(), words.end());
            continue;
        }
        const std::string term = normalize(rule.term);
        for (std::size_t k = 0; k < keywords_.size(); ++k) {
            if (normalize(keywords_[k].term) != term) continue;
            auto& into = rule.kind == ContextKind::needs ? contexts_[k].needs : contexts_[k].cancels;
            into.insert(into.end(), words.begin(), words.end());
        }
    }
}

const std::vector<std::size_t>& ClassifierData::keywords_naming(const Platform& platform) const {
    static const std::vector<std::size_t> none;
    std::string name = normalize(platform.domain.substr(0, platform.domain.find('.')));
    std::erase(name, ' ');
    auto found = keywords_by_squashed_.find(name);
    return found == keywords_by_squashed_.end() ? none : found->second;
}

}  // namespace sharitories
