// What classification needs, built once per run from the keyword files and the town list
// (DESIGN.md §5): the terms of the four pillars and the context rules that say when a term counts in
// its pillar's sense (keywords/context.tsv), the platforms, and the towns as pages name them
// (gazetteer.h). A page is then analysed once (page_analysis.h) and attributed to towns from that
// analysis (attribution.h).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "classify/gazetteer.h"
#include "classify/initiative.h"
#include "model/city.h"
#include "model/keyword.h"
#include "text/term_matcher.h"

namespace sharitories {

/// A pillar shows on a page, or in a block of it, from this strength: one specific term (weight
/// 2) once, or an ordinary one twice.
inline constexpr double pillar_threshold = 2.0;

/// A term's context rules, its words normalised.
struct TermContext {
    std::vector<std::string> needs;    ///< one of these must be in the term's block; none: no need
    std::vector<std::string> cancels;  ///< none of these may be in the term's block
};

class ClassifierData {
public:
    ClassifierData(const KeywordSet& keywords, const std::vector<City>& towns);

    const std::vector<Keyword>& keywords() const { return keywords_; }
    const TermMatcher& terms() const { return terms_; }
    /// The context rules of keyword `index`.
    const TermContext& context(std::size_t index) const { return contexts_[index]; }
    /// Phrases after which a town is named in passing ("a deux pas de", "a * km de"), normalised,
    /// split in tokens ("*" stands for any one token).
    const std::vector<std::vector<std::string>>& passing_phrases() const { return passing_; }
    /// Phrases that make a block's address a third party's (a host's legal notice), normalised.
    const std::vector<std::string>& third_party_phrases() const { return third_party_; }
    /// Phrases that make a block or a listing entry a proposal or a plan ("déposée par"), normalised.
    const std::vector<std::string>& proposal_phrases() const { return proposal_; }
    /// Phrases that make a page's footer a media's ("la rédaction", "fréquences"), normalised.
    const std::vector<std::string>& media_phrases() const { return media_; }
    const PlatformIndex& platforms() const { return platforms_; }
    /// The keywords that are a platform's name ("HelloAsso" for helloasso.com): not evidence on its
    /// own pages, where every page carries it.
    const std::vector<std::size_t>& keywords_naming(const Platform& platform) const;
    const TownGazetteer& gazetteer() const { return gazetteer_; }

private:
    std::vector<Keyword> keywords_;
    TermMatcher terms_;
    std::vector<TermContext> contexts_;
    std::vector<std::vector<std::string>> passing_;
    std::vector<std::string> third_party_, proposal_, media_;
    std::unordered_map<std::string, std::vector<std::size_t>> keywords_by_squashed_;
    PlatformIndex platforms_;
    TownGazetteer gazetteer_;
};

/// The ways French writes a normalised town name in a sentence: "le cannet" is also "du cannet" and
/// "au cannet", "les sables d olonne" "des sables…" and "aux sables…", "saint nazaire" "st nazaire".
std::vector<std::string> name_forms(const std::string& name);

}  // namespace sharitories
