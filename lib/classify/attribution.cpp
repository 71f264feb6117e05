#include "classify/attribution.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>

#include "text/utf8.h"

namespace sharitories {
namespace {

constexpr int max_text_occurrences = 3;
constexpr double title_factor = 3;
constexpr double heading_factor = 2;
constexpr double platform_bonus = 2;

std::size_t pillar_index(Pillar pillar) { return static_cast<std::size_t>(pillar); }

bool contains(const std::vector<std::size_t>& list, std::size_t value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

/// Only `town` among `towns` (and at least it).
bool only(const std::vector<std::size_t>& towns, std::size_t town) { return towns.size() == 1 && towns.front() == town; }

std::string excerpt(const std::string& text) { return utf8_excerpt(text, 60); }

/// The pillar strengths of some blocks and sentences: each term its weight × (3 in the title + 2 in
/// a heading + its occurrences elsewhere, at most 3).
class Strengths {
public:
    explicit Strengths(const ClassifierData& data)
        : data_(data), in_title_(data.keywords().size()), in_heading_(data.keywords().size()),
          occurrences_(data.keywords().size()) {}

    void add(const BlockFacts& block) {
        for (std::size_t k : block.keywords) {
            if (block.title) in_title_[k] = true;
            // a card's or a list item's heading titles that entry, not the page or a section
            else if (block.kind == BlockKind::heading && block.entry < 0) in_heading_[k] = true;
            else ++occurrences_[k];
        }
    }
    void add(const SentenceFacts& sentence) {
        for (std::size_t k : sentence.keywords) ++occurrences_[k];
    }

    /// By pillar; `bonus` adds to one pillar (a platform that implies it).
    std::array<PillarFinding, 4> findings(const std::string& where, std::optional<Pillar> bonus = std::nullopt) const {
        std::array<PillarFinding, 4> found;
        for (std::size_t k = 0; k < data_.keywords().size(); ++k) {
            if (!in_title_[k] && !in_heading_[k] && occurrences_[k] == 0) continue;
            const Keyword& keyword = data_.keywords()[k];
            PillarFinding& finding = found[pillar_index(keyword.pillar)];
            finding.strength += keyword.weight * ((in_title_[k] ? title_factor : 0) + (in_heading_[k] ? heading_factor : 0) +
                                                  std::min(occurrences_[k], max_text_occurrences));
            finding.terms.push_back(keyword.term);
        }
        if (bonus) found[pillar_index(*bonus)].strength += platform_bonus;
        for (auto& finding : found) finding.where = where;
        return found;
    }

private:
    const ClassifierData& data_;
    std::vector<bool> in_title_, in_heading_;
    std::vector<int> occurrences_;
};

/// Keeps, pillar by pillar, the strongest finding that shows the pillar.
void keep_best(std::array<PillarFinding, 4>& best, const std::array<PillarFinding, 4>& found) {
    for (std::size_t p = 0; p < 4; ++p)
        if (found[p].strength >= pillar_threshold && found[p].strength > best[p].strength) best[p] = found[p];
}

class Attributor {
public:
    Attributor(const PageAnalysis& analysis, const ClassifierData& data)
        : analysis_(analysis), data_(data), gazetteer_(data.gazetteer()) {}

    PageAttribution run() {
        PageAttribution result;
        for (std::size_t town : analysis_.named) confirmed_[town] = confirm(town);
        choose_subject(result);
        for (std::size_t town : analysis_.named) result.towns.push_back(decide(town, result));
        return result;
    }

private:
    struct Confirmation {
        bool confirmed = true;
        std::vector<std::string> signals;
    };

    /// Whether an ambiguous name is the town's here, and the signs that name or confirm the town.
    Confirmation confirm(std::size_t town) const {
        Confirmation confirmation;
        const City& city = gazetteer_.towns()[town];
        std::vector<std::string> strong, weak, signs;
        for (const auto& postcode : city.postcodes)
            if (analysis_.postcodes.count(postcode)) strong.push_back("postcode " + postcode);
        for (const auto& block : analysis_.blocks)
            if (contains(block.addressed, town)) {
                strong.push_back("its address: " + excerpt(block.text));
                break;
            }
        for (const auto& block : analysis_.blocks)
            if (contains(block.placed, town)) {
                strong.push_back("its département's number: " + excerpt(block.text));
                break;
            }
        if (contains(analysis_.site_towns, town)) {
            // the town's or its intercommunality's own site confirms it; another site with the name
            // in it (orange.fr, laval.ca) names it but confirms nothing
            if (analysis_.municipal_site || analysis_.intercommunal_site) strong.push_back("its own site " + analysis_.site);
            else signs.push_back("its name in the site " + analysis_.site);
        }
        // (a collectivity named as its town, Saint-Martin, is no second sign)
        if (gazetteer_.departement_name(town) != gazetteer_.normalized_name(town) &&
            page_has(gazetteer_.departement_name(town)))
            weak.push_back("département " + city.departement_name);
        if (page_has(gazetteer_.epci_phrase(town))) weak.push_back("intercommunality " + city.epci_name);
        if (auto neighbour = town_of_same_departement(town)) weak.push_back("a town of its département: " + *neighbour);
        if (auto place = named_as_a_place(town)) weak.push_back("named as a place: " + *place);
        std::string against;
        for (const auto& word : gazetteer_.against(town))
            if (page_has(word)) against += (against.empty() ? "" : ", ") + word;
        confirmation.signals = strong;
        confirmation.signals.insert(confirmation.signals.end(), weak.begin(), weak.end());
        confirmation.signals.insert(confirmation.signals.end(), signs.begin(), signs.end());
        if (gazetteer_.ambiguous(town)) {
            confirmation.confirmed = !strong.empty() || (against.empty() && !weak.empty());
            if (!against.empty()) confirmation.signals.push_back("words of the other " + city.name + ": " + against);
        }
        return confirmation;
    }

    /// Whether the page holds `phrase` (normalised) as whole words; each phrase looked up once a page
    /// (the towns of a département share its name).
    bool page_has(const std::string& phrase) const {
        auto [found, inserted] = phrase_on_page_.try_emplace(phrase, false);
        if (inserted) found->second = has_phrase(analysis_.normalized, phrase);
        return found->second;
    }

    /// Another town of the list in the same département, named anywhere on the page (a local
    /// paper's menu: "Valence Romans Montélimar"), and not a common word itself (Sens, Gap).
    std::optional<std::string> town_of_same_departement(std::size_t town) const {
        const auto& towns = gazetteer_.towns();
        for (const auto* list : {&analysis_.named, &analysis_.towns_around})
            for (std::size_t other : *list)
                if (other != town && towns[other].departement == towns[town].departement &&
                    (!gazetteer_.ambiguous(other) || gazetteer_.ambiguity(other)->kind != AmbiguityKind::word))
                    return towns[other].name;
        return std::nullopt;
    }

    /// A name that is also a common noun, written as a place is: capitalised after "à" ("à Saintes",
    /// "au Port", "aux Abymes"), where the noun would be lower case ("à sens unique").
    std::optional<std::string> named_as_a_place(std::size_t town) const {
        const AmbiguousName* ambiguity = gazetteer_.ambiguity(town);
        if (!ambiguity || ambiguity->kind != AmbiguityKind::word) return std::nullopt;
        const std::string& name = gazetteer_.towns()[town].name;
        std::vector<std::string> forms{"à " + name, "À " + name};
        if (name.starts_with("Le ")) forms = {"au " + name.substr(3), "Au " + name.substr(3)};
        if (name.starts_with("Les ")) forms = {"aux " + name.substr(4), "Aux " + name.substr(4)};
        for (const auto& block : analysis_.blocks) {
            if (block.region != Region::main || !contains(block.towns, town)) continue;
            for (const auto& form : forms) {
                const auto at = block.text.find(form);
                if (at == std::string::npos) continue;
                const std::size_t end = at + form.size();
                const bool whole = end == block.text.size() || !std::isalpha(static_cast<unsigned char>(block.text[end]));
                if (whole) return form;
            }
        }
        return std::nullopt;
    }

    bool eligible(std::size_t town) const {
        auto found = confirmed_.find(town);
        return found != confirmed_.end() && found->second.confirmed;
    }

    bool in_listing(const BlockFacts& block) const { return block.entry >= 0 && analysis_.listings.count(block.group); }

    /// The towns a block or sentence names that the page confirms: an ambiguous name nothing
    /// confirms ("la Fondation Orange") names no town.
    std::vector<std::size_t> towns_in(const std::vector<std::size_t>& named) const { return eligible_among(named); }

    /// The confirmed towns among `towns`.
    std::vector<std::size_t> eligible_among(const std::vector<std::size_t>& towns) const {
        std::vector<std::size_t> kept;
        for (std::size_t town : towns)
            if (eligible(town)) kept.push_back(town);
        return kept;
    }

    void choose_subject(PageAttribution& result) {
        auto pick = [&](const std::vector<std::size_t>& towns, const std::string& why) {
            const auto kept = eligible_among(towns);
            if (kept.size() != 1 || result.subject) return;
            result.subject = kept.front();
            result.subject_reason = why;
        };
        const auto& blocks = analysis_.blocks;
        if (analysis_.municipal_site) pick(analysis_.site_towns, "its own site, " + analysis_.site);
        pick(blocks.front().towns, "the town the title names");
        if (!analysis_.municipal_site && !analysis_.intercommunal_site && !analysis_.territorial_site)
            pick(analysis_.site_towns, "the town the site's name carries, " + analysis_.site);
        for (const auto& block : blocks) {
            if (block.title || block.region != Region::main || block.kind != BlockKind::heading) continue;
            pick(block.towns, "the town the first heading names");
            break;
        }
        if (result.subject) return;
        // the one town the content names (its listings and sentence lists included: a page that
        // lists other towns is about none in particular), unless the page gives an address elsewhere:
        // in a commune not of the list, or the publisher's in another town of it (an AMAP of
        // Saint-Ouen-l'Aumône whose members "come back from Cergy")
        std::vector<std::size_t> content, content_addresses;
        std::vector<std::size_t>& publisher = publisher_;
        bool content_address_elsewhere = false, footer_address_elsewhere = false;
        for (const auto& block : blocks) {
            if (block.region == Region::footer || block.region == Region::aside)
                for (std::size_t town : block.addressed) add_unique(publisher, town);
            if (block.title || block.region != Region::main) {
                if (block.foreign_address && block.region == Region::footer) footer_address_elsewhere = true;
                continue;
            }
            if (block.foreign_address) content_address_elsewhere = true;
            for (std::size_t town : towns_in(block.towns)) add_unique(content, town);
            for (std::size_t town : block.addressed) add_unique(content_addresses, town);
        }
        const bool publisher_elsewhere = std::any_of(publisher.begin(), publisher.end(), [&](std::size_t town) {
            return !only(content, town);
        });
        if (!content_address_elsewhere && !footer_address_elsewhere && !publisher_elsewhere)
            pick(content, "the one town its content names");
        if (result.subject) return;
        // the publisher's address (the footer, a contact card aside) says what the page is about
        // only when the content is silent on places: a newspaper's, an agglomeration's or a
        // network's seat is not where the article's or the other sites' initiatives are
        const bool content_elsewhere =
            content_address_elsewhere || std::any_of(content.begin(), content.end(), [&](std::size_t town) {
                return !only(publisher, town);
            }) || std::any_of(content_addresses.begin(), content_addresses.end(), [&](std::size_t town) {
                return !only(publisher, town);
            });
        if (analysis_.territorial_site) {
            result.subject_reason = "none: a département's or region's site, about its whole territory";
            return;
        }
        if (!analysis_.media_sign.empty() && !content_elsewhere && !publisher.empty()) {
            // a newspaper's or a radio's seat is not what its articles are about: they name their place
            result.subject_reason = fmt::format("none: the publisher is a media (its footer: '{}'), its address is its seat",
                                                analysis_.media_sign);
            return;
        }
        if (!content_elsewhere) pick(publisher, "the town of the publisher's address (footer or contact card)");
        if (!result.subject)
            result.subject_reason = content_address_elsewhere || footer_address_elsewhere
                                        ? "none: the page gives an address in another commune"
                                    : content_elsewhere && !publisher.empty()
                                        ? "none: the content names other towns than the publisher's address"
                                        : "none: no single town stands out";
    }

    TownDecision decide(std::size_t town, const PageAttribution& page) const {
        TownDecision decision;
        decision.town = town;
        decision.signals = confirmed_.at(town).signals;
        const auto& blocks = analysis_.blocks;
        if (blocks.front().towns.size() && contains(blocks.front().towns, town)) decision.signals.insert(decision.signals.begin(), "named in the title");
        for (const auto& block : blocks)
            for (const auto& cancelled : block.cancelled)
                if (contains(block.towns, town) || block.title || page.subject == town) {
                    auto line = fmt::format("'{}' {}", data_.keywords()[cancelled.keyword].term, cancelled.because);
                    if (std::find(decision.set_aside.begin(), decision.set_aside.end(), line) == decision.set_aside.end())
                        decision.set_aside.push_back(std::move(line));  // once, not once per paragraph
                }
        if (!eligible(town)) {
            decision.role = TownRole::homonym;
            decision.reason = gazetteer_.towns()[town].name + " is an ambiguous name (" +
                              gazetteer_.ambiguity(town)->note + ") and nothing on the page confirms the town";
            return decision;
        }
        if (page.subject == town) {
            decision.role = TownRole::subject;
            decision.reason = "the page is about " + gazetteer_.towns()[town].name + ": " + page.subject_reason;
            decision.pillars = subject_findings(town, decision);
            return decision;
        }
        decision.pillars = part_findings(town, page.subject.has_value());
        decision.projects = project_cards(town);
        bool named_in_content = false, named_in_listing = false, named_in_passing = false, named_around = false;
        for (const auto& block : blocks) {
            if (contains(block.passing, town)) named_in_passing = true;
            if (!contains(block.towns, town)) continue;
            if (!block.title && block.region != Region::main) named_around = true;
            else if (in_listing(block) || block.towns.size() >= 3) named_in_listing = true;
            else named_in_content = true;
        }
        if (!decision.shown().empty()) {
            decision.role = TownRole::part;
            decision.reason = "a part of the page is about " + gazetteer_.towns()[town].name + " alone";
        } else if (!decision.projects.empty()) {
            decision.role = TownRole::part;
            decision.reason = fmt::format("{} project card{} of the platform's listing in {}", decision.projects.size(),
                                          decision.projects.size() == 1 ? "" : "s", gazetteer_.towns()[town].name);
        } else if (named_in_content) {
            decision.role = TownRole::elsewhere;
            decision.reason = page.subject ? "the page is about " + gazetteer_.towns()[*page.subject].name +
                                                 "; no part of it shows a pillar for " + gazetteer_.towns()[town].name + " alone"
                                           : "named only where other towns are too, or with no pillar of its own";
        } else if (named_around && !named_in_listing && !named_in_passing) {
            decision.role = TownRole::elsewhere;
            decision.reason = analysis_.media_sign.empty()
                                  ? "named only in the footer or an aside, which is not the page's content"
                                  : "named only in the footer of a media, whose address is its seat";
        } else if (named_in_listing) {
            decision.role = TownRole::listed;
            decision.reason = "named only in a listing of towns";
        } else if (named_in_passing) {
            decision.role = TownRole::passing;
            decision.reason = "named only in passing";
        } else {
            decision.role = TownRole::elsewhere;
            decision.reason = "its name is only in the site's address";
        }
        return decision;
    }

    /// The subject's pillars: the title and the content, without the site's furniture, listing
    /// entries about other towns, and blocks or sentences about other towns.
    std::array<PillarFinding, 4> subject_findings(std::size_t town, TownDecision& decision) const {
        Strengths strengths(data_);
        int set_aside_blocks = 0;
        for (const auto& block : analysis_.blocks) {
            if (!block.title && block.region != Region::main) {
                if (!block.keywords.empty()) ++set_aside_blocks;
                continue;
            }
            const auto towns = towns_in(block.towns);
            const bool others = std::any_of(towns.begin(), towns.end(), [&](std::size_t t) { return t != town; });
            if (in_listing(block) && !only(towns, town)) continue;
            if (!others) {
                strengths.add(block);
            } else if (contains(towns, town) && !block.sentences.empty()) {
                for (const auto& sentence : block.sentences) {
                    const auto in_sentence = towns_in(sentence.towns);
                    if (in_sentence.empty() || only(in_sentence, town)) strengths.add(sentence);
                }
            }
        }
        if (set_aside_blocks)
            decision.set_aside.push_back(fmt::format("terms in {} block{} of menus, header, footer or asides", set_aside_blocks,
                                                     set_aside_blocks == 1 ? "" : "s"));
        std::optional<Pillar> bonus;
        if (analysis_.platform_pillar && analysis_.initiative) bonus = analysis_.platform_pillar;
        return strengths.findings("the page", bonus);
    }

    /// What the page as a whole is about when it has no subject: its title, and the blocks of its
    /// content that name no town (a network's presentation before its sites).
    void add_theme(Strengths& strengths) const {
        for (const auto& block : analysis_.blocks) {
            if (block.title) strengths.add(block);  // the page's theme, whatever towns it names
            else if (block.region == Region::main && !in_listing(block) && towns_in(block.towns).empty() &&
                     block.passing.empty())
                strengths.add(block);
        }
    }

    /// The strongest parts of the page about `town`: listing entries, sections, sentences. A part is
    /// about the town when its heading names it alone, or when it gives the town's address and no
    /// other; on a page without a subject or a publisher's address in another town, also when it
    /// names the town and no other. An entry or section that gives the town's address is one of the
    /// page's own (a network's site, a directory's card): it also shows what the page as a whole is
    /// about.
    std::array<PillarFinding, 4> part_findings(std::size_t town, bool has_subject) const {
        std::array<PillarFinding, 4> best;
        const auto& blocks = analysis_.blocks;
        auto judge = [&](const std::vector<std::size_t>& members, const std::string& where) {
            // the part's towns first: most parts are about another town, and weighing terms costs more
            bool names_town = false;
            for (std::size_t b : members) names_town = names_town || contains(blocks[b].towns, town) || contains(blocks[b].addressed, town);
            if (!names_town) return;
            std::vector<std::size_t> towns, addressed;
            bool proposal = false;
            for (std::size_t b : members) {
                proposal = proposal || blocks[b].proposal;
                for (std::size_t t : towns_in(blocks[b].towns)) add_unique(towns, t);
                for (std::size_t t : blocks[b].addressed) add_unique(addressed, t);
            }
            const BlockFacts& first = blocks[members.front()];
            const bool headed = first.kind == BlockKind::heading && !towns_in(first.towns).empty();
            // a section naming the town alone is about it when nothing places the page elsewhere: no
            // subject, no publisher's address in another town
            const bool unplaced = !has_subject && (publisher_.empty() || only(publisher_, town));
            const bool about = headed ? only(towns_in(first.towns), town) : only(addressed, town) || (unplaced && only(towns, town));
            if (!about) return;
            Strengths strengths(data_);
            for (std::size_t b : members) strengths.add(blocks[b]);
            // a plan's entry ("ouverture envisagée en 2026") does not take the page's theme
            if (only(addressed, town) && !has_subject && !proposal) add_theme(strengths);
            keep_best(best, strengths.findings(where));
        };
        // entries of a listing that give the town's address
        for (const auto& [entry, members] : analysis_.entries) {
            const BlockFacts& first = blocks[members.front()];
            if (first.region != Region::main || !analysis_.listings.count(first.group)) continue;
            bool address = false;
            for (std::size_t b : members) address = address || contains(blocks[b].addressed, town);
            if (address) judge(members, "the entry: " + excerpt(first.text));
        }
        // sections: a heading and the blocks after it (or the blocks before the first heading)
        std::size_t start = 1;
        while (start < blocks.size()) {
            std::size_t end = start + 1;
            while (end < blocks.size() && blocks[end].kind != BlockKind::heading) ++end;
            std::vector<std::size_t> members;
            for (std::size_t b = start; b < end; ++b)
                if (blocks[b].region == Region::main && !in_listing(blocks[b])) members.push_back(b);
            if (!members.empty()) judge(members, "the section: " + excerpt(blocks[start].text));
            start = end;
        }
        // sentences of blocks naming several towns
        for (const auto& block : blocks) {
            if (block.region != Region::main || in_listing(block)) continue;
            for (std::size_t s = 0; s < block.sentences.size(); ++s) {
                if (!only(towns_in(block.sentences[s].towns), town)) continue;
                Strengths strengths(data_);
                strengths.add(block.sentences[s]);
                keep_best(best, strengths.findings("a sentence of: " + excerpt(block.text)));
            }
        }
        return best;
    }

    /// The cards of a platform's listing that link to a project placed in `town`: by the address the
    /// card gives, else by the one town it names.
    std::vector<ProjectCard> project_cards(std::size_t town) const {
        std::vector<ProjectCard> cards;
        const auto& blocks = analysis_.blocks;
        for (const auto& [entry, project] : analysis_.entry_projects) {
            const std::optional<Pillar> bonus = implied_pillar(*analysis_.platform, project.url);
            const auto& members = analysis_.entries.at(entry);
            if (blocks[members.front()].region != Region::main) continue;
            std::vector<std::size_t> named, addressed;
            Strengths strengths(data_);
            for (std::size_t b : members) {
                for (std::size_t t : towns_in(blocks[b].towns)) add_unique(named, t);
                for (const auto* list : {&blocks[b].addressed, &blocks[b].placed})
                    for (std::size_t t : eligible_among(*list)) add_unique(addressed, t);
                strengths.add(blocks[b]);
            }
            if (!only(addressed.empty() ? named : addressed, town)) continue;
            ProjectCard card{project.initiative, project.url, blocks[members.front()].text,
                             strengths.findings("the card: " + excerpt(blocks[members.front()].text), bonus)};
            const bool shows = std::any_of(card.pillars.begin(), card.pillars.end(),
                                           [](const PillarFinding& f) { return f.strength >= pillar_threshold; });
            if (shows) cards.push_back(std::move(card));
        }
        return cards;
    }

    const PageAnalysis& analysis_;
    const ClassifierData& data_;
    const TownGazetteer& gazetteer_;
    std::map<std::size_t, Confirmation> confirmed_;
    std::vector<std::size_t> publisher_;  ///< the towns of the publisher's address (footer, contact card)
    mutable std::unordered_map<std::string, bool> phrase_on_page_;
};

}  // namespace

std::string_view to_string(TownRole role) {
    switch (role) {
        case TownRole::subject: return "subject";
        case TownRole::part: return "part";
        case TownRole::passing: return "in passing";
        case TownRole::listed: return "listed";
        case TownRole::elsewhere: return "elsewhere";
        case TownRole::homonym: return "homonym";
    }
    return "?";
}

std::vector<Pillar> TownDecision::shown() const {
    std::vector<Pillar> shown;
    for (Pillar pillar : all_pillars)
        if (pillars[pillar_index(pillar)].strength >= pillar_threshold) shown.push_back(pillar);
    return shown;
}

PageAttribution attribute(const PageAnalysis& analysis, const ClassifierData& data) {
    return Attributor(analysis, data).run();
}

std::vector<Evidence> page_evidence(const PageAnalysis& analysis, const ClassifierData& data, const std::string& fetched_at) {
    std::vector<Evidence> evidence;
    for (const auto& decision : attribute(analysis, data).towns) {
        const City& town = data.gazetteer().towns()[decision.town];
        if (analysis.initiative) {  // a platform's page that names no project is none
            for (Pillar pillar : decision.shown()) {
                const PillarFinding& finding = decision.pillars[pillar_index(pillar)];
                evidence.push_back({town.insee, town.name, pillar, *analysis.initiative, analysis.url, analysis.title,
                                    finding.terms, finding.strength, 1.0, fetched_at, {}});
            }
        }
        for (const auto& card : decision.projects) {
            for (Pillar pillar : all_pillars) {
                const PillarFinding& finding = card.pillars[pillar_index(pillar)];
                if (finding.strength < pillar_threshold) continue;
                evidence.push_back({town.insee, town.name, pillar, card.initiative, card.url, card.title, finding.terms,
                                    finding.strength, 1.0, fetched_at, {}});
            }
        }
    }
    std::sort(evidence.begin(), evidence.end(), [](const Evidence& a, const Evidence& b) {
        return std::tie(a.insee, a.pillar, a.initiative) < std::tie(b.insee, b.pillar, b.initiative);
    });
    return evidence;
}

std::vector<Evidence> page_evidence(const PageText& page, std::string_view url, const ClassifierData& data,
                                    const std::string& fetched_at) {
    return page_evidence(analyse_page(page, url, data), data, fetched_at);
}

}  // namespace sharitories
