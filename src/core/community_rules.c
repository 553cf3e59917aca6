/*
 * community_rules.c - the automatic flags for likely disguised advertising.
 * Each rule looks for something a moderator should see before a post goes
 * live and names the words that made it fire; nothing is ever deleted by a
 * rule. The word lists cover English and German (a post may mix them).
 *
 * Matching works on a lowercased copy of the text with the same byte
 * offsets, so the words reported are the post's own. In a pattern, a space
 * matches any run of spaces, line breaks and dashes ("life changing" finds
 * "life-changing"), '#' one or more digits, '_' up to four words, a
 * trailing '*' any ending, and a leading '~' a match inside a word.
 */
#include "core/community.h"
#include "core/community_priv.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rule_names[CR_COUNT] = {
    "link",         "contact", "private_message", "call_to_action", "discount",         "price",
    "brand_praise", "claim",   "selling",         "duplicate",      "new_account_link",
};

static const char *const rule_labels[CR_COUNT] = {
    N_("Link"),
    N_("Contact details"),
    N_("Private messages"),
    N_("Call to action"),
    N_("Discount or offer"),
    N_("Price"),
    N_("Brand with praise"),
    N_("Cure or guarantee claim"),
    N_("Selling or coaching"),
    N_("Same text from several accounts"),
    N_("Link from a new account"),
};

static const char *const rule_explanations[CR_COUNT] = {
    N_("A web address, also when it is spelled out (\"dot com\")."),
    N_("An email address, a phone number, an @name or a messenger or social network."),
    N_("An invitation to continue in private: Pace has no private messages."),
    N_("Words that send readers somewhere to buy, follow or sign up (\"link in bio\", "
       "\"order now\")."),
    N_("A discount code, voucher, sale or free offer."),
    N_("An amount of money next to selling words (\"only\", \"instead of\", \"today\")."),
    N_("A brand or product name near praise or urgency (\"the best\", \"changed my life\", "
       "\"hurry\")."),
    N_("A promise of a cure or a guarantee (\"cured in 3 days\", \"100%\", \"money back\")."),
    N_("Coaching, courses, affiliate programs, giveaways or selling."),
    N_("Another account posted the same text."),
    N_("A link or contact detail from an account that is less than a week old."),
};

const char *community_rule_name(enum community_rule r)
{
    return r >= 0 && r < CR_COUNT ? rule_names[r] : "";
}

int community_rule_parse(const char *s)
{
    for (int i = 0; s && i < CR_COUNT; i++)
        if (strcmp(s, rule_names[i]) == 0)
            return i;
    return -1;
}

const char *community_rule_label(enum community_rule r)
{
    return r >= 0 && r < CR_COUNT ? _(rule_labels[r]) : "";
}

const char *community_rule_explain(enum community_rule r)
{
    return r >= 0 && r < CR_COUNT ? _(rule_explanations[r]) : "";
}

/* ---- the word lists --------------------------------------------------------- */

#define LIST_END NULL

/* Top-level domains that mark a bare address ("shop.de"). Left out: those
 * that are everyday words when a space after a full stop is missing ("it",
 * "in", "is", "so", "es", "am", "be"). */
static const char *const tlds[] = {
    "com",   "de",     "at",   "ch",    "net", "org",     "info", "eu",      "shop",
    "store", "co",     "io",   "ly",    "to",  "uk",      "us",   "academy", "online",
    "app",   "link",   "site", "xyz",   "biz", "health",  "care", "club",    "live",
    "life",  "me",     "tv",   "fr",    "nl",  "pl",      "page", "bio",     "blog",
    "coach", "clinic", "fit",  "world", "top", "website", "gl",   "gd",      LIST_END};

static const char *const messengers[] = {
    "whatsapp", "whats app", "telegram", "instagram", "insta",   "tiktok", "tik tok", "snapchat",
    "facebook", "onlyfans",  "discord",  "threema",   "youtube", "kik",    "wechat",  LIST_END};

static const char *const private_message[] = {
    "dm me", "dm for", "pm me", "message me", "send me a message", "send me a private message",
    "send me a dm", "private message", "privately", "write me", "write to me", "email me",
    "e mail me", "mail me", "text me", "call me", "call or text", "contact me", "reach me",
    "reply and i", "ask me how", "ask me about", "message for", "inbox me",
    /* German */
    "pn", "privatnachricht", "schreib mir", "schreibt mir", "schreiben sie mir", "meldet euch",
    "melde dich", "meld dich", "ruft an", "ruft mich", "ruf mich", "privat", "schickt mir",
    "schick mir", "fragt mich", "kontaktiert mich", "antwortet und", "mail an", LIST_END};

