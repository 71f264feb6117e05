// The simulated web scripts/bench-scan scans: a SearXNG JSON API whose results point at pages about the
// town searched for, all served from 127.0.0.1 under any host name, every answer after a fixed delay.
// Usage: scan_bench_server [LATENCY_MS=100 [HOSTS=2000 [CITIES.csv]]]; prints its port on stdout's first
// line, answers `stats` on stdin with its request counts, serves until stdin closes. The epoll core is
// bench_http_server.h. Result URLs are http://site-H.bench.test:PORT/p/TOWN/N, H < HOSTS: a scan pins
// them to 127.0.0.1 with --resolve.
//
//  - GET /search?q=…&format=json&language=fr&pageno=N: the town is q's first double-quoted phrase;
//    pageno 1 lists 10 results drawn, from a hash of q, out of the town's pool of 60 pages (so a town's
//    24 queries find most of its pages several times, as a real engine does); pageno ≥ 2 lists none.
//  - GET /p/TOWN/N (TOWN percent-encoded UTF-8): an 8–15 KiB French page about TOWN (title, nav, a
//    script, article, footer with an address: with CITIES.csv, the town's postcode and département)
//    carrying the vocabulary of one pillar, a third of them a second one; one page in ten shows nothing
//    relevant. The same TOWN and N give the same bytes.
//  - GET /robots.txt and anything else: 404.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bench_http_server.h"

namespace {

constexpr int results_per_page = 10;
constexpr std::uint64_t pages_per_town = 60;  // the pool a town's results are drawn from

// ───────────── hashing: deterministic across runs and machines (std::hash is not) ─────────────

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// ───────────── text encodings ─────────────

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// %XX decoded; in a query string (plus_is_space) '+' is a space too.
std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool escape = text[i] == '%' && i + 2 < text.size();
        if (escape && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            decoded += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else if (text[i] == '+' && plus_is_space) {
            decoded += ' ';
        } else {
            decoded += text[i];
        }
    }
    return decoded;
}

/// Every byte but RFC 3986's unreserved ones as %XX: "L'Haÿ-les-Roses" → "L%27Ha%C3%BF-les-Roses".
std::string percent_encode(std::string_view text) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += digits[c >> 4];
            encoded += digits[c & 15];
        }
    }
    return encoded;
}

std::string json_string(std::string_view text) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string quoted = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += static_cast<char>(c);
        } else if (c < 0x20) {
            quoted += "\\u00";
            quoted += digits[c >> 4];
            quoted += digits[c & 15];
        } else {
            quoted += static_cast<char>(c);
        }
    }
    return quoted + "\"";
}

std::string html_escape(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        switch (c) {
            case '&': escaped += "&amp;"; break;
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '"': escaped += "&quot;"; break;
            default: escaped += c;
        }
    }
    return escaped;
}

/// `text` with every "{T}" replaced by `town`.
std::string with_town(std::string_view text, std::string_view town) {
    std::string result;
    for (std::size_t at = 0;;) {
        const auto found = text.find("{T}", at);
        result += text.substr(at, found == std::string_view::npos ? std::string_view::npos : found - at);
        if (found == std::string_view::npos) return result;
        result += town;
        at = found + 3;
    }
}

/// `text` cut at a space to at most `size` bytes, with " …" when cut (so never inside a UTF-8 sequence).
std::string first_words(const std::string& text, std::size_t size) {
    if (text.size() <= size) return text;
    const auto space = text.rfind(' ', size);
    return text.substr(0, space == std::string::npos ? 0 : space) + " …";
}

// ───────────── the towns' addresses (optional CITIES.csv) ─────────────

struct Place {
    std::string postcode;
    std::string departement_name;
};

