#include "classify/page_analysis.h"

#include <algorithm>

#include "classify/registrable_domain.h"
#include "classify/town_site.h"
#include "fetch/url.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace sharitories {
namespace {

/// After a town's name, words that make it an intercommunality's name ("Lorient Agglomération"):
/// it names the intercommunality, not the town.
bool is_intercommunal_word(std::string_view token) {
    return token == "agglomeration" || token == "agglo" || token == "metropole" || token == "communaute";
}

bool is_postcode(std::string_view token) {
    return token.size() == 5 && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           token >= "01000" && token < "98900";
}

/// After a five-digit number, words that make it a quantity rather than a postcode.
bool is_quantity_word(std::string_view token) {
    for (const char* word : {"habitants", "habitant", "euros", "euro", "eur", "personnes", "visiteurs", "km", "m2",
                             "places", "exemplaires", "signatures", "abonnes", "participants", "votants", "voix"}) {
        if (token == word) return true;
    }
    return token.empty() || (token[0] >= '0' && token[0] <= '9');
}

bool same_tokens(const std::vector<std::string_view>& tokens, std::size_t at, const std::vector<std::string>& phrase) {
    for (std::size_t i = 0; i < phrase.size(); ++i)
        if (phrase[i] != "*" && tokens[at + i] != phrase[i]) return false;
    return true;
}

/// A town named right after a passing phrase ("a deux pas de lorient", "a 10 km de vannes").
bool named_in_passing(const std::vector<std::string_view>& tokens, std::size_t start, const ClassifierData& data) {
    for (const auto& phrase : data.passing_phrases()) {
        if (phrase.empty() || start < phrase.size()) continue;
        if (same_tokens(tokens, start - phrase.size(), phrase)) return true;
    }
    return false;
}

/// A town's name that begins its intercommunality's ("Quimper Bretagne Occidentale", "Valence Romans
/// Agglo"): it names the intercommunality, not the town.
bool names_its_intercommunality(const std::vector<std::string_view>& tokens, const PlaceMatch& match,
                                const TownGazetteer& gazetteer) {
    return std::any_of(match.towns.begin(), match.towns.end(), [&](std::size_t town) {
        const auto phrase = tokens_of(gazetteer.epci_phrase(town));
        if (phrase.empty() || match.token + phrase.size() > tokens.size()) return false;
        for (std::size_t i = 0; i < phrase.size(); ++i)
            if (tokens[match.token + i] != phrase[i]) return false;
        return true;
    });
}

/// The keyword occurrences of a text (split in `tokens`) that count, and those a context rule
/// cancels: the rules read `context_text`, the block's text or, in a listing entry, the whole
/// entry's (a card is one unit).
void find_keywords(const std::vector<std::string_view>& tokens, std::string_view context_text, const ClassifierData& data,
                   std::vector<std::size_t>& counted, std::vector<CancelledTerm>* cancelled) {
    for (const auto& match : data.terms().find(tokens)) {
        const TermContext& context = data.context(match.term);
        std::string because;
        for (const auto& word : context.cancels) {
            if (has_phrase(context_text, word)) {
                because = "cancelled by '" + word + "'";
                break;
            }
        }
        if (because.empty() && !context.needs.empty() &&
            std::none_of(context.needs.begin(), context.needs.end(),
                         [&](const std::string& word) { return has_phrase(context_text, word); })) {
            because = "needs one of: ";
            for (std::size_t i = 0; i < context.needs.size(); ++i) because += (i ? ", " : "") + context.needs[i];
        }
        if (because.empty()) counted.push_back(match.term);
        else if (cancelled) cancelled->push_back({match.term, because});
    }
}

/// The towns `text` names, those it names only in passing, and the towns (or another commune) its
/// addresses are in.
struct Places {
    std::vector<std::size_t> towns, passing, addressed, placed;
    bool foreign_address = false;
    std::vector<std::string> postcodes;
};

/// `tokens`: the text normalised by normalize_joined (a hyphenated place name is one word), split.
Places find_places(const std::vector<std::string_view>& tokens, const ClassifierData& data) {
    Places places;
    const auto matches = data.gazetteer().places(tokens);
    for (const auto& match : matches) {
        const std::size_t after = match.token + match.length;
        const bool passing = named_in_passing(tokens, match.token, data) ||
                             (after < tokens.size() && is_intercommunal_word(tokens[after])) ||
                             names_its_intercommunality(tokens, match, data.gazetteer());
        for (std::size_t town : match.towns) {
            add_unique(passing ? places.passing : places.towns, town);
            // "Lannion (22)": a town placed by its département's number, as listings write it
            if (!passing && after < tokens.size() && tokens[after] == data.gazetteer().departement_code(town))
                add_unique(places.placed, town);
        }
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!is_postcode(tokens[i])) continue;
        places.postcodes.emplace_back(tokens[i]);
        if (i + 1 >= tokens.size() || is_quantity_word(tokens[i + 1])) continue;
        const auto& with_code = data.gazetteer().towns_of_postcode(tokens[i]);
        bool listed = false;
        for (const auto& match : matches) {
            if (match.token != i + 1) continue;
            for (std::size_t town : match.towns) {
                if (std::find(with_code.begin(), with_code.end(), town) == with_code.end()) continue;
                add_unique(places.addressed, town);
                listed = true;
            }
        }
        if (!listed) places.foreign_address = true;  // another commune (or one sharing the postcode)
    }
    // a town named, even once, is not only named in passing
    std::erase_if(places.passing, [&](std::size_t town) {
        return std::find(places.towns.begin(), places.towns.end(), town) != places.towns.end();
    });
    return places;
}