static const char *const call_to_action[] = {
    "link in bio", "link in my bio", "in my bio", "link in my profile", "link on my profile",
    "on my profile", "my profile page", "check my", "check out my", "follow me", "follow my",
    "click here", "click the link", "sign up", "register", "book now", "book your", "order now",
    "order yours", "order today", "order it", "order at", "order through", "order here", "order on",
    "buy it", "buy now", "buy before", "get yours", "get it now", "get it here", "get the _ here",
    "grab it", "grab a", "grab yours", "shop now", "join my", "join our", "visit us", "visit my",
    "download", "google _", "search for", "on amazon", "on etsy", "thank me later", "comment to",
    "available on", "available at",
    /* German */
    "link in der bio", "in meiner bio", "in der bio", "meiner bio", "auf meinem profil",
    "auf mein profil", "meinem profil", "meiner profilseite", "mein profil", "folgt mir",
    "folgt meinem", "folge mir", "klick*", "jetzt bestellen", "heute bestellen", "bestellt es",
    "bestellt euch", "bestellbar", "bestellen auf", "bestellen könnt", "bestellen über", "kauft es",
    "kauft euch", "jetzt kaufen", "sofort kaufen", "holt es", "holt euch", "zugreifen",
    "jetzt buchen", "buche jetzt", "jetzt shoppen", "shoppen", "anmeldung", "meldet euch an",
    "tretet", "tritt meiner", "kommt in unsere", "besucht", "schaut auf mein", "schaut mal",
    "schaut auf meinem", "googelt", "sucht auf", "sucht nach", "herunterladen", "gibt es auf",
    "erhältlich", "bei amazon", "auf amazon", "auf etsy", "dankt mir", LIST_END};

static const char *const discount[] = {
    "code", "codes", "coupon*", "voucher*", "discount*", "promo*", "# off", "#% off", "percent off",
    "on sale", "special price", "special offer", "exclusive", "deals", "free shipping",
    "free trial", "free e book", "free ebook", "free call", "free discovery", "free consultation",
    "free webinar", "free sample*", "is free", "for the price of", "half the price",
    "price goes up",
    /* German */
    "rabatt*", "~rabatt", "gutschein*", "im angebot", "angebote", "exklusive*", "exklusives",
    "sonderpreis", "versandkostenfrei", "kostenlose*", "gratis", "zum preis von", "halben preis",
    "der preis _ steigt", LIST_END};

/* Words that make an amount of money a sales pitch when close to it. */
static const char *const price_cues[] = {
    "only",  "just",     "instead", "was",       "now",   "today", "sale",  "each",
    "per",   "cheap*",   "reduced", "nur",       "statt", "heute", "jetzt", "pro",
    "stück", "günstig*", "billig*", "reduziert", "ab",    LIST_END};

static const char *const currencies_after[] = {
    "€",     "$",      "£",     "eur",     "euro", "euros", "dollar", "dollars",
    "pound", "pounds", "pfund", "franken", "chf",  "usd",   "gbp",    LIST_END};

static const char *const praise[] = {
    "best", "amazing", "awesome", "miracle*", "magic", "life changing", "changed my life",
    "changed everything", "game changer", "must have", "worth every", "by far", "nothing else",
    "only one that", "the only one", "the only thing", "the only ones", "incredible", "fantastic",
    "you will love", "love them", "love it", "highly recommend", "can only recommend", "hurry",
    "sell out", "sold out", "in stock", "almost gone", "before the price", "today only", "limited",
    "trust me",
    /* German */
    "beste*", "bestes", "wunder*", "magie", "magisch", "der hammer", "wahnsinn",
    "mein leben verändert", "lebensverändernd", "alles verändert", "unbedingt", "mit abstand",
    "jeden cent", "nichts kommt", "das einzige", "die einzige*", "unglaublich*", "genial",
    "ihr werdet sie lieben", "nur _ empfehlen", "glaubt mir", "vertraut mir", "beeilt",
    "schnell sein", "ausverkauft", "vorrat", "solange", "sofort", "nur heute", "heute nur",
    "bevor der preis", LIST_END};

/* Words after a name that make it a product ("the Lunera set", "Velvia-Kit"). */
static const char *const product_nouns[] = {
    "set",   "sets",   "kit",        "kits",    "dilator", "dilators", "dilatoren", "device",
    "gerät", "cream",  "creme",      "oil",     "öl",      "wand",     "wands",     "cone",
    "app",   "bundle", "starterset", "glasset", "starter", LIST_END};