/// One CSV record's fields (RFC 4180 quotes; a record on one line, as cities.csv's are).
std::vector<std::string> csv_fields(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

/// name → first postcode and département name; the first town of a name shared by several wins.
std::unordered_map<std::string, Place> read_places(const char* path) {
    std::unordered_map<std::string, Place> places;
    std::ifstream file(path);
    if (!file) {
        std::perror(path);
        std::exit(1);
    }
    std::string line;
    std::getline(file, line);
    const auto header = csv_fields(line);
    auto column = [&](std::string_view name) {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name || (i == 0 && header[i] == "\xEF\xBB\xBF" + std::string(name))) return i;
        return header.size();
    };
    const std::size_t name = column("name"), postcodes = column("postcodes"), departement = column("departement_name");
    if (name == header.size()) {
        std::fprintf(stderr, "scan_bench_server: %s has no name column\n", path);
        std::exit(1);
    }
    while (std::getline(file, line)) {
        const auto fields = csv_fields(line);
        if (name >= fields.size()) continue;
        Place place;
        if (postcodes < fields.size()) place.postcode = fields[postcodes].substr(0, fields[postcodes].find(' '));
        if (departement < fields.size()) place.departement_name = fields[departement];
        places.emplace(fields[name], std::move(place));
    }
    return places;
}

// ───────────── the pages ─────────────

/// A page's subject: its title and paragraphs ({T}: the town). The first paragraph of every pillar
/// topic names a specific term (weight 2 in keywords/fr.tsv), so that it alone makes the pillar count.
struct Topic {
    const char* title;
    std::array<const char*, 3> paragraphs;
};