/// A site's legal line written outside a <footer> element ("© 2006-2024 Le Panier Malin — Mentions
/// légales — Hébergé par …"): short, with the legal notices' words, or a copyright sign at the end of
/// the page (elsewhere, "© Ville de Lorient" is a photo's credit).
bool is_legal_line(std::string_view text, std::string_view normalized, int words, bool near_the_end) {
    constexpr int longest = 40;
    return words <= longest && ((near_the_end && text.find("©") != std::string_view::npos) ||
                                has_phrase(normalized, "mentions legales") || has_phrase(normalized, "tous droits reserves") ||
                                has_phrase(normalized, "copyright"));
}

/// The first of the phrases the text has, or null.
const std::string* phrase_in(std::string_view normalized, const std::vector<std::string>& phrases) {
    auto found = std::find_if(phrases.begin(), phrases.end(), [&](const std::string& phrase) { return has_phrase(normalized, phrase); });
    return found == phrases.end() ? nullptr : &*found;
}

bool has_any_phrase(std::string_view normalized, const std::vector<std::string>& phrases) {
    return phrase_in(normalized, phrases) != nullptr;
}

/// The sentences of a block: split after . ! ? ; : (a list announced by a colon is a sentence of its own).
std::vector<std::string_view> sentences_of(std::string_view text) {
    std::vector<std::string_view> sentences;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((c == '.' || c == '!' || c == '?' || c == ';' || c == ':') && (i + 1 == text.size() || text[i + 1] == ' ')) {
            sentences.push_back(text.substr(start, i + 1 - start));
            start = i + 1;
        }
    }
    if (start < text.size()) sentences.push_back(text.substr(start));
    return sentences;
}

/// On a platform's page that names no project, the entries whose title links to a project of the
/// platform: a link whose text is a whole block of the entry (a card's heading).
void find_entry_projects(const PageText& page, const ClassifierData& data, PageAnalysis& analysis) {
    const auto base = parse_url(analysis.url);
    if (!base) return;
    std::map<std::string_view, std::string_view> href_of_text;
    for (const auto& link : page.links) href_of_text.emplace(link.text, link.href);
    for (const auto& [entry, members] : analysis.entries) {
        for (std::size_t b : members) {
            auto link = href_of_text.find(analysis.blocks[b].text);
            if (link == href_of_text.end()) continue;
            auto target = resolve_url(*base, link->second);
            if (!target || !target->is_http() || data.platforms().find(target->host) != analysis.platform) continue;
            const std::string url = evidence_url(target->text, "");
            if (auto initiative = initiative_key(url, data.platforms())) {
                analysis.entry_projects[entry] = {url, *initiative};
                break;
            }
        }
    }
}

}  // namespace

