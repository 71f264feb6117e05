// Which towns a page is evidence for, and why (issue 8), read from its analysis (page_analysis.h).
// One function decides for the scan and for `sharitories classify`, which prints the reasons.
//
// The page's subject, if it has one, is the town it is about: its own site (ville-lorient.fr), else
// the one town its title names, else the one its site's name carries (not an intercommunality's or a
// département's site: those are about all their communes), else the one its first heading names,
// else the one town its content names outside listings — unless the page gives an address in
// another commune — else the town of the publisher's address (its footer or a contact card aside),
// but only when the content names no other town and gives no address elsewhere: a newspaper's, an
// agglomeration's, a network's seat is not where the article's initiative is. The subject is
// credited with the pillars its content shows (the title three times, a heading twice — not a card's
// or a list item's heading, which titles only its entry — text up to three occurrences of a term; the
// menus, header, footer, asides and blocks about other towns left out).
//
// Any other town is credited only from a part of the page about it: a listing entry or a section
// whose heading names it alone, or which gives its address and no other; on a page without a
// subject or a publisher's address in another town, also a section naming it and no other town; or
// a sentence naming it and no other town. So a directory's bare list of towns, a sentence naming
// three towns, a town named in passing ("à deux pas de Lorient"), a town named in a paragraph about
// another, give nothing. An ambiguous name (homonyms.tsv, shared-names.tsv) counts only with a
// confirming sign: one of its postcodes, its address, its own site — or, when the page has no words
// of the other referent (the operator's "forfait" for Orange), its département, its
// intercommunality, another town of its département, or its name written as a place ("à Saintes").
//
// A platform's listing (a search on Ulule, a category on HelloAsso) is no initiative itself, but each
// of its cards that links to a project is one: credited to the one town the card places it in (its
// address, "Lannion (22)", or the one town it names), with the pillars of the card and the
// platform's own.

#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "classify/page_analysis.h"
#include "model/evidence.h"

namespace sharitories {

enum class TownRole {
    subject,    ///< the page is about the town
    part,       ///< a part of the page is about the town alone (an entry, a section, a sentence)
    passing,    ///< named only in passing
    listed,     ///< named only in listings
    elsewhere,  ///< named only in parts about several towns, or on a page about another
    homonym,    ///< an ambiguous name that nothing confirms
};

std::string_view to_string(TownRole role);

struct PillarFinding {
    double strength = 0;
    std::vector<std::string> terms;  ///< as written in the keyword files
    std::string where;               ///< "the page", "the entry: …", "the section: …", "a sentence: …"
};

/// A project card of a platform's listing (a search's result) placed in the town: its own initiative.
struct ProjectCard {
    std::string initiative;
    std::string url;    ///< the project's page
    std::string title;  ///< the card's title
    std::array<PillarFinding, 4> pillars;
};

struct TownDecision {
    std::size_t town = 0;
    TownRole role = TownRole::elsewhere;
    std::string reason;                  ///< the role, in words
    std::vector<std::string> signals;    ///< what names or confirms the town on the page
    std::array<PillarFinding, 4> pillars;
    std::vector<std::string> set_aside;  ///< terms that did not count here, and why
    std::vector<ProjectCard> projects;   ///< on a platform's listing, the cards placed in the town

    /// The pillars shown: strength of at least pillar_threshold.
    std::vector<Pillar> shown() const;
};

struct PageAttribution {
    std::optional<std::size_t> subject;
    std::string subject_reason;          ///< why it is the subject, or why there is none
    std::vector<TownDecision> towns;     ///< every town the page names
};

PageAttribution attribute(const PageAnalysis& analysis, const ClassifierData& data);

/// The evidence rows of a page: each town and pillar it is credited with, on an initiative.
std::vector<Evidence> page_evidence(const PageAnalysis& analysis, const ClassifierData& data,
                                    const std::string& fetched_at);

/// Analysis and evidence in one step, for a page's text fetched from `url`.
std::vector<Evidence> page_evidence(const PageText& page, std::string_view url, const ClassifierData& data,
                                    const std::string& fetched_at);

}  // namespace sharitories