// consommation, production, financement, gouvernance
const std::array<std::array<Topic, 4>, 4> pillar_topics = {{
    {{
        {"Une AMAP pour manger local à {T}",
         {"L'AMAP des Jardins du Lavoir distribue chaque jeudi soir les paniers de légumes de deux maraîchers "
          "installés à quelques kilomètres de {T}. Les adhérents s'engagent pour une saison entière et tiennent les "
          "distributions à tour de rôle, sous le préau de l'ancienne école.",
          "Ce circuit court permet aux producteurs de vivre de leur travail sans intermédiaire : le prix du panier "
          "est fixé ensemble en début de saison, et une partie est payée d'avance pour financer les semences.",
          "L'association cherche de nouveaux adhérents pour la saison prochaine. Un groupement d'achat de produits "
          "secs, farine, huile et légumineuses, est aussi proposé aux membres une fois par mois."}},
        {"Le Repair Café de {T} fête ses cinq ans",
         {"Un samedi par mois, le Repair Café de {T} accueille à la maison de quartier les habitants qui ne veulent "
          "plus jeter un grille-pain, une lampe ou un vélo pour une panne de rien. Des bénévoles bricoleurs réparent "
          "avec eux, outils et café fournis.",
          "En cinq ans, plus de deux mille objets sont passés sur les tables de l'atelier, et deux tiers sont "
          "repartis en état de marche. Ce qui ne peut plus être réparé part à la ressourcerie voisine, qui en récupère les "
          "pièces.",
          "L'équipe ouvrira bientôt une outilthèque : perceuses, scies et escabeaux prêtés aux adhérents, plutôt "
          "que d'en acheter un par foyer pour s'en servir deux fois par an."}},
        {"Jardins partagés : les habitants de {T} cultivent ensemble",
         {"Au pied des immeubles du quartier nord, le jardin partagé de {T} compte désormais quarante parcelles, "
          "cultivées par des familles, des retraités et les enfants du centre de loisirs.",
          "Les Incroyables Comestibles y ont installé des bacs en libre-service : chacun peut planter, arroser et "
          "cueillir. Un site de compostage partagé reçoit les épluchures de trois cents foyers.",
          "La ville met l'eau et le terrain à disposition ; l'association des jardiniers organise les chantiers "
          "collectifs du printemps et la fête des récoltes en septembre."}},
        {"Une épicerie coopérative ouvre ses portes à {T}",
         {"Après deux ans de préparation, l'épicerie coopérative de {T} a ouvert rue du Marché. Ses trois cents "
          "coopérateurs en sont les propriétaires et y donnent trois heures de leur temps chaque mois.",
          "Sur le modèle des supermarchés coopératifs, les prix sont calculés avec une marge unique, et la moitié "
          "des produits vient de fermes situées à moins de cinquante kilomètres.",
          "Devant la boutique, une station d'autopartage propose deux voitures électriques réservables par les "
          "membres pour les courses volumineuses."}},
    }},
    {{
        {"L'ancienne friche devient un tiers-lieu à {T}",
         {"L'ancienne usine textile de {T} a rouvert ses portes sous la forme d'un tiers-lieu : un espace de "
          "coworking à l'étage, un atelier partagé au rez-de-chaussée et une cantine ouverte à tous le midi.",
          "Le lieu a été reconnu fabrique de territoire l'an dernier, ce qui lui assure un soutien pour animer "
          "les rencontres entre indépendants, associations et entreprises du bassin.",
          "Les travaux ont été menés par une coopérative d'habitants et d'artisans ; la seconde tranche, en cours, "
          "accueillera des ateliers d'artistes et une salle de répétition."}},
        {"Le fablab de {T} ouvre ses machines au public",
         {"Imprimantes 3D, découpeuse laser, fraiseuse numérique : le fablab de {T} ouvre ses machines au public "
          "trois soirs par semaine et le samedi après-midi, dans les locaux de l'ancienne caserne.",
          "Les bénévoles du makerspace y accompagnent les débutants, les lycéens de la filière technologique et "
          "les artisans qui veulent prototyper une pièce sans investir dans une machine.",
          "Une formation aux outils de conception est proposée chaque premier mardi du mois ; l'adhésion annuelle "
          "donne accès aux machines, la matière est facturée au prix coûtant."}},
        {"Coworking : des bureaux partagés pour les indépendants de {T}",
         {"Graphistes, développeurs, traducteurs : une trentaine d'indépendants de {T} se retrouvent chaque jour "
          "dans l'espace de coworking ouvert au-dessus de la gare, plutôt que de travailler seuls chez eux.",
          "Postes à la journée, bureaux fermés au mois, salle de réunion et visioconférence : l'espace de travail "
          "partagé accueille aussi les salariés en télétravail des entreprises de la région.",
          "Les résidents organisent un petit-déjeuner mensuel ouvert aux curieux, et une pépinière d'entreprises "
          "y accompagne les créateurs pendant leurs deux premières années."}},
        {"La recyclerie de {T} donne une seconde vie aux matériaux",
         {"Installée dans un ancien entrepôt, la recyclerie de {T} collecte meubles, matériaux de chantier et "
          "textiles, les trie, les répare et les revend à petits prix dans sa boutique solidaire.",
          "Son atelier partagé de menuiserie est ouvert aux habitants deux jours par semaine : on y vient "
          "retaper une commode ou fabriquer une étagère avec des planches de récupération.",
          "La structure emploie quinze salariés en insertion et projette d'ouvrir une matériauthèque pour les "
          "artisans du bâtiment et les décorateurs de théâtre de la région."}},
    }},
    {{
        {"Financement participatif : la brasserie de {T} lève 25 000 euros",
         {"La petite brasserie artisanale de {T} a bouclé sa campagne de financement participatif sur Miimosa : "
          "25 000 euros apportés par plus de quatre cents contributeurs pour une nouvelle cuve de fermentation.",
          "Les contributeurs recevront des bières, des visites de la brasserie ou des invitations à la fête "
          "d'inauguration, selon le montant de leur participation.",
          "Les fondateurs avaient déjà eu recours au crowdfunding pour leur premier matériel ; cette fois, la "
          "banque a suivi le projet une fois la collecte réussie."}},
        {"Une monnaie locale pour faire vivre les commerces de {T}",
         {"Depuis le printemps, la monnaie locale circule dans plus de cent commerces et associations de {T} et "
          "des communes voisines. Un euro s'échange contre une unité, en billets ou par téléphone.",
          "Les euros déposés en échange sont placés auprès d'une banque coopérative qui les prête à des projets "
          "du territoire : c'est de l'épargne citoyenne au service de l'économie de proximité.",
          "Les commerçants qui l'acceptent s'engagent à la dépenser chez des fournisseurs du réseau, ce qui "
          "fait tourner la monnaie plusieurs fois avant qu'elle ne revienne en euros."}},
        {"Un club Cigales finance les jeunes entreprises de {T}",
         {"Douze habitants de {T} ont fondé un club Cigales : chacun place quelques dizaines d'euros par mois dans "
          "une caisse commune, et le club entre au capital d'entreprises locales dont ils partagent les valeurs.",
          "Le club a déjà investi dans une conserverie de légumes et dans une librairie indépendante, et "
          "accompagne leurs dirigeants pendant cinq ans.",
          "Pour les projets plus importants, le club oriente les créateurs vers des plateformes de financement "
          "participatif en prêt ou en capital, comme WeDoGood ou Tudigo."}},
        {"La librairie de {T} sauvée par une campagne Ulule",
         {"Menacée de fermeture, la librairie du centre-ville de {T} a lancé une campagne de financement "
          "participatif sur Ulule. En trois semaines, l'objectif de 30 000 euros a été dépassé.",
          "Les contributions, de dix à cinq cents euros, donnent droit à des bons d'achat, des rencontres avec "
          "des auteurs ou une place pour la soirée de réouverture.",
          "Le crowdfunding ne couvre qu'une partie du rachat du fonds ; le reste vient d'un prêt d'honneur et "
          "de l'apport des deux nouveaux libraires."}},
    }},
    {{
        {"Budget participatif : les habitants de {T} ont voté",
         {"Pour la troisième édition de son budget participatif, {T} a consacré 300 000 euros à des projets "
          "proposés et choisis par les habitants eux-mêmes. Plus de quatre mille personnes ont voté.",
          "Parmi les lauréats : des bancs et des fontaines dans le parc municipal, une piste de skate rénovée et "
          "des nichoirs dans les écoles. Les services de la ville ont vérifié la faisabilité de chaque idée.",
          "Les porteurs de projets suivront les travaux avec les services techniques ; un bilan public sera "
          "présenté à l'automne avant le lancement de l'édition suivante."}},
        {"Le conseil citoyen de {T} renouvelle ses membres",
         {"Tirés au sort ou volontaires, les vingt membres du conseil citoyen des quartiers prioritaires de {T} "
          "sont renouvelés cette année. Ils siègent aux comités de pilotage du contrat de ville.",
          "Le conseil a rendu cette année un avis sur la rénovation des logements de la cité des Tilleuls, "
          "après une démarche de co-construction avec les habitants et le bailleur.",
          "Les candidatures sont ouvertes jusqu'à la fin du mois ; une formation est proposée aux nouveaux "
          "membres pour comprendre les budgets et les dispositifs de la politique de la ville."}},
        {"Centre-ville de {T} : une concertation avant les travaux",
         {"Avant de réaménager la place centrale, la municipalité de {T} a ouvert une consultation citoyenne : "
          "réunions publiques, ateliers participatifs et balades urbaines jusqu'à la fin de l'été.",
          "Cette démarche de démocratie participative doit permettre de trancher entre trois scénarios, du "
          "parking maintenu à la place entièrement piétonne plantée d'arbres.",
          "Un jury citoyen de vingt-quatre habitants tirés au sort rendra un avis motivé, que le conseil "
          "municipal s'est engagé à examiner avant de voter le projet."}},
        {"{T} lance sa plateforme participative",
         {"Proposer une idée, voter pour un projet, répondre à une enquête : {T} a mis en ligne sa plateforme "
          "participative, construite avec le logiciel Decidim utilisé par de nombreuses collectivités.",
          "La plateforme accueille déjà le budget participatif de la ville et la concertation sur le plan de "
          "déplacements ; chaque contribution reçoit une réponse publique des services.",
          "Des permanences sont organisées dans les médiathèques pour accompagner les habitants peu à l'aise "
          "avec le numérique."}},
    }},
}};