/* Capitalised words that open a sentence or name a person, never a product. */
static const char *const not_products[] = {
    "the",   "this",   "that",   "my",    "our",   "your",    "a",      "an",
    "i",     "one",    "new",    "old",   "das",   "die",     "der",    "dem",
    "den",   "ein",    "eine",   "einem", "mein",  "meine",   "meinem", "dein",
    "unser", "unsere", "dieses", "diese", "jedes", "starter", LIST_END};

static const char *const guarantees[] = {
    "guarantee*", "money back", "100%", "100 %", "100 percent", "success rate", "clinically proven",
    "doctors do not want", "doctors don't want", "secret", "cures", "cure for good", "for good",
    "instantly", "without any pain",
    /* German */
    "garantie*", "garantiert", "geld zurück", "erfolgsquote", "klinisch getestet", "geheimnis",
    "für immer", "ärzte euch nicht", "sofort entspannt", "heilt", LIST_END};

static const char *const cure_phrases[] = {
    "cured me", "cured my", "has cured", "was cured", "were cured", "cured in", "healed in",
    "healed me", "healed with", "healed #", "heal faster", "start healing", "fixed me",
    "fixed everything", "fixed my", "finally healed", "finally cured",
    /* German */
    "mich geheilt", "war geheilt", "bin geheilt", "geheilt!", "endlich geheilt",
    "schon # frauen geheilt", "frauen geheilt", "in _ geheilt", "schneller heilen", "an zu heilen",
    "für immer geheilt", LIST_END};

static const char *const cure_words[] = {"cured",  "healed",      "cure",     "heal",
                                         "fixed",  "pain free",   "painless", "geheilt",
                                         "heilen", "schmerzfrei", "weg",      LIST_END};

static const char *const time_spans[] = {
    "in # day*",      "in # week*",       "in a week",   "in one week",
    "in two weeks",   "in a fortnight",   "in just",     "after just",
    "within # day*",  "in # tag*",        "in # woche*", "in einer woche",
    "in zwei wochen", "nach zwei wochen", "nach nur",    "in sieben tagen",
    "in drei tagen",  "in 3 tagen",       LIST_END};

static const char *const selling[] = {
    "~coach*", "webinar*", "online course", "my course", "my program", "my 6", "earn from home",
    "from home", "join my team", "my team", "ambassador", "affiliate", "referral", "giveaway",
    "giving away", "i sell", "we sell", "our new", "our kit", "certified", "discovery call",
    "consultation", "one to one", "partner discount",
    /* German */
    "onlinekurs", "mein kurs", "mein programm", "mein # wochen", "von zu hause", "verdiene",
    "mein team", "botschafter*", "empfehlungslink", "partnerrabatt", "verlos*", "verschenke",
    "ich verkaufe", "verkaufe", "wir verkaufen", "unsere neuen", "unser kit", "zertifiziert*",
    "erstgespräch", "einzel*", LIST_END};

/* ---- rules ---------------------------------------------------------------- */

/* A list of phrases: every match is a hit. */
static void list_rule(const struct cscan *s, const char *const *list, struct chits *h)
{
    for (size_t i = 0; list[i]; i++)
        cscan_find_all(s, list[i], h);
}

static bool is_tld_at(const struct cscan *s, size_t i, size_t *end)
{
    for (size_t k = 0; tlds[k]; k++) {
        size_t n = strlen(tlds[k]);
        if (i + n <= s->len && memcmp(s->low + i, tlds[k], n) == 0 &&
            !(i + n < s->len && cscan_word_at(s, i + n))) {
            *end = i + n;
            return true;
        }
    }
    return false;
}

static bool is_brand_domain(const struct cscan *s, size_t a, size_t b,
                            const struct community_context *ctx)
{
    for (size_t k = 0; ctx && k < ctx->nbrands; k++) {
        size_t n = strlen(ctx->brands[k]);
        if (n == b - a && cscan_same_lower(s->low + a, ctx->brands[k], n))
            return true;
    }
    return false;
}

static bool url_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-._/?=&%~+#:()[]", c) ||
           c >= 0x80;
}

/* Web addresses: with a scheme or www., bare ("shop.de/x"), written with
 * "(.)" or "[.]", or spelled out ("lunera dot com"). */
