// One analysis per page (issue 8): what classification reads from a page, computed once — each block
// of its text normalised, with the pillar terms that count there (context rules applied, the ones
// they cancel kept for explanations), the towns it names (and those it names only in passing, "à deux
// pas de Lorient"), the addresses it gives (postcode and commune); the listings (entries of a list,
// table or card grid naming several towns; sentences naming three towns or more); the site (its
// registrable domain, whether it is a town's own, the towns its name carries, a platform, the
// initiative key). Attribution to towns (attribution.h) then reads these facts without re-reading
// the text.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classify/page_classifier.h"
#include "html/page_text.h"

namespace sharitories {

/// A keyword found where it does not count, and why.
struct CancelledTerm {
    std::size_t keyword = 0;
    std::string because;  ///< "cancelled by 'logiciel'", "needs one of: habitants, citoyens …"
};

/// A sentence of a block that names two towns or more: the block is read sentence by sentence.
struct SentenceFacts {
    std::vector<std::size_t> towns;     ///< distinct towns named, not in passing
    std::vector<std::size_t> keywords;  ///< keyword occurrences that count
};

struct BlockFacts {
    std::string text;  ///< as on the page
    Region region = Region::main;
    BlockKind kind = BlockKind::other;
    int entry = -1;
    int group = -1;
    bool title = false;                       ///< the page's <title>
    std::vector<std::size_t> keywords;        ///< keyword occurrences that count (one index each)
    std::vector<CancelledTerm> cancelled;
    std::vector<std::size_t> towns;           ///< distinct towns named, not in passing
    std::vector<std::size_t> passing;         ///< distinct towns named only in passing here
    std::vector<std::size_t> addressed;       ///< towns an address here is in (postcode + name)
    std::vector<std::size_t> placed;          ///< towns placed by their département's number ("Lannion (22)")
    bool foreign_address = false;             ///< an address here is in a commune not of the list
    int words = 0;
    bool proposal = false;                    ///< it, or its entry, is a proposal or a plan (context.tsv): only gouvernance
    std::vector<SentenceFacts> sentences;     ///< filled when the block names two towns or more
};

/// A listing entry of a platform's page that names no project itself (a search, a category) whose
/// title links to one of the platform's projects: a card, its own initiative.
struct EntryProject {
    std::string url;         ///< the project's page
    std::string initiative;  ///< see initiative.h
};

struct PageAnalysis {
    std::string url;                          ///< canonical when the page names one on its site, tracking stripped
    std::string site;                         ///< registrable domain
    std::vector<std::size_t> site_towns;      ///< towns the site's name carries
    bool municipal_site = false;              ///< a town's own site (ville-lorient.fr, quimper.bzh)
    bool intercommunal_site = false;          ///< an intercommunality's (agglo-laval.fr): about any of its communes
    bool territorial_site = false;            ///< a département's or region's (lavienne86.fr): about its whole territory
    std::string media_sign;                   ///< the footer's phrase that makes the publisher a media ("fréquences"), or ""
    const Platform* platform = nullptr;
    std::optional<Pillar> platform_pillar;    ///< the pillar the platform's page implies (initiative.h)
    std::optional<std::string> initiative;    ///< see initiative.h
    std::string title;
    std::vector<BlockFacts> blocks;           ///< [0] is the title
    std::string normalized;                   ///< the whole page, normalised: for confirming signs
    std::set<std::string> postcodes;          ///< five-digit tokens of the page
    std::map<int, std::vector<std::size_t>> entries;  ///< entry → its blocks
    std::set<int> listings;                   ///< groups whose entries name two towns or more
    std::map<int, EntryProject> entry_projects;  ///< entry → the project its card links to
    std::vector<std::size_t> named;           ///< every town named (in passing or not) or carried by the site
    std::vector<std::size_t> towns_around;    ///< towns named in the menus and header
};

PageAnalysis analyse_page(const PageText& page, std::string_view url, const ClassifierData& data);

/// The analysis's lists of towns are small sets in the order met: adds `town` unless it is there.
inline void add_unique(std::vector<std::size_t>& towns, std::size_t town) {
    if (std::find(towns.begin(), towns.end(), town) == towns.end()) towns.push_back(town);
}

/// The address a page's evidence is kept under: its canonical URL when the page names one on the
/// same site, without tracking parameters (utm_*, fbclid, gclid).
std::string evidence_url(std::string_view url, std::string_view canonical);

}  // namespace sharitories