// pages that name the town and nothing of the four pillars
const std::array<Topic, 4> plain_topics = {{
    {"Travaux de voirie : les déviations à {T} cette semaine",
     {"La réfection de la chaussée de l'avenue principale de {T} se poursuit jusqu'à vendredi. La circulation est "
      "alternée entre huit heures et dix-sept heures, et le stationnement interdit sur toute la longueur.",
      "Les lignes de bus sont déviées par les boulevards ; les arrêts provisoires sont signalés par des panneaux "
      "jaunes. Les riverains gardent l'accès à leur garage.",
      "Les services techniques rappellent que les travaux peuvent être décalés en cas de forte pluie."}},
    {"Football : le club de {T} se qualifie pour le tour suivant",
     {"Au terme d'un match serré, l'équipe première de {T} s'est imposée deux buts à un face au leader de la "
      "poule, devant près de huit cents spectateurs.",
      "L'entraîneur a salué l'engagement de ses joueurs, privés de deux titulaires blessés. Le tirage au sort "
      "du prochain tour aura lieu lundi.",
      "Les jeunes de l'école de football seront invités à entrer sur la pelouse avec les joueurs lors de la "
      "prochaine rencontre à domicile."}},
    {"Marché de Noël : {T} illumine son centre",
     {"Soixante chalets, une patinoire et une grande roue : le marché de Noël de {T} ouvre ce week-end sur la "
      "place de l'Hôtel de Ville, jusqu'au 31 décembre.",
      "Artisans, vin chaud et spécialités régionales : les exposants ont été choisis parmi plus de cent "
      "candidatures. Les illuminations seront allumées samedi à dix-huit heures.",
      "Une navette gratuite relie les parkings de la périphérie au centre les samedis et dimanches."}},
    {"Piscine municipale de {T} : les horaires d'été",
     {"La piscine municipale de {T} passe à l'horaire d'été : ouverture de dix heures à vingt heures, tous les "
      "jours, bassin extérieur compris.",
      "Des leçons de natation pour les enfants sont proposées le matin ; les inscriptions se font à l'accueil "
      "à partir du premier juin.",
      "Le toboggan, fermé pour entretien, rouvrira début juillet après le contrôle de sécurité annuel."}},
}};