std::string evidence_url(std::string_view url_text, std::string_view canonical) {
    auto url = parse_url(url_text);
    if (!url) return std::string(url_text);
    if (!canonical.empty()) {
        if (auto resolved = resolve_url(*url, canonical);
            resolved && resolved->is_http() && registrable_domain(resolved->host) == registrable_domain(url->host))
            url = resolved;
    }
    std::string target = url->target.substr(0, url->target.find('#'));
    const auto question = target.find('?');
    if (question != std::string::npos) {
        std::string kept;
        std::string_view query = std::string_view(target).substr(question + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const std::string_view field = query.substr(0, amp);
            const std::string name(field.substr(0, field.find('=')));
            const bool tracking = name.starts_with("utm_") || name == "fbclid" || name == "gclid" || name == "mc_cid" ||
                                  name == "mc_eid";
            if (!tracking && !field.empty()) kept += (kept.empty() ? "" : "&") + std::string(field);
            if (amp == std::string_view::npos) break;
            query.remove_prefix(amp + 1);
        }
        target = target.substr(0, question) + (kept.empty() ? "" : "?" + kept);
    }
    return url->text.substr(0, url->text.size() - url->target.size()) + target;
}

PageAnalysis analyse_page(const PageText& page, std::string_view url, const ClassifierData& data) {
    const TownGazetteer& gazetteer = data.gazetteer();
    PageAnalysis analysis;
    analysis.url = evidence_url(url, page.canonical);
    analysis.title = page.title;
    if (auto parsed = parse_url(analysis.url)) {
        analysis.site = registrable_domain(parsed->host);
        analysis.platform = data.platforms().find(parsed->host);
    }
    analysis.initiative = initiative_key(analysis.url, data.platforms());
    if (analysis.platform) analysis.platform_pillar = implied_pillar(*analysis.platform, analysis.url);
    TownSite site = town_site(gazetteer, analysis.site);
    analysis.site_towns = std::move(site.towns);
    analysis.municipal_site = site.municipal;
    analysis.intercommunal_site = site.intercommunal;

    analysis.territorial_site = !analysis.municipal_site && gazetteer.names_territory(analysis.site);

    const TextBlock title{page.title, BlockKind::heading, Region::main, -1, -1};
    const std::size_t block_count = page.blocks.size() + 1;
    auto block_at = [&](std::size_t b) -> const TextBlock& { return b == 0 ? title : page.blocks[b - 1]; };  // the title first
    std::set<std::size_t> named(analysis.site_towns.begin(), analysis.site_towns.end());
    std::vector<std::size_t> proposals;  // blocks that say they are a proposal
    std::vector<std::pair<std::string, std::string>> normalized_blocks;  // normalize_both of each block
    std::map<int, std::string> entry_texts;                              // a listing entry's blocks, normalised
    normalized_blocks.reserve(block_count);
    for (std::size_t b = 0; b < block_count; ++b) {
        normalized_blocks.push_back(normalize_both(block_at(b).text));
        if (block_at(b).entry >= 0) (entry_texts[block_at(b).entry] += ' ') += normalized_blocks.back().first;
    }
    analysis.blocks.reserve(block_count);
    for (std::size_t b = 0; b < block_count; ++b) {
        const TextBlock& block = block_at(b);
        BlockFacts facts;
        facts.text = block.text;
        facts.region = block.region;
        facts.kind = block.kind;
        facts.entry = block.entry;
        facts.group = block.group;
        facts.title = b == 0;
        const auto& [normalized, joined] = normalized_blocks[b];
        const auto tokens = tokens_of(normalized);
        facts.words = static_cast<int>(tokens.size());
        find_keywords(tokens, block.entry >= 0 ? std::string_view(entry_texts[block.entry]) : std::string_view(normalized),
                      data, facts.keywords, &facts.cancelled);
        if (facts.region == Region::main && is_legal_line(block.text, normalized, facts.words, b + 3 >= block_count))
            facts.region = Region::footer;
        // menus and banners name towns too, but never as what the page is about; the footer and
        // asides can give the publisher's address (a contact card)
        if (facts.region == Region::main || facts.region == Region::footer || facts.region == Region::aside) {
            Places places = find_places(tokens_of(joined), data);
            facts.towns = std::move(places.towns);
            facts.passing = std::move(places.passing);
            facts.placed = std::move(places.placed);
            // a host's or a printer's address (keywords/context.tsv, third-party) is not the page's
            if (!has_any_phrase(normalized, data.third_party_phrases())) {
                facts.addressed = std::move(places.addressed);
                facts.foreign_address = places.foreign_address;
                analysis.postcodes.insert(places.postcodes.begin(), places.postcodes.end());
            }
            named.insert(facts.towns.begin(), facts.towns.end());
            named.insert(facts.passing.begin(), facts.passing.end());
            // a newspaper's or a radio's footer (keywords/context.tsv, media) gives its seat
            if (facts.region == Region::footer && analysis.media_sign.empty())
                if (const std::string* phrase = phrase_in(normalized, data.media_phrases())) analysis.media_sign = *phrase;
        } else if (b > 0) {
            // a local site's menu names the towns it covers ("Valence Romans Montélimar")
            for (const auto& match : data.gazetteer().places(tokens_of(joined)))
                for (std::size_t town : match.towns) add_unique(analysis.towns_around, town);
        }
        if (facts.towns.size() >= 2) {
            for (auto sentence : sentences_of(block.text)) {
                SentenceFacts sentence_facts;
                const auto [sentence_normalized, sentence_joined] = normalize_both(sentence);
                sentence_facts.towns = find_places(tokens_of(sentence_joined), data).towns;
                find_keywords(tokens_of(sentence_normalized), sentence_normalized, data, sentence_facts.keywords, nullptr);
                facts.sentences.push_back(std::move(sentence_facts));
            }
        }
        if (has_any_phrase(normalized, data.proposal_phrases())) proposals.push_back(b);
        if (facts.entry >= 0) analysis.entries[facts.entry].push_back(b);
        if (!analysis.normalized.empty()) analysis.normalized += " | ";
        analysis.normalized += normalized;
        analysis.blocks.push_back(std::move(facts));
    }
    // a platform's name on its own pages is its furniture ("– HelloAsso" in every title): what the
    // page implies is the platform's pillar for its kind of page, not the name
    if (analysis.platform) {
        const auto& own_name = data.keywords_naming(*analysis.platform);
        auto named = [&](std::size_t k) { return std::find(own_name.begin(), own_name.end(), k) != own_name.end(); };
        for (auto& facts : analysis.blocks) {
            for (std::size_t k : facts.keywords)
                if (named(k)) facts.cancelled.push_back({k, "the platform's own name, on its own page"});
            std::erase_if(facts.keywords, named);
            for (auto& sentence : facts.sentences) std::erase_if(sentence.keywords, named);
        }
    }
    // a table row or a card gives its address across its cells ("13600" | "La Ciotat")
    for (const auto& [entry, members] : analysis.entries) {
        if (members.size() < 2) continue;
        std::string joined_entry;
        for (std::size_t b : members) joined_entry += normalized_blocks[b].second + " ";
        const Places places = find_places(tokens_of(joined_entry), data);
        BlockFacts& first = analysis.blocks[members.front()];
        for (std::size_t town : places.addressed) add_unique(first.addressed, town);
    }
    // a proposal (a participatory budget's card, "déposée par …, 214 soutiens") or a plan is an idea,
    // not an initiative: the terms of its block, or of its whole entry, count for no pillar but
    // gouvernance — proposing is what a participatory process is
    for (std::size_t b : proposals) {
        const int entry = analysis.blocks[b].entry;
        std::vector<std::size_t> affected{b};
        if (entry >= 0) affected = analysis.entries[entry];
        const std::string because = "a proposal, not an initiative: " + utf8_excerpt(analysis.blocks[b].text, 50);
        auto proposed = [&](std::size_t k) { return data.keywords()[k].pillar != Pillar::gouvernance; };
        for (std::size_t a : affected) {
            BlockFacts& facts = analysis.blocks[a];
            for (std::size_t k : facts.keywords)
                if (proposed(k)) facts.cancelled.push_back({k, because});
            std::erase_if(facts.keywords, proposed);
            facts.proposal = true;
            for (auto& sentence : facts.sentences) std::erase_if(sentence.keywords, proposed);
        }
    }
    // a listing: a list, table or card grid whose entries name two towns or more
    std::map<int, std::set<std::size_t>> towns_of_group;
    for (const auto& [entry, members] : analysis.entries) {
        for (std::size_t b : members) {
            const BlockFacts& block = analysis.blocks[b];
            towns_of_group[block.group].insert(block.towns.begin(), block.towns.end());
        }
    }
    for (const auto& [group, towns] : towns_of_group)
        if (towns.size() >= 2) analysis.listings.insert(group);
    if (analysis.platform && !analysis.initiative) find_entry_projects(page, data, analysis);
    analysis.named.assign(named.begin(), named.end());
    return analysis;
}

}  // namespace sharitories