static void rule_link(const struct cscan *s, const struct community_context *ctx, struct chits *h)
{
    static const char *const starts[] = {"http://", "https://", "www.", "ftp://", LIST_END};
    for (size_t k = 0; starts[k]; k++)
        for (size_t i = 0; (i = cscan_find(s, starts[k], i, NULL)) != SIZE_MAX; i++)
            chits_add(h, s, i, cscan_token_end(s, i));
    for (size_t i = 1; i < s->len; i++) {
        size_t dot_len =
            s->low[i] == '.'                                                             ? 1
            : (strncmp(s->low + i, "(.)", 3) == 0 || strncmp(s->low + i, "[.]", 3) == 0) ? 3
                                                                                         : 0;
        if (dot_len == 0)
            continue;
        /* the label before the dot: letters, digits, dashes, with a letter */
        size_t a = i;
        bool letter = false;
        while (a > 0 && ((s->low[a - 1] >= 'a' && s->low[a - 1] <= 'z') ||
                         (s->low[a - 1] >= '0' && s->low[a - 1] <= '9') || s->low[a - 1] == '-' ||
                         s->low[a - 1] == '.' || s->low[a - 1] == '_')) {
            letter |= s->low[a - 1] >= 'a' && s->low[a - 1] <= 'z';
            a--;
        }
        size_t end;
        if (!letter || a == i ||
            (a > 0 && (s->low[a - 1] == '@' || (unsigned char)s->low[a - 1] >= 0x80)) ||
            !is_tld_at(s, i + dot_len, &end))
            continue;
        bool path = end < s->len && s->low[end] == '/';
        if (!path && is_brand_domain(s, a, end, ctx))
            continue; /* "vaginismus.com" as a product line's name */
        size_t b = end;
        while (b < s->len && url_char((unsigned char)s->low[b]) && s->low[b] != ')')
            b++;
        chits_add(h, s, a, b);
        i = b;
    }
    static const char *const spelled[] = {"dot", "punkt", "(dot)", "[dot]", LIST_END};
    for (size_t k = 0; spelled[k]; k++) {
        size_t n = strlen(spelled[k]);
        for (size_t i = 0; (i = cscan_find(s, spelled[k], i, NULL)) != SIZE_MAX; i++) {
            size_t j = i + n, end;
            while (j < s->len && s->low[j] == ' ')
                j++;
            if (j == i + n || !is_tld_at(s, j, &end) || i < 2 || s->low[i - 1] != ' ')
                continue;
            size_t a = i - 1;
            while (a > 0 && cscan_word_at(s, a - 1))
                a--;
            chits_add(h, s, a, end);
        }
    }
}

/* Phone numbers: 8-15 digits in groups split by single spaces, dashes or
 * slashes, starting with + or 0 or holding a group of five or more digits
 * (sizes such as "14 16 18" and dates are left alone). */
static void find_phones(const struct cscan *s, struct chits *h)
{
    for (size_t i = 0; i < s->len; i++) {
        char c = s->low[i];
        if (!(c == '+' || (c >= '0' && c <= '9')) || (i > 0 && cscan_word_at(s, i - 1)))
            continue;
        size_t j = i + (c == '+'), digits = 0, group = 0, longest = 0;
        while (j < s->len) {
            char d = s->low[j];
            if (d >= '0' && d <= '9') {
                digits++;
                group++;
                if (group > longest)
                    longest = group;
                j++;
            } else if ((d == ' ' || d == '-' || d == '/') && j + 1 < s->len &&
                       s->low[j + 1] >= '0' && s->low[j + 1] <= '9' && group > 0) {
                group = 0;
                j++;
            } else {
                break;
            }
        }
        bool lead = c == '+' || c == '0';
        if (digits >= 8 && digits <= 15 && (lead || longest >= 5) &&
            !(j < s->len && cscan_word_at(s, j)))
            chits_add(h, s, i, j);
        i = j;
    }
}

static void rule_contact(const struct cscan *s, struct chits *h)
{
    for (size_t i = 0; i < s->len; i++) {
        if (s->low[i] != '@')
            continue;
        size_t a = i, b = i + 1;
        while (a > 0 && url_char((unsigned char)s->low[a - 1]) && s->low[a - 1] != '(')
            a--;
        while (b < s->len && ((s->low[b] >= 'a' && s->low[b] <= 'z') ||
                              (s->low[b] >= '0' && s->low[b] <= '9') || strchr("._-", s->low[b])))
            b++;
        while (b > i + 1 && (s->low[b - 1] == '.' || s->low[b - 1] == '-'))
            b--;
        if (b >= i + 3) /* an email (name@host) or an @handle */
            chits_add(h, s, a, b);
    }
    find_phones(s, h);
    list_rule(s, messengers, h);
}