// neutral local news to bring a page to its size (no pillar vocabulary, no other town of the list)
const std::array<const char*, 16> filler = {{
    "La médiathèque de {T} prolonge ses horaires le mercredi et le samedi : les lecteurs pourront emprunter "
    "livres, disques et films jusqu'à dix-neuf heures. Le portage à domicile reste proposé aux personnes qui ne "
    "peuvent pas se déplacer.",
    "Le conservatoire de musique donnera son concert de printemps à l'auditorium de {T}. Les élèves des classes de "
    "piano, de violon et de chant y présenteront le travail de l'année, entrée libre dans la limite des places.",
    "Les inscriptions scolaires pour la rentrée prochaine sont ouvertes en mairie de {T}. Les familles doivent "
    "présenter le livret de famille, un justificatif de domicile et le carnet de vaccination de l'enfant.",
    "Le musée municipal de {T} accueille jusqu'en septembre une exposition consacrée aux affiches de voyage du "
    "siècle dernier, prêtées par un collectionneur de la région. Visites guidées le dimanche à quinze heures.",
    "Météo : après un début de semaine pluvieux, le soleil devrait revenir sur {T} à partir de jeudi, avec des "
    "températures proches des normales de saison, et un vent d'ouest modéré sur le littoral et les plateaux.",
    "La collecte des encombrants aura lieu le deuxième lundi du mois dans les quartiers est de {T}. Les objets "
    "doivent être sortis la veille au soir, sans gêner le passage des piétons sur les trottoirs.",
    "Le festival de théâtre de rue revient à {T} pour sa douzième édition : trente compagnies, quatre-vingts "
    "représentations gratuites dans les rues, les parcs et les cours d'école pendant trois jours.",
    "L'office de tourisme de {T} propose tout l'été des visites du centre historique, de ses remparts et de ses "
    "hôtels particuliers, ainsi que des balades à vélo le long de la rivière, sur réservation.",
    "Le centre communal d'action sociale de {T} rappelle que le plan canicule est activé jusqu'à la fin de l'été. "
    "Les personnes âgées ou isolées peuvent s'inscrire sur le registre pour recevoir un appel en cas de fortes "
    "chaleurs.",
    "Le cinéma de {T} consacre sa semaine du mercredi au cinéma d'animation : courts métrages pour les plus "
    "petits, grands classiques pour les familles, et une rencontre avec une réalisatrice le samedi soir.",
    "Le marché hebdomadaire de {T} s'installe exceptionnellement sur le parking du stade pendant la rénovation "
    "des halles. Les horaires restent inchangés, de sept heures à treize heures.",
    "Les élus de {T} ont voté le budget de l'année lors du dernier conseil municipal : les taux des impôts locaux "
    "restent stables, et l'investissement porte sur la rénovation de deux groupes scolaires.",
    "La gendarmerie et la police municipale de {T} multiplient les contrôles de vitesse aux abords des écoles. "
    "Des radars pédagogiques ont été installés sur les trois axes où les excès sont les plus fréquents.",
    "Le club de randonnée de {T} propose chaque dimanche une sortie de dix à vingt kilomètres dans la campagne "
    "environnante. Départ à neuf heures du parking de la mairie, chaussures de marche conseillées.",
    "Les travaux de rénovation de l'église Notre-Dame de {T} entrent dans leur dernière phase : la charpente "
    "et la couverture du clocher seront achevées avant l'hiver, selon l'architecte des bâtiments de France.",
    "L'hôpital de {T} ouvre un nouveau service d'imagerie médicale, équipé d'un scanner et d'une IRM, qui doit "
    "réduire les délais d'attente pour les patients du bassin de vie.",
}};

const std::array<const char*, 12> months = {{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                              "septembre", "octobre", "novembre", "décembre"}};

/// The topics of page N of a town: one in ten pages has no pillar (pillar = -1); a third of the others
/// carry a second pillar too. The topic index within a pillar comes from the town and N.
struct PagePlan {
    int pillar = -1;
    int second = -1;
    std::uint64_t hash = 0;
};

PagePlan plan_page(std::string_view town, std::uint64_t n) {
    PagePlan plan;
    plan.hash = mix(fnv1a(town) ^ mix(n));
    if (n % 10 == 9) return plan;
    plan.pillar = static_cast<int>(n % 4);
    if ((n / 4) % 3 == 0) plan.second = (plan.pillar + 1 + static_cast<int>((n / 12) % 3)) % 4;
    return plan;
}

const Topic& main_topic(const PagePlan& plan) {
    if (plan.pillar < 0) return plain_topics[plan.hash % plain_topics.size()];
    return pillar_topics[static_cast<std::size_t>(plan.pillar)][plan.hash % 4];
}

std::string page_title(std::string_view town, const PagePlan& plan) {
    return with_town(main_topic(plan).title, town);
}

std::string make_page(std::string_view town, std::uint64_t n, const Place* place) {
    const PagePlan plan = plan_page(town, n);
    const Topic& topic = main_topic(plan);
    const std::string t = html_escape(town);
    const std::size_t target = 8 * 1024 + plan.hash % (6 * 1024 + 512);  // 8–15 KiB, the last paragraph included
    const std::string title = html_escape(page_title(town, plan));
    const std::string departement = place != nullptr ? html_escape(place->departement_name) : "";

    std::string page;
    page.reserve(target + 2048);
    page += "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
            title + " | Le Courrier de " + t + "</title>\n";
    page += "<meta name=\"description\" content=\"" +
            html_escape(first_words(with_town(topic.paragraphs[0], town), 150)) + "\">\n<link rel=\"stylesheet\" href=\"/static/css/site.min.css?v=4.2.1\">\n"
            "<style>body{font-family:Georgia,serif;margin:0}nav ul{display:flex;gap:1em;list-style:none}"
            "article{max-width:42em;margin:auto}footer{background:#223;color:#eee;padding:2em}</style>\n";
    page += "<script>\nwindow.dataLayer = window.dataLayer || [];\nfunction gtag(){dataLayer.push(arguments);}\n"
            "gtag('js', new Date());\ngtag('config', 'G-BENCH" + std::to_string(plan.hash % 100000) +
            "', {anonymize_ip: true});\n"
            "document.addEventListener('DOMContentLoaded', function () {\n"
            "  var toggle = document.querySelector('.menu-toggle');\n"
            "  if (toggle) toggle.addEventListener('click', function () {\n"
            "    document.body.classList.toggle('menu-open');\n  });\n"
            "  var consent = localStorage.getItem('consent');\n"
            "  if (!consent) document.getElementById('cookie-banner').hidden = false;\n});\n</script>\n"
            "</head>\n<body>\n";
    page += "<div id=\"cookie-banner\" hidden>Ce site utilise des cookies de mesure d'audience. "
            "<button>Accepter</button> <button>Refuser</button></div>\n"
            "<header><a class=\"logo\" href=\"/\">Le Courrier de " + t + "</a>" +
            (departement.empty() ? "" : " <span class=\"edition\">Édition " + departement + "</span>") +
            "\n<nav><button class=\"menu-toggle\">Menu</button><ul><li><a href=\"/\">Accueil</a></li>"
            "<li><a href=\"/actualites\">Actualités</a></li><li><a href=\"/agenda\">Agenda</a></li>"
            "<li><a href=\"/sport\">Sport</a></li><li><a href=\"/culture\">Culture</a></li>"
            "<li><a href=\"/vie-locale\">Vie locale</a></li><li><a href=\"/contact\">Contact</a></li></ul></nav>\n"
            "</header>\n<main>\n<article>\n<h1>" + title + "</h1>\n";
    page += "<p class=\"date\">Publié le " + std::to_string(1 + plan.hash % 28) + " " +
            months[(plan.hash >> 8) % 12] + " 202" + std::to_string(3 + (plan.hash >> 16) % 3) + " à " + t + "</p>\n";
    for (const char* paragraph : topic.paragraphs) page += "<p>" + html_escape(with_town(paragraph, town)) + "</p>\n";
    if (plan.second >= 0) {
        const Topic& also = pillar_topics[static_cast<std::size_t>(plan.second)][(plan.hash >> 20) % 4];
        page += "<section class=\"also\">\n<h2>" + html_escape(with_town(also.title, town)) + "</h2>\n";
        for (std::size_t i = 0; i < 2; ++i)
            page += "<p>" + html_escape(with_town(also.paragraphs[i], town)) + "</p>\n";
        page += "</section>\n";
    }
    page += "</article>\n<aside>\n<h2>Dans l'actualité</h2>\n";

    std::string footer = "</aside>\n</main>\n<footer>\n<address>Le Courrier de " + t +
                         ", 12 rue Victor-Hugo, " +
                         (place != nullptr && !place->postcode.empty() ? place->postcode + " " : "") + t +
                         (departement.empty() ? "" : " (" + departement + ")") +
                         "</address>\n<p>Tél. 01 23 45 67 89 — <a href=\"/mentions-legales\">Mentions légales</a> — "
                         "<a href=\"/confidentialite\">Données personnelles</a></p>\n"
                         "<p>© 2025 Le Courrier de " + t +
                         ". Tous droits réservés.</p>\n</footer>\n</body>\n</html>\n";
    for (std::size_t i = 0; page.size() + footer.size() < target; ++i) {
        const char* paragraph = filler[(plan.hash / 7 + i) % filler.size()];
        page += "<p>" + html_escape(with_town(paragraph, town)) + "</p>\n";
    }
    return page + footer;
}