/* An amount of money with a selling word at most 40 bytes away. */
static void rule_price(const struct cscan *s, struct chits *h)
{
    for (size_t i = 0; i < s->len; i++) {
        if (!(s->low[i] >= '0' && s->low[i] <= '9') ||
            (i > 0 && cscan_word_at(s, i - 1) && s->low[i - 1] != '$'))
            continue;
        size_t j = i;
        while (j < s->len && ((s->low[j] >= '0' && s->low[j] <= '9') ||
                              ((s->low[j] == '.' || s->low[j] == ',') && j + 1 < s->len &&
                               s->low[j + 1] >= '0' && s->low[j + 1] <= '9')))
            j++;
        size_t a = i, b = 0;
        /* a currency sign before ("$20", "€ 20") */
        static const char *const before[] = {"€", "$", "£", LIST_END};
        for (size_t k = 0; before[k] && b == 0; k++) {
            size_t n = strlen(before[k]), p = i;
            if (p > 0 && s->low[p - 1] == ' ')
                p--;
            if (p >= n && memcmp(s->low + p - n, before[k], n) == 0) {
                a = p - n;
                b = j;
            }
        }
        for (size_t k = 0; currencies_after[k] && b == 0; k++) {
            size_t p = j;
            if (p < s->len && s->low[p] == ' ')
                p++;
            size_t e = cscan_match(s, p, currencies_after[k]);
            if (e)
                b = e;
        }
        if (b == 0) {
            i = j;
            continue;
        }
        size_t from = a > 40 ? a - 40 : 0, to = b + 40 < s->len ? b + 40 : s->len;
        bool cue = false;
        for (size_t k = 0; price_cues[k] && !cue; k++) {
            size_t at = cscan_find(s, price_cues[k], from, NULL);
            cue = at != SIZE_MAX && at < to;
        }
        if (cue)
            chits_add(h, s, a, b);
        i = b;
    }
}

/* Codes: a word of capitals and digits ("CALM20"), or capitals after
 * "code" ("code FMSLOVE"). */
static void find_codes(const struct cscan *s, struct chits *h)
{
    for (size_t i = 0; i < s->len; i++) {
        if (i > 0 && cscan_word_at(s, i - 1))
            continue;
        size_t j = i, upper = 0, digit = 0, other = 0;
        while (j < s->len && cscan_word_at(s, j)) {
            unsigned char c = (unsigned char)s->orig[j];
            upper += c >= 'A' && c <= 'Z';
            digit += c >= '0' && c <= '9';
            other += !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
            j++;
        }
        bool after_code = false;
        if (i >= 5) {
            size_t k = i - 1;
            while (k > 0 && (s->low[k] == ' ' || s->low[k] == ':'))
                k--;
            static const char *const names[] = {"code", "gutschein", "coupon", LIST_END};
            for (size_t n = 0; names[n] && !after_code; n++) {
                size_t len = strlen(names[n]);
                after_code = k + 1 >= len && memcmp(s->low + k + 1 - len, names[n], len) == 0;
            }
        }
        if (other == 0 && upper >= 3 && j - i <= 20 && (digit >= 1 || (after_code && upper >= 4)))
            chits_add(h, s, i, j);
        if (j > i)
            i = j - 1;
    }
}

/* Positions of brand or product names: the given brands, words written
 * in CamelCase ("SoftStep"), and capitalised names right before a product
 * noun that do not open a sentence ("the Lunera set", "Velvia-Kit"). */