// ───────────── the search API ─────────────

/// The value of `name` in a query string, decoded ("" if absent).
std::string query_parameter(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto end = query.find('&');
        const std::string_view pair = query.substr(0, end);
        const auto equals = pair.find('=');
        if (pair.substr(0, equals) == name)
            return equals == std::string_view::npos ? "" : percent_decode(pair.substr(equals + 1), true);
        if (end == std::string_view::npos) break;
        query.remove_prefix(end + 1);
    }
    return "";
}

std::string search_answer(const std::string& q, int page_number, int port, std::uint64_t hosts) {
    std::string results;
    const auto open = q.find('"');
    const auto close = open == std::string::npos ? std::string::npos : q.find('"', open + 1);
    if (page_number == 1 && close != std::string::npos && close > open + 1) {
        const std::string town = q.substr(open + 1, close - open - 1);
        const std::string slug = percent_encode(town);
        // 10 distinct page numbers out of the town's pool, from the query's hash
        std::uint64_t state = fnv1a(q);
        std::vector<std::uint64_t> drawn;
        while (drawn.size() < results_per_page) {
            state = mix(state);
            const std::uint64_t n = state % pages_per_town;
            if (std::find(drawn.begin(), drawn.end(), n) == drawn.end()) drawn.push_back(n);
        }
        for (const std::uint64_t n : drawn) {
            const PagePlan plan = plan_page(town, n);
            const std::string url = "http://site-" + std::to_string(mix(fnv1a(town) + n) % hosts) + ".bench.test:" +
                                    std::to_string(port) + "/p/" + slug + "/" + std::to_string(n);
            const std::string snippet = first_words(with_town(main_topic(plan).paragraphs[0], town), 160);
            results += std::string(results.empty() ? "" : ",") + "\n    {\"url\": " + json_string(url) +
                       ", \"title\": " + json_string(page_title(town, plan)) + ", \"content\": " +
                       json_string(snippet) + ", \"engine\": \"bench\"}";
        }
        results += "\n  ";
    }
    return "{\"query\": " + json_string(q) + ", \"number_of_results\": 0, \"results\": [" + results +
           "], \"unresponsive_engines\": []}\n";
}

const std::string not_found = bench::http_response(
    "404 Not Found", "text/html; charset=utf-8",
    "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n");

}  // namespace

int main(int argc, char** argv) {
    const auto delay = std::chrono::milliseconds(argc > 1 ? std::atoi(argv[1]) : 100);
    const int host_count = argc > 2 ? std::atoi(argv[2]) : 2000;
    const std::uint64_t hosts = host_count > 0 ? static_cast<std::uint64_t>(host_count) : 2000;
    const auto places = argc > 3 ? read_places(argv[3]) : std::unordered_map<std::string, Place>{};

    bench::HttpServer server("scan_bench_server");
    const int port = server.port();
    std::uint64_t searches = 0, pages = 0, robots = 0, other = 0;

    auto respond = [&](std::string_view request_line, std::string_view) -> std::string {
        // "GET /target HTTP/1.1"
        const auto first_space = request_line.find(' ');
        const auto last_space = request_line.rfind(' ');
        if (request_line.substr(0, first_space) != "GET" || last_space <= first_space) {
            ++other;
            return not_found;
        }
        const std::string_view target = request_line.substr(first_space + 1, last_space - first_space - 1);
        const auto question = target.find('?');
        const std::string_view path = target.substr(0, question);
        const std::string_view query = question == std::string_view::npos ? "" : target.substr(question + 1);
        if (path == "/search") {
            ++searches;
            const std::string page_number = query_parameter(query, "pageno");
            const int number = page_number.empty() ? 1 : std::atoi(page_number.c_str());
            return bench::http_response("200 OK", "application/json",
                                        search_answer(query_parameter(query, "q"), number, port, hosts));
        }
        if (path == "/robots.txt") {
            ++robots;
            return not_found;
        }
        if (path.starts_with("/p/")) {
            const std::string_view rest = path.substr(3);
            const auto slash = rest.rfind('/');
            const std::string_view number = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
            if (slash != 0 && !number.empty() && number.size() <= 9 &&
                number.find_first_not_of("0123456789") == std::string_view::npos) {
                ++pages;
                const std::string town = percent_decode(rest.substr(0, slash), false);
                const auto place = places.find(town);
                return bench::http_response(
                    "200 OK", "text/html; charset=utf-8",
                    make_page(town, std::strtoull(std::string(number).c_str(), nullptr, 10),
                              place == places.end() ? nullptr : &place->second));
            }
        }
        ++other;
        return not_found;
    };
    auto command = [&](std::string_view line) -> std::string {
        if (line != "stats") return "";
        return "searches " + std::to_string(searches) + " pages " + std::to_string(pages) + " robots " +
               std::to_string(robots) + " other " + std::to_string(other) + "\n";
    };
    return server.run(delay, respond, command);
}