static size_t find_brands(const struct cscan *s, const struct community_context *ctx, size_t *at,
                          size_t *end, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; ctx && k < ctx->nbrands; k++) {
        char *p = xstrdup(ctx->brands[k]);
        cscan_lower(p, strlen(p));
        size_t e;
        for (size_t i = 0; n < max && (i = cscan_find_plain(s, p, i, &e)) != SIZE_MAX; i++) {
            at[n] = i;
            end[n++] = e;
        }
        free(p);
    }
    for (size_t i = 0; i < s->len && n < max; i++) {
        if (!cscan_word_at(s, i) || (i > 0 && cscan_word_at(s, i - 1)))
            continue;
        size_t j = i;
        bool camel = false;
        while (j < s->len && cscan_word_at(s, j)) {
            unsigned char c = (unsigned char)s->orig[j];
            if (j > i && c >= 'A' && c <= 'Z' && s->orig[j - 1] >= 'a' && s->orig[j - 1] <= 'z')
                camel = true;
            j++;
        }
        unsigned char first = (unsigned char)s->orig[i];
        bool capital = first >= 'A' && first <= 'Z';
        bool product = false;
        if (capital && j < s->len && (s->low[j] == ' ' || s->low[j] == '-')) {
            for (size_t k = 0; product_nouns[k] && !product; k++)
                product = cscan_match(s, j + 1, product_nouns[k]) != 0;
            /* not the first word of a sentence, and not an article */
            size_t p = i;
            while (p > 0 && s->low[p - 1] == ' ')
                p--;
            if (p == 0 || strchr(".!?:\n", s->low[p - 1]))
                product = false;
            for (size_t k = 0; not_products[k] && product; k++)
                product = cscan_match(s, i, not_products[k]) != j;
        }
        if (camel || product) {
            at[n] = i;
            end[n++] = j;
        }
        i = j;
    }
    return n;
}

static void rule_brand_praise(const struct cscan *s, const struct community_context *ctx,
                              struct chits *h)
{
    enum { MAXB = 32 };
    size_t at[MAXB], end[MAXB];
    size_t nb = find_brands(s, ctx, at, end, MAXB);
    if (nb == 0)
        return;
    for (size_t k = 0; praise[k]; k++) {
        size_t e;
        for (size_t i = 0; (i = cscan_find(s, praise[k], i, &e)) != SIZE_MAX; i++)
            for (size_t b = 0; b < nb; b++) {
                size_t d = at[b] > e ? at[b] - e : i > end[b] ? i - end[b] : 0;
                if (d <= 100) {
                    chits_add(h, s, at[b], end[b]);
                    chits_add(h, s, i, e);
                    break;
                }
            }
    }
}

static void rule_claim(const struct cscan *s, struct chits *h)
{
    list_rule(s, guarantees, h);
    list_rule(s, cure_phrases, h);
    struct chits cure = {0}, span = {0};
    list_rule(s, cure_words, &cure);
    if (cure.count == 0)
        return;
    list_rule(s, time_spans, &span);
    if (span.count > 0) {
        chits_merge(h, &cure);
        chits_merge(h, &span);
    }
}

size_t community_flags(const char *text, const struct community_context *ctx,
                       struct community_flag out[CR_COUNT])
{
    struct cscan s;
    cscan_init(&s, text);
    struct chits h[CR_COUNT];
    memset(h, 0, sizeof h);
    rule_link(&s, ctx, &h[CR_LINK]);
    rule_contact(&s, &h[CR_CONTACT]);
    list_rule(&s, private_message, &h[CR_PRIVATE_MESSAGE]);
    list_rule(&s, call_to_action, &h[CR_CALL_TO_ACTION]);
    list_rule(&s, discount, &h[CR_DISCOUNT]);
    find_codes(&s, &h[CR_DISCOUNT]);
    rule_price(&s, &h[CR_PRICE]);
    rule_brand_praise(&s, ctx, &h[CR_BRAND_PRAISE]);
    rule_claim(&s, &h[CR_CLAIM]);
    list_rule(&s, selling, &h[CR_SELLING]);
    if (ctx && ctx->same_text_accounts > 0) {
        char *folded = community_fold(text);
        if (strlen(folded) >= COMMUNITY_DUPLICATE_MIN) {
            /* the words are the number of other accounts, for the page to say */
            h[CR_DUPLICATE].count = ctx->same_text_accounts;
            h[CR_DUPLICATE].shown = 1;
            snprintf(h[CR_DUPLICATE].w[0], sizeof h[CR_DUPLICATE].w[0], "%d",
                     ctx->same_text_accounts);
        }
        free(folded);
    }
    if (ctx && ctx->new_account && (h[CR_LINK].count || h[CR_CONTACT].count)) {
        chits_merge(&h[CR_NEW_ACCOUNT_LINK], &h[CR_LINK]);
        chits_merge(&h[CR_NEW_ACCOUNT_LINK], &h[CR_CONTACT]);
    }
    size_t n = 0;
    for (int r = 0; r < CR_COUNT; r++)
        if (h[r].count > 0) {
            out[n].rule = (enum community_rule)r;
            if (r == CR_DUPLICATE)
                snprintf(out[n].words, sizeof out[n].words, "%s", h[r].w[0]);
            else
                chits_join(&h[r], out[n].words, sizeof out[n].words);
            n++;
        }
    cscan_free(&s);
    return n;
}
